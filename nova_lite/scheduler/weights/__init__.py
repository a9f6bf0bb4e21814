"""Host weighers: each scores hosts; scores are normalised to [0, 1],
multiplied by the weigher's multiplier and summed.  Highest total wins;
hosts of equal total come in random order, so identical hosts share load.
"""

import heapq
import operator
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


def _totals(weighers, hosts, spec_obj):
    totals = [0.0] * len(hosts)
    for weigher in weighers:
        attribute = getattr(weigher, 'attribute', None)
        if attribute is not None:  # a plain attribute: read in bulk
            raw = list(map(operator.attrgetter(attribute), hosts))
        else:
            raw = [weigher.weigh(host, spec_obj) for host in hosts]
        multiplier = weigher.multiplier
        totals = [t + v * multiplier
                  for t, v in zip(totals, _normalise(raw))]
    return totals


def weigh(weighers, hosts, spec_obj):
    """``[(total, host), ...]`` best first."""
    totals = _totals(weighers, hosts, spec_obj)
    order = list(range(len(hosts)))
    random.shuffle(order)
    order.sort(key=lambda i: totals[i], reverse=True)  # stable: ties random
    return [(totals[i], hosts[i]) for i in order]


def best(weighers, hosts, spec_obj, count):
    """The first ``count`` of :func:`weigh`'s answer, without sorting the
    rest: the hosts of the highest totals, best first, hosts of equal total
    in random order (among those of the lowest total kept, a random sample
    of them)."""
    if count >= len(hosts):
        return weigh(weighers, hosts, spec_obj)
    totals = _totals(weighers, hosts, spec_obj)
    top = heapq.nlargest(count, range(len(hosts)), key=totals.__getitem__)
    cut = totals[top[-1]]
    above = [i for i in top if totals[i] > cut]
    tied = [i for i, total in enumerate(totals) if total == cut]
    chosen = above + random.sample(tied, count - len(above))
    random.shuffle(chosen)
    chosen.sort(key=totals.__getitem__, reverse=True)  # stable: ties random
    return [(totals[i], hosts[i]) for i in chosen]
