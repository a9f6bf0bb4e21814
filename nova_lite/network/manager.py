"""Network RPC endpoint: thin.  Port status rules live in network/status.py.
"""

from oslo_log import log as logging
import oslo_messaging as messaging

from nova_lite import manager
from nova_lite.network import status

LOG = logging.getLogger(__name__)

RPC_API_VERSION = '1.0'


class NetworkManager(manager.Manager):
    target = messaging.Target(version=RPC_API_VERSION)

    def update_device_up(self, context, port_id, host):
        status.device_up(context, port_id, host)

    def update_device_down(self, context, port_id, host):
        status.device_down(context, port_id, host)
