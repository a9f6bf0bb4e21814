"""nova-lite-compute: runs instances on this host.  No database access:
objects go through the conductor, and any direct DB use raises
DBNotAllowed."""

from nova_lite import monkey_patch

monkey_patch.patch()

import time  # noqa: E402

from oslo_log import log as logging  # noqa: E402
import oslo_messaging as messaging  # noqa: E402

from nova_lite import baserpc  # noqa: E402
from nova_lite.cmd import common  # noqa: E402
from nova_lite.conductor import rpcapi as conductor_rpcapi  # noqa: E402
from nova_lite import context as nl_context  # noqa: E402
from nova_lite.db import api as db_api  # noqa: E402
from nova_lite.objects import base as objects_base  # noqa: E402
from nova_lite import service  # noqa: E402

LOG = logging.getLogger(__name__)
BINARY = 'nova-lite-compute'


def use_conductor(conf):
    """Send every remotable object call to the conductor; poison the DB."""
    db_api.disable(BINARY)
    objects_base.NovaLiteObject.indirection_api = \
        conductor_rpcapi.ConductorAPI(conf)


def wait_for_conductor(conf):
    ping = baserpc.BaseAPI(conf, conductor_rpcapi.TOPIC)
    context = nl_context.get_admin_context()
    while True:
        try:
            ping.ping(context, 'compute-start', timeout=10)
            return
        except messaging.MessagingTimeout:
            LOG.warning('Waiting for a conductor to answer on topic %s',
                        conductor_rpcapi.TOPIC)
            time.sleep(1)


def main():
    conf = common.setup(BINARY)
    use_conductor(conf)
    wait_for_conductor(conf)
    common.launch([service.compute_service(conf)], conf)
