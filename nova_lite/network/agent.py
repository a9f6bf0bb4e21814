"""The host side of the network: reports VIFs up and down.

A virt driver tells the agent when it has plugged or unplugged a guest's
VIF; the agent casts ``update_device_up`` / ``update_device_down`` to the
network service (topic ``network``), which flips the port's status and
sends ``network-vif-plugged`` / ``-unplugged`` to the Compute API.  This
is the part Neutron's L2 agent plays.  The fake driver reports after
``[fake_driver] vif_plug_delay``, as a real agent notices a tap device
late; a real driver reports when its tap device exists.
"""

from oslo_log import log as logging

from nova_lite import context as nl_context
from nova_lite.network import rpcapi as network_rpcapi

LOG = logging.getLogger(__name__)


class NetworkAgent:
    def __init__(self, conf, host):
        self.host = host
        self.rpcapi = network_rpcapi.NetworkAPI(conf)

    def device_up(self, port_id):
        LOG.debug('VIF %s plugged on %s', port_id, self.host)
        self.rpcapi.update_device_up(nl_context.get_admin_context(),
                                     port_id, self.host)

    def device_down(self, port_id):
        LOG.debug('VIF %s unplugged on %s', port_id, self.host)
        self.rpcapi.update_device_down(nl_context.get_admin_context(),
                                       port_id, self.host)
