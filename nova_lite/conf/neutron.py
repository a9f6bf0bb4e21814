"""[neutron] options: how Nova-side services reach the network service.

The API (to validate requested networks and ports) and the computes (to
create, bind and unbind ports) talk to ``nova-lite-network`` over its
Neutron v2.0 REST API through a keystoneauth1 session built from this
group.  Without Keystone (noauth2)::

    [neutron]
    auth_type = admin_token
    endpoint = http://127.0.0.1:9696
    token = admin:admin

keystoneauth's ``admin_token`` plugin sends the token as is and returns its
``endpoint`` for every service.  With Keystone, ``auth_type = password`` and
the catalog's ``network`` endpoint (``service_type`` below).
"""

from keystoneauth1 import loading as ks_loading
from oslo_config import cfg

neutron_group = cfg.OptGroup('neutron', title='Network service client',
                             help='How nova_lite reaches the network '
                                  'service (a Neutron v2.0 subset).')


def register_opts(conf):
    conf.register_group(neutron_group)
    ks_loading.register_session_conf_options(conf, neutron_group.name)
    ks_loading.register_auth_conf_options(conf, neutron_group.name)
    ks_loading.register_adapter_conf_options(
        conf, neutron_group.name,
        include_deprecated=False)
    conf.set_default('service_type', 'network', group=neutron_group.name)
    conf.set_default('valid_interfaces', ['internal', 'public'],
                     group=neutron_group.name)
    # Ride over a restart of the network service (0.5 + 1 + 2 s).
    conf.set_default('connect_retries', 3, group=neutron_group.name)


def list_opts():
    return {neutron_group: (
        ks_loading.get_session_conf_options() +
        ks_loading.get_auth_common_conf_options() +
        ks_loading.get_auth_plugin_conf_options('admin_token') +
        ks_loading.get_auth_plugin_conf_options('password') +
        ks_loading.get_adapter_conf_options(include_deprecated=False))}
