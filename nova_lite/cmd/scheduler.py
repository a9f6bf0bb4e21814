"""nova-lite-scheduler: picks hosts for instances."""

from nova_lite import monkey_patch

monkey_patch.patch()

from nova_lite.cmd import common  # noqa: E402
from nova_lite.scheduler import manager  # noqa: E402
from nova_lite.scheduler import rpcapi  # noqa: E402
from nova_lite import service  # noqa: E402


def build(conf, host=None):
    return service.Service(conf, 'nova-lite-scheduler', rpcapi.TOPIC,
                           manager.SchedulerManager(conf), host=host)


def main():
    conf = common.setup('nova-lite-scheduler')
    common.launch([build(conf)], conf)
