"""Host weighers: each scores hosts; scores are normalised to [0, 1],
multiplied by the weigher's multiplier and summed.  Highest total wins;
hosts of equal total come in random order, so identical hosts share load.
"""

import random

from nova_lite.scheduler.weights import cpu
from nova_lite.scheduler.weights import disk
from nova_lite.scheduler.weights import num_instances
from nova_lite.scheduler.weights import ram


def load(conf):
    weighers = [ram.RAMWeigher(conf), cpu.CPUWeigher(conf),
                disk.DiskWeigher(conf),
                num_instances.NumInstancesWeigher(conf)]
    return [w for w in weighers if w.multiplier]


def _normalise(values):
    low, high = min(values), max(values)
    if high == low:
        return [0.0 for _ in values]
    return [(v - low) / (high - low) for v in values]


def weigh(weighers, hosts, spec_obj):
    """``[(total, host), ...]`` best first."""
    totals = [0.0] * len(hosts)
    for weigher in weighers:
        raw = [weigher.weigh(host, spec_obj) for host in hosts]
        for i, value in enumerate(_normalise(raw)):
            totals[i] += value * weigher.multiplier
    order = list(range(len(hosts)))
    random.shuffle(order)
    order.sort(key=lambda i: totals[i], reverse=True)  # stable: ties random
    return [(totals[i], hosts[i]) for i in order]
