"""nova-lite-all: every service in one process, ``fake://`` transport and
SQLite unless configured otherwise.  The zero-dependency way to try the API.

The network service runs in it too, on ``[network] port``; unless
configured otherwise the API and computes reach it, and it reaches the
Compute API, with noauth2's admin token on loopback.

Objects use the database directly here (no indirection): one process has one
object class table, and the conductor must reach the DB itself.
"""

from nova_lite import monkey_patch

monkey_patch.patch()

import os  # noqa: E402

from oslo_config import cfg  # noqa: E402

from nova_lite.api import app  # noqa: E402
from nova_lite.api import wsgi_server  # noqa: E402
from nova_lite.cmd import common  # noqa: E402
from nova_lite.conf import ksa  # noqa: E402
from nova_lite.db import migration  # noqa: E402
from nova_lite.network import service as network_service  # noqa: E402
from nova_lite import rpc  # noqa: E402
from nova_lite import service  # noqa: E402

all_opts = [
    cfg.ListOpt('compute_hosts', default=['compute1', 'compute2'],
                help='Host names of the compute services run in-process.'),
    cfg.ListOpt('volume_hosts', default=['volume1'],
                help='Host names of the volume services run in-process.'),
    cfg.StrOpt('transport_url', default='fake://',
               help='Transport of the in-process services; fake:// needs '
                    'no broker.'),
]


def main():
    from nova_lite import conf as nl_conf
    conf = nl_conf.CONF
    conf.register_opts(all_opts, group='all_in_one')
    nl_conf.register_all(conf)
    state = os.path.expanduser('~/.nova_lite')
    os.makedirs(state, exist_ok=True)
    conf.set_default('state_path', state)
    conf.set_default('connection', 'sqlite:///%s/nova_lite.sqlite' % state,
                     group='database')
    _loopback_auth_defaults(conf)
    conf = common.setup('nova-lite-all', with_rpc=False)
    rpc.init(conf, url=conf.all_in_one.transport_url)
    migration.db_sync()
    services = [network_service.network_service(conf),
                service.conductor_service(conf),
                service.scheduler_service(conf)]
    services += [service.compute_service(conf, host=host)
                 for host in conf.all_in_one.compute_hosts]
    services += [service.volume_service(conf, host=host)
                 for host in conf.all_in_one.volume_hosts]
    services.append(wsgi_server.WSGIService(app.load_app(), conf.api.listen,
                                            conf.api.port))
    common.launch(services, conf)


def _loopback_auth_defaults(conf):
    """[neutron] and [nova] default to each other on 127.0.0.1."""
    ksa.admin_token(conf, 'neutron', 'http://127.0.0.1:%d' %
                    conf.network.port)
    ksa.admin_token(conf, 'nova', 'http://127.0.0.1:%d/v2.1' %
                    conf.api.port)
