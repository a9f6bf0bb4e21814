"""Client of the network RPC API (topic ``network``): hosts report VIFs.

Casts go to the topic without a server: any nova-lite-network consumes
them (they all share one database).
"""

import oslo_messaging as messaging

from nova_lite import rpc

TOPIC = 'network'
RPC_API_VERSION = '1.0'


class NetworkAPI:
    # Version 1.0: update_device_up, update_device_down

    def __init__(self, conf):
        target = messaging.Target(topic=TOPIC, version=RPC_API_VERSION)
        self.client = rpc.get_client(target,
                                     rpc.version_cap(conf, 'network'))

    def update_device_up(self, context, port_id: str, host: str) -> None:
        """Cast: ``host`` has plugged the VIF of ``port_id``."""
        cctxt = self.client.prepare(version='1.0')
        cctxt.cast(context, 'update_device_up', port_id=port_id, host=host)

    def update_device_down(self, context, port_id: str,
                           host: str) -> None:
        """Cast: ``host`` has unplugged the VIF of ``port_id``."""
        cctxt = self.client.prepare(version='1.0')
        cctxt.cast(context, 'update_device_down', port_id=port_id,
                   host=host)
