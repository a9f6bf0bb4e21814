"""nova-lite-network: the Neutron v2.0 subset (REST on 9696), port status
over RPC (topic ``network``), and port events to the Compute API.  Has
database access (its own tables)."""

from nova_lite import monkey_patch

monkey_patch.patch()

from nova_lite.cmd import common  # noqa: E402
from nova_lite.network import service  # noqa: E402


def main():
    conf = common.setup(service.BINARY)
    common.launch([service.network_service(conf)], conf)
