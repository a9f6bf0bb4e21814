"""What nova-lite-network runs: RPC server, REST API, event sender.

:func:`network_service` returns one oslo.service Service made of three:

* ``rpc``: the RPC service on topic ``network`` (NetworkManager), which
  also keeps the ``nova-lite-network`` Service record and its heartbeats
  and answers ``ping``;
* ``wsgi``: the Neutron v2.0 API on ``[network] listen``:``port`` (``url``
  is where it listens; port 0 picks a free one);
* ``sender``: the outbox sender (network/notifier.py).

The daemon launches the whole; tests start and stop it, or its parts.
"""

from oslo_service import service as o_service

from nova_lite.api import wsgi_server
from nova_lite.network.api import app as network_app
from nova_lite.network import manager
from nova_lite.network import notifier
from nova_lite.network import rpcapi
from nova_lite import service as nl_service

BINARY = 'nova-lite-network'


class NetworkService(o_service.Service):
    def __init__(self, rpc, wsgi, sender):
        super().__init__()
        self.rpc = rpc
        self.wsgi = wsgi
        self.sender = sender
        self.services = [sender, rpc, wsgi]

    @property
    def url(self) -> str:
        """Base URL of the REST API (loopback when listening on all)."""
        host = self.wsgi.host
        if host in ('0.0.0.0', '::', ''):
            host = '127.0.0.1'
        if ':' in host:
            host = '[%s]' % host
        return 'http://%s:%s' % (host, self.wsgi.port)

    def start(self):
        for service in self.services:
            service.start()

    def stop(self, graceful=False):
        # No new requests, then no new RPC, then no more sending (what is
        # left in the outbox goes at the next start).
        for service in reversed(self.services):
            service.stop(graceful)
        super().stop(graceful)

    def wait(self):
        for service in self.services:
            service.wait()
        super().wait()


def network_service(conf, host: str | None = None, port: int | None = None,
                    listen: str | None = None,
                    sender=None) -> NetworkService:
    """The network daemon's services; ``port``/``listen`` override
    ``[network]``, ``sender`` replaces the event sender (tests)."""
    rpc = nl_service.Service(conf, BINARY, rpcapi.TOPIC,
                             manager.NetworkManager(conf), host=host)
    wsgi = wsgi_server.WSGIService(
        network_app.load_app(conf),
        conf.network.listen if listen is None else listen,
        conf.network.port if port is None else port, name=BINARY)
    return NetworkService(rpc, wsgi, sender or notifier.EventSender(conf))
