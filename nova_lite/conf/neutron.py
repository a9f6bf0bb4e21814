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

from oslo_config import cfg

from nova_lite.conf import ksa

neutron_group = cfg.OptGroup('neutron', title='Network service client',
                             help='How nova_lite reaches the network '
                                  'service (a Neutron v2.0 subset).')


_DEFAULTS = {'service_type': 'network',
             'valid_interfaces': ['internal', 'public'],
             # Ride over a restart of the network service (0.5 + 1 + 2 s).
             'connect_retries': 3}


def register_opts(conf):
    conf.register_group(neutron_group)
    ksa.register(conf, neutron_group.name, **_DEFAULTS)


def list_opts():
    return {neutron_group: ksa.sample_opts(**_DEFAULTS)}
