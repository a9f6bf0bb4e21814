"""Client of the volume scheduler (topic ``scheduler``, namespace
``volume_scheduler``)."""

import oslo_messaging as messaging

from nova_lite import rpc

TOPIC = 'scheduler'
NAMESPACE = 'volume_scheduler'
RPC_API_VERSION = '1.0'


class VolumeSchedulerAPI:
    # Version 1.0: create_volume

    def __init__(self, conf):
        target = messaging.Target(topic=TOPIC, namespace=NAMESPACE,
                                  version=RPC_API_VERSION)
        self.client = rpc.get_client(target,
                                     rpc.version_cap(conf, 'scheduler'))

    def create_volume(self, context, volume, request_spec):
        """Cast: pick a volume host for ``volume`` and cast the create
        there; a volume nobody can take goes to ``error``."""
        cctxt = self.client.prepare(version='1.0')
        cctxt.cast(context, 'create_volume', volume=volume,
                   request_spec=request_spec)
