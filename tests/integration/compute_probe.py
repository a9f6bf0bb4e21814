"""Run as a compute process would (same config files, same start-up calls)
and report, as JSON, what a direct DB call and a remotable call do.

Usage: compute_probe.py --config-file A --config-file B
"""

import json
import sys

from nova_lite import monkey_patch

monkey_patch.patch()

from nova_lite.cmd import common  # noqa: E402
from nova_lite.cmd import compute  # noqa: E402
from nova_lite import context as nl_context  # noqa: E402
from nova_lite.db import api as db_api  # noqa: E402
from nova_lite import exception  # noqa: E402
from nova_lite.objects import service as service_obj  # noqa: E402


def main():
    conf = common.setup('compute-probe', sys.argv[1:])
    compute.use_conductor(conf)
    report = {'connection': conf.database.connection}
    try:
        db_api.get_engine()
        report['direct'] = 'allowed'
    except exception.DBNotAllowed as exc:
        report['direct'] = 'DBNotAllowed: %s' % exc
    context = nl_context.get_admin_context()
    services = service_obj.ServiceList.get_all(context)
    report['remotable'] = sorted('%s/%s' % (s.host, s.binary)
                                 for s in services)
    print(json.dumps(report))


if __name__ == '__main__':
    main()
