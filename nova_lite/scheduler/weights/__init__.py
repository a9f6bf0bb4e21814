"""Host weighers: each scores hosts; scores are normalised to [0, 1],
multiplied by the weigher's multiplier and summed.  Highest total wins."""

from nova_lite.scheduler.weights import ram


def load(conf):
    return [ram.RAMWeigher(conf)]


def _normalise(values):
    low, high = min(values), max(values)
    if high == low:
        return [0.0 for _ in values]
    return [(v - low) / (high - low) for v in values]


def weigh(weighers, hosts, spec_obj):
    totals = [0.0] * len(hosts)
    for weigher in weighers:
        raw = [weigher.weigh(host, spec_obj) for host in hosts]
        for i, value in enumerate(_normalise(raw)):
            totals[i] += value * weigher.multiplier
    order = sorted(range(len(hosts)), key=lambda i: totals[i], reverse=True)
    return [hosts[i] for i in order]
