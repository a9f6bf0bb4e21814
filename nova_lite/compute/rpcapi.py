"""Client of the compute RPC API (topic ``compute``, server = host)."""

import oslo_messaging as messaging

from nova_lite import rpc

TOPIC = 'compute'
RPC_API_VERSION = '1.0'


class ComputeAPI:
    # Version 1.0: build_and_run_instance, terminate_instance

    def __init__(self, conf):
        target = messaging.Target(topic=TOPIC, version=RPC_API_VERSION)
        self.client = rpc.get_client(target,
                                     rpc.version_cap(conf, 'compute'))

    def build_and_run_instance(self, context, instance, host, node,
                               request_spec):
        cctxt = self.client.prepare(server=host, version='1.0')
        cctxt.cast(context, 'build_and_run_instance', instance=instance,
                   node=node, request_spec=request_spec)

    def terminate_instance(self, context, instance):
        cctxt = self.client.prepare(server=instance.host, version='1.0')
        cctxt.cast(context, 'terminate_instance', instance=instance)
