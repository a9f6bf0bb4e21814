"""``--plot out.png``: time-to-ACTIVE histogram and CDF, and ACTIVE
throughput over time, of one boot storm (matplotlib, optional:
tools/bench/requirements.txt)."""

from nova_lite.bench import stats


def plot_storm(storm, path, title=None):
    try:
        import matplotlib
    except ImportError:
        raise SystemExit('--plot needs matplotlib: pip install -r '
                         'tools/bench/requirements.txt')
    matplotlib.use('Agg')
    from matplotlib import pyplot

    tta = sorted(storm.tta_values())
    stamps = storm.active_stamps()
    fig, (left, right) = pyplot.subplots(1, 2, figsize=(12, 4.5))
    if tta:
        left.hist(tta, bins=min(40, max(5, len(tta) // 5)), color='#4c72b0',
                  alpha=0.8, label='servers')
        cdf = left.twinx()
        cdf.plot(tta, [(i + 1) / len(tta) for i in range(len(tta))],
                 color='#dd8452', label='CDF')
        cdf.set_ylim(0, 1.02)
        cdf.set_ylabel('fraction ACTIVE')
        p50, p99 = stats.pct(tta, 50), stats.pct(tta, 99)
        for value, name in ((p50, 'p50'), (p99, 'p99')):
            left.axvline(value, color='grey', linestyle='--', linewidth=1)
            left.text(value, left.get_ylim()[1] * 0.95, ' %s %.2fs' % (
                name, value), fontsize=8)
    left.set_xlabel('time to ACTIVE (s)')
    left.set_ylabel('servers')
    left.set_title('time to ACTIVE (%d servers)' % len(tta))
    # Stamps come in bursts, one per poll: buckets of ~1/12 of the storm
    # (at least 1 s) show the rate, not the poll period.
    bucket = max(1.0, round((stamps[-1] if stamps else 0) / 12.0))
    series = stats.throughput_series(
        [s + storm.started for s in stamps], storm.started, bucket)
    if series:
        right.bar([t for t, _ in series], [r for _, r in series],
                  width=bucket * 0.9, align='edge', color='#55a868',
                  label='ACTIVE/s')
        acc = right.twinx()
        acc.plot(stamps, range(1, len(stamps) + 1), color='#c44e52',
                 label='ACTIVE (cumulative)')
        acc.set_ylabel('ACTIVE (cumulative)')
    right.set_xlabel('seconds since first POST')
    right.set_ylabel('servers ACTIVE per second (%gs buckets)' % bucket)
    right.set_title('throughput over time')
    fig.suptitle(title or 'boot storm: K=%d C=%d' % (storm.count,
                                                    storm.concurrency))
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    pyplot.close(fig)
    return path
