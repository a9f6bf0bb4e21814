"""nova-lite-conductor: object indirection and build orchestration."""

from nova_lite import monkey_patch

monkey_patch.patch()

from nova_lite.cmd import common  # noqa: E402
from nova_lite.conductor import manager  # noqa: E402
from nova_lite.conductor import rpcapi  # noqa: E402
from nova_lite import service  # noqa: E402


def build(conf, host=None):
    return service.Service(
        conf, 'nova-lite-conductor', rpcapi.TOPIC,
        manager.ConductorManager(conf), host=host,
        extra_endpoints=[manager.ComputeTaskManager(conf)])


def main():
    conf = common.setup('nova-lite-conductor')
    common.launch([build(conf)], conf)
