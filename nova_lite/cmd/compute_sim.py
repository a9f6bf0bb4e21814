"""nova-lite-compute-sim: many fake compute hosts in one process.

Each simulated host is a full compute service as ``nova-lite-compute``
runs it (its own Service record and heartbeats, resource tracker, fake
driver, RPC server on ``compute.<host>``, periodic tasks); they share the
process, its transport and the conductor indirection.  100-1,000 hosts fit
on a 2-core machine, so scheduling and heartbeat load can be studied at a
scale that separate processes cannot reach.

    nova-lite-compute-sim --config-file nova_lite-compute.conf --sim-hosts 200

Hosts are named ``<host_prefix><n>`` (``fake0001``...); devstack starts
this instead of separate computes when ``FAKE_COMPUTES=N``.
"""

from nova_lite import monkey_patch

monkey_patch.patch()

import concurrent.futures  # noqa: E402

from oslo_config import cfg  # noqa: E402
from oslo_log import log as logging  # noqa: E402
from oslo_service import service as o_service  # noqa: E402

from nova_lite.cmd import common  # noqa: E402
from nova_lite.cmd import compute as compute_cmd  # noqa: E402
from nova_lite import service  # noqa: E402

LOG = logging.getLogger(__name__)

sim_opts = [
    cfg.IntOpt('sim-hosts', default=10, min=1,
               help='Simulated compute hosts to run.'),
    cfg.StrOpt('sim-host-prefix', default='fake',
               help='Host names are <prefix><4-digit number>.'),
    cfg.IntOpt('sim-first', default=1, min=0,
               help='Number of the first host (several simulators side '
                    'by side use disjoint ranges).'),
    cfg.IntOpt('sim-start-concurrency', default=8, min=1,
               help='Hosts started at once (each start registers with the '
                    'conductor and reports its resources).'),
]


def host_names(count, prefix='fake', first=1):
    return ['%s%04d' % (prefix, n) for n in range(first, first + count)]


class ComputeSimulator(o_service.Service):
    """One service that starts and stops many compute services."""

    def __init__(self, conf, hosts, start_concurrency=8):
        super().__init__()
        self.conf = conf
        self.hosts = list(hosts)
        self.start_concurrency = start_concurrency
        self.services = []

    def _start_one(self, host):
        svc = service.compute_service(self.conf, host=host)
        svc.start()
        return svc

    def start(self):
        with concurrent.futures.ThreadPoolExecutor(
                self.start_concurrency) as pool:
            for svc in pool.map(self._start_one, self.hosts):
                self.services.append(svc)
        LOG.info('compute simulator: %d hosts running (%s .. %s)',
                 len(self.services), self.hosts[0], self.hosts[-1])

    def stop(self, graceful=False):
        for svc in self.services:
            svc.stop_consuming()
        for svc in self.services:
            try:
                svc.stop(graceful)
            except Exception:
                LOG.exception('stopping simulated host %s failed', svc.host)
        self.services = []
        super().stop(graceful)

    def wait(self):
        for svc in self.services:
            svc.wait()
        super().wait()


def main():
    conf = common.CONF
    conf.register_cli_opts(sim_opts)
    conf = common.setup(compute_cmd.BINARY)
    compute_cmd.use_conductor(conf)
    compute_cmd.wait_for_conductor(conf)
    hosts = host_names(conf.sim_hosts, conf.sim_host_prefix, conf.sim_first)
    common.launch([ComputeSimulator(conf, hosts,
                                    conf.sim_start_concurrency)], conf)
