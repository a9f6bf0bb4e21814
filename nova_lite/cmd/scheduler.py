"""nova-lite-scheduler: picks hosts for instances."""

from nova_lite import monkey_patch

monkey_patch.patch()

from nova_lite.cmd import common  # noqa: E402
from nova_lite import service  # noqa: E402


def main():
    conf = common.setup('nova-lite-scheduler')
    common.launch([service.scheduler_service(conf)], conf)
