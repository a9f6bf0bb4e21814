"""nova-lite-conductor: object indirection and build orchestration."""

from nova_lite import monkey_patch

monkey_patch.patch()

from nova_lite.cmd import common  # noqa: E402
from nova_lite import service  # noqa: E402


def main():
    conf = common.setup('nova-lite-conductor')
    common.launch([service.conductor_service(conf)], conf,
                  workers=common.worker_count(conf.conductor.workers))
