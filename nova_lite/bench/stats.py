"""Statistics and output of the benchmarks: percentiles, summaries, the
human table and the one machine-readable ``BENCH_JSON`` line."""

import json
import math


def pct(values, p):
    """Nearest-rank percentile (``p`` in 0..100); None without data."""
    if not values:
        return None
    ordered = sorted(values)
    rank = int(math.ceil(p / 100.0 * len(ordered)))
    return ordered[max(0, min(len(ordered) - 1, rank - 1))]


def r3(value):
    return None if value is None else round(value, 3)


def summary(values):
    """count/min/p50/p90/p99/max/mean of a list of seconds (rounded)."""
    values = list(values)
    if not values:
        return {'count': 0, 'min': None, 'p50': None, 'p90': None,
                'p99': None, 'max': None, 'mean': None}
    return {'count': len(values), 'min': r3(min(values)),
            'p50': r3(pct(values, 50)), 'p90': r3(pct(values, 90)),
            'p99': r3(pct(values, 99)), 'max': r3(max(values)),
            'mean': r3(sum(values) / len(values))}


def rate(count, seconds):
    """Events per second; None when the span is empty."""
    if not count or not seconds or seconds <= 0:
        return None
    return round(count / seconds, 3)


def throughput_series(stamps, start, bucket=1.0):
    """[(t, per-second rate)] of event ``stamps`` (absolute seconds) in
    buckets of ``bucket`` seconds since ``start``."""
    if not stamps:
        return []
    rel = [s - start for s in stamps]
    buckets = int(max(rel) // bucket) + 1
    counts = [0] * buckets
    for value in rel:
        counts[max(0, int(value // bucket))] += 1
    return [(round(i * bucket, 3), round(c / bucket, 3))
            for i, c in enumerate(counts)]


def _cell(value):
    if value is None:
        return '-'
    if isinstance(value, float):
        return '%.3f' % value
    return str(value)


def table(headers, rows):
    """A plain-text table: one header line, a rule, one line per row."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells])
              for i, h in enumerate(headers)]
    lines = ['  '.join(h.rjust(w) for h, w in zip(headers, widths)),
             '  '.join('-' * w for w in widths)]
    lines += ['  '.join(c.rjust(w) for c, w in zip(row, widths))
              for row in cells]
    return '\n'.join(lines)


def summary_rows(named):
    """Table rows of {name: summary()} in the order given."""
    return [[name, s['count'], s['min'], s['p50'], s['p90'], s['p99'],
             s['max']] for name, s in named]


SUMMARY_HEADERS = ['seconds', 'n', 'min', 'p50', 'p90', 'p99', 'max']


def json_line(result):
    """The machine-readable line: ``BENCH_JSON {...}`` (sorted keys)."""
    return 'BENCH_JSON ' + json.dumps(result, sort_keys=True)
