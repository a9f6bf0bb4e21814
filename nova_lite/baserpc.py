"""The base RPC API every service serves: ``ping`` (namespace ``baseapi``)."""

import oslo_messaging as messaging

from nova_lite import rpc

RPC_API_VERSION = '1.0'
NAMESPACE = 'baseapi'


class BaseAPI:
    """Client side: ``ping`` a service by topic (and server)."""

    def __init__(self, conf, topic):
        target = messaging.Target(topic=topic, namespace=NAMESPACE,
                                  version=RPC_API_VERSION)
        self.client = rpc.get_client(target,
                                     rpc.version_cap(conf, 'baseapi'))

    def ping(self, context, arg, server=None, timeout=None):
        cctxt = self.client.prepare(server=server, timeout=timeout)
        return cctxt.call(context, 'ping', arg=arg)


class BaseRPCEndpoint:
    """Server side, added to the endpoints of every service."""

    target = messaging.Target(namespace=NAMESPACE, version=RPC_API_VERSION)

    def __init__(self, binary, host):
        self.binary = binary
        self.host = host

    def ping(self, context, arg):
        return {'service': self.binary, 'host': self.host, 'arg': arg}
