"""nova-lite-api: the REST API (compute under /v2.1, image under /image)."""

from nova_lite import monkey_patch

monkey_patch.patch()

from nova_lite.api import app  # noqa: E402
from nova_lite.api import wsgi_server  # noqa: E402
from nova_lite.cmd import common  # noqa: E402


def main():
    conf = common.setup('nova-lite-api')
    server = wsgi_server.WSGIService(app.load_app(), conf.api.listen,
                                     conf.api.port)
    common.launch([server], conf)
