"""keystoneauth client options, for the groups a service reaches another
service with (``[neutron]``, ``[nova]``): one way to register them, list
them in the sample, load an adapter from them, and point them at
noauth2's admin token."""

import copy

from keystoneauth1 import loading as ks_loading

# The auth plugins deployments use: admin_token (noauth2), password.
_PLUGINS = ('admin_token', 'password')


def register(conf, group, **defaults):
    """Session, auth and adapter options on ``group``, with ``defaults``
    (e.g. ``service_type``) for the adapter and session options."""
    ks_loading.register_session_conf_options(conf, group)
    ks_loading.register_auth_conf_options(conf, group)
    ks_loading.register_adapter_conf_options(conf, group,
                                             include_deprecated=False)
    for name, value in defaults.items():
        conf.set_default(name, value, group=group)


def sample_opts(**defaults):
    """The same options as the sample config lists them, defaults set."""
    opts = copy.deepcopy(
        ks_loading.get_session_conf_options() +
        ks_loading.get_auth_common_conf_options() +
        [o for p in _PLUGINS
         for o in ks_loading.get_auth_plugin_conf_options(p)] +
        ks_loading.get_adapter_conf_options(include_deprecated=False))
    for opt in opts:
        if opt.dest in defaults:
            opt.default = defaults[opt.dest]
    return opts


def load_adapter(conf, group):
    """A keystoneauth Adapter (session + auth) from ``group``."""
    auth = ks_loading.load_auth_from_conf_options(conf, group)
    session = ks_loading.load_session_from_conf_options(conf, group,
                                                        auth=auth)
    return ks_loading.load_adapter_from_conf_options(
        conf, group, session=session, auth=auth)


def admin_token(conf, group, endpoint, override=False):
    """``group`` authenticates with noauth2's admin token at ``endpoint``
    (keystoneauth's admin_token plugin returns it for every service)."""
    conf.register_opts(ks_loading.get_auth_plugin_conf_options(
        'admin_token'), group=group)
    put = conf.set_override if override else conf.set_default
    for name, value in (('auth_type', 'admin_token'), ('endpoint', endpoint),
                        ('token', 'admin:admin')):
        put(name, value, group=group)
