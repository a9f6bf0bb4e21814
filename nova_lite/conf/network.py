"""[network] options (nova-lite-network) and [nova] (its Compute API
credentials, for the port events it sends).

``[nova]`` is keystoneauth's standard set: auth plugin, session and
adapter options, so the daemon finds the Compute API in the Keystone
catalog like Neutron does.  Without Keystone (noauth2)::

    [nova]
    auth_type = admin_token
    endpoint = http://127.0.0.1:8774/v2.1
    token = admin:admin

(keystoneauth's ``admin_token`` plugin answers its ``endpoint`` for any
service and sends ``token`` as X-Auth-Token).
"""

from oslo_config import cfg

from nova_lite.conf import ksa
from nova_lite.conf import upgrade_levels

NOVA_GROUP = 'nova'
DEFAULT_SERVICE_TYPE = 'compute'

network_group = cfg.OptGroup('network', title='Network service options',
                             help='Options of nova-lite-network, the '
                                  'Neutron v2.0 subset.')

nova_group = cfg.OptGroup(NOVA_GROUP, title='Compute API credentials',
                          help="""
How nova-lite-network reaches the Compute API to post port events
(``POST /os-server-external-events``, admin only).  keystoneauth options:
``auth_type`` picks the plugin.  With Keystone: ``password`` and the
catalog's ``compute`` endpoint.  Under noauth2: ``auth_type = admin_token``,
``endpoint = http://127.0.0.1:8774/v2.1``, ``token = admin:admin`` (the
plugin answers its endpoint for any service).
""")

network_opts = [
    cfg.HostAddressOpt('listen', default='0.0.0.0',
                       help='Address the Network API listens on.'),
    cfg.PortOpt('port', default=9696,
                help='TCP port of the Network API (9696, as Neutron).'),
    cfg.FloatOpt('send_events_interval',
                 default=0.2, min=0.01,
                 help="""
Seconds the event sender waits between two batches of port events
(``network-vif-plugged`` and friends) to the Compute API.

Lower than Neutron's 2 s on purpose: a booting server waits, paused, for
its ``network-vif-plugged`` event, so every second of batching is a second
of boot time; 0.2 s still gathers the ports of a burst into one request.

Related options:

* ``send_events_batch_size``, ``send_events_max_backoff``
"""),
    cfg.IntOpt('send_events_batch_size',
               default=100, min=1,
               help='Most events posted to the Compute API in one request; '
                    'a full batch is followed by the next at once.'),
    cfg.FloatOpt('send_events_max_backoff',
                 default=10.0, min=0.5,
                 help="""
Longest wait, in seconds, between two attempts when the Compute API is
unreachable or answers an error worth retrying (5xx, 401, 403, timeout).
The wait starts at 0.5 s and doubles up to this value; events stay in the
database outbox meanwhile, so none is lost.

Related options:

* ``send_events_interval``
"""),
]

upgrade_opts = [
    cfg.StrOpt('network', help='Version cap of the network RPC API.'),
]


def register_opts(conf):
    conf.register_group(network_group)
    conf.register_opts(network_opts, group=network_group)
    # The network cap sits with the other caps, declared here with the
    # network options.
    conf.register_opts(upgrade_opts, group=upgrade_levels.upgrade_group.name)
    conf.register_group(nova_group)
    ksa.register(conf, NOVA_GROUP, service_type=DEFAULT_SERVICE_TYPE)


def list_opts():
    return {network_group: network_opts,
            upgrade_levels.upgrade_group: upgrade_opts,
            nova_group: ksa.sample_opts(service_type=DEFAULT_SERVICE_TYPE)}
