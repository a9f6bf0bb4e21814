"""A small threaded WSGI server (stdlib), green once monkey-patched.

Kept deliberately plain: ``wsgiref`` with a thread per connection.  The
daemon runs it as an oslo.service Service so the launcher handles signals.
"""

import socketserver
from wsgiref import simple_server

from oslo_log import log as logging
from oslo_service import service as o_service

from nova_lite import utils

LOG = logging.getLogger(__name__)


class _Handler(simple_server.WSGIRequestHandler):
    def log_message(self, fmt, *args):
        LOG.info('%s "%s"', self.client_address[0], fmt % args)

    def get_stderr(self):
        return _LogStream()


class _LogStream:
    def write(self, text):
        if text.strip():
            LOG.error(text.rstrip())

    def flush(self):
        pass


class _Server(socketserver.ThreadingMixIn, simple_server.WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


class WSGIService(o_service.Service):
    def __init__(self, app, host, port, name='nova-lite-api'):
        super().__init__()
        self.name = name
        self.server = simple_server.make_server(
            host, port, app, server_class=_Server, handler_class=_Handler)
        self.host, self.port = self.server.server_address[:2]
        self._thread = None

    def start(self):
        self._thread = utils.spawn(self.server.serve_forever,
                                   poll_interval=0.1)
        LOG.info('%s listening on http://%s:%s', self.name, self.host,
                 self.port)

    def stop(self, graceful=False):
        self.server.shutdown()
        self.server.server_close()
        super().stop(graceful)

    def wait(self):
        if self._thread is not None:
            self._thread.join()
        super().wait()
