#!/usr/bin/env python3
"""nova-lite-bench without installing nova_lite: see nova_lite/bench/cli.py.

    python tools/bench/nova_lite_bench.py boot -k 200 -c 20 --os-cloud X
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))

from nova_lite.bench import cli  # noqa: E402

if __name__ == '__main__':
    cli.main()
