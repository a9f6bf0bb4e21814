"""Entry point of oslo-config-generator (namespace ``nova_lite``)."""

import collections

from nova_lite.conf import _MODULES


def list_opts():
    grouped = collections.defaultdict(list)
    for module in _MODULES:
        if module.__name__.endswith('.database'):
            continue  # the generator takes these from the oslo.db namespace
        for group, opts in module.list_opts().items():
            grouped[group].extend(opts)
    return [(group, opts) for group, opts in grouped.items()]
