"""The host side of the network: reports VIFs up and down.

A virt driver tells the agent when it has plugged or unplugged a guest's
VIF; the agent casts ``update_device_up`` / ``update_device_down`` to the
network service (topic ``network``), which flips the port's status and
sends ``network-vif-plugged`` / ``-unplugged`` to the Compute API.  This
is the part Neutron's L2 agent plays.  The fake driver reports after
``[fake_driver] vif_plug_delay``, as a real agent notices a tap device
late.  With the libvirt driver the agent sees for itself: the driver
names the ports it plugged (:meth:`NetworkAgent.watch`) and a poller
reports each one up once its tap is enslaved to a bridge
(``/sys/class/net/<bridge>/brif``, or ``ip link`` in libvirtd's network
namespace), as Neutron's Linux bridge agent does.
"""

import threading
import time

from oslo_log import log as logging

from nova_lite import context as nl_context
from nova_lite.network import linux_net
from nova_lite.network import rpcapi as network_rpcapi
from nova_lite import utils

LOG = logging.getLogger(__name__)


class NetworkAgent:
    def __init__(self, conf, host):
        self.conf = conf
        self.host = host
        self.rpcapi = network_rpcapi.NetworkAPI(conf)
        self._watched = set()
        self._lock = threading.Lock()
        self._polling = False

    def watch(self, port_ids):
        """Report these ports up when their taps appear on a bridge
        (nothing when ``[libvirt] report_vifs`` is off: a dead agent)."""
        if not self.conf.libvirt.report_vifs or not port_ids:
            return
        with self._lock:
            self._watched.update(port_ids)
            if self._polling:
                return
            self._polling = True
        utils.spawn(self._poll)

    def unwatch(self, port_ids):
        with self._lock:
            self._watched.difference_update(port_ids)

    def _poll(self):
        """Runs while ports are watched; one look per poll interval."""
        opts = self.conf.libvirt
        while True:
            with self._lock:
                if not self._watched:
                    self._polling = False
                    return
                watched = set(self._watched)
            try:
                taps = {tap for members in linux_net.bridge_ports(
                    opts.netns, opts.bridge_prefix).values()
                    for tap in members}
            except Exception:
                LOG.exception('Could not list the bridges\' taps')
                taps = set()
            for port_id in watched:
                if linux_net.tap_name(port_id) in taps:
                    self.unwatch([port_id])
                    try:
                        self.device_up(port_id)
                    except Exception:
                        LOG.exception('Reporting VIF %s up failed', port_id)
            time.sleep(opts.tap_poll_interval)

    def device_up(self, port_id):
        LOG.debug('VIF %s plugged on %s', port_id, self.host)
        self.rpcapi.update_device_up(nl_context.get_admin_context(),
                                     port_id, self.host)

    def device_down(self, port_id):
        LOG.debug('VIF %s unplugged on %s', port_id, self.host)
        self.rpcapi.update_device_down(nl_context.get_admin_context(),
                                       port_id, self.host)
