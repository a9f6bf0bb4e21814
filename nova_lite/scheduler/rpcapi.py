"""Client of the scheduler RPC API (topic ``scheduler``)."""

import oslo_messaging as messaging

from nova_lite import rpc

TOPIC = 'scheduler'
RPC_API_VERSION = '1.0'


class SchedulerAPI:
    # Version 1.0: select_destinations

    def __init__(self, conf):
        target = messaging.Target(topic=TOPIC, version=RPC_API_VERSION)
        self.client = rpc.get_client(target,
                                     rpc.version_cap(conf, 'scheduler'))

    def select_destinations(self, context, spec_obj, instance_uuids):
        """Call: one ``{'host', 'nodename'}`` per instance, or NoValidHost."""
        cctxt = self.client.prepare(version='1.0')
        return cctxt.call(context, 'select_destinations', spec_obj=spec_obj,
                          instance_uuids=instance_uuids)
