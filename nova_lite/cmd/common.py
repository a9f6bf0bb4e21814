"""What every entry point does after patching: config, logging, objects,
RPC."""

import sys

from oslo_log import log as logging

from nova_lite import conf as nl_conf
from nova_lite import objects
from nova_lite import rpc
from nova_lite import version

CONF = nl_conf.CONF


def setup(binary, argv=None, with_rpc=True):
    nl_conf.register_all(CONF)
    logging.register_options(CONF)
    CONF(argv if argv is not None else sys.argv[1:], project='nova_lite',
         prog=binary, version=version.VERSION)
    logging.setup(CONF, 'nova_lite')
    objects.register_all()
    if with_rpc:
        rpc.init(CONF)
    return CONF


def launch(services, conf, workers=1):
    """Run ``services`` in this process, or with ``workers`` > 1 in that
    many forked worker processes under a supervisor (this process)."""
    from oslo_service import service as o_service
    if workers > 1:
        launcher = o_service.ProcessLauncher(conf, restart_method='mutate',
                                             wait_interval=1.0)
    else:
        launcher = o_service.ServiceLauncher(conf, restart_method='mutate')
    for service in services:
        launcher.launch_service(service, workers=workers)
    launcher.wait()


def worker_count(configured):
    """``configured``, or the number of CPUs when it is unset."""
    if configured:
        return configured
    from oslo_concurrency import processutils
    return processutils.get_worker_count()
