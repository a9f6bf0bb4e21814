"""nova-lite-volume: keeps this host's volumes (files).  No database
access: objects go through the conductor, as on a compute."""

from nova_lite import monkey_patch

monkey_patch.patch()

from nova_lite.cmd import common  # noqa: E402
from nova_lite.cmd import compute  # noqa: E402
from nova_lite.conductor import rpcapi as conductor_rpcapi  # noqa: E402
from nova_lite.db import api as db_api  # noqa: E402
from nova_lite.objects import base as objects_base  # noqa: E402
from nova_lite import service  # noqa: E402

BINARY = 'nova-lite-volume'


def main():
    conf = common.setup(BINARY)
    db_api.disable(BINARY)
    objects_base.NovaLiteObject.indirection_api = \
        conductor_rpcapi.ConductorAPI(conf)
    compute.wait_for_conductor(conf)
    common.launch([service.volume_service(conf)], conf)
