#!/usr/bin/env python3
"""PSS and RSS of a devstack nova_lite's daemons (each pid file's process
and its descendants), from /proc/<pid>/smaps_rollup.

    python tools/bench/pss.py devstack/data/pids [--exclude network]

Prints one line per daemon, the total (and the total without the excluded
ones), then one ``BENCH_JSON {...}`` line.  MiB.
"""

import argparse
import json
import os


def children(pid):
    found = []
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % entry) as f:
                ppid = int(f.read().rsplit(')', 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if ppid == pid:
            found.append(int(entry))
            found += children(int(entry))
    return found


def rollup(pid):
    values = {'Pss': 0, 'Rss': 0}
    try:
        with open('/proc/%d/smaps_rollup' % pid) as f:
            for line in f:
                key, _sep, rest = line.partition(':')
                if key in values:
                    values[key] = int(rest.split()[0])
    except OSError:
        pass
    return values


def measure(pid_dir):
    daemons = {}
    for name in sorted(os.listdir(pid_dir)):
        if not name.endswith('.pid'):
            continue
        with open(os.path.join(pid_dir, name)) as f:
            pid = int(f.read().strip())
        if not os.path.exists('/proc/%d' % pid):
            continue
        pss = rss = 0
        for p in [pid] + children(pid):
            r = rollup(p)
            pss += r['Pss']
            rss += r['Rss']
        daemons[name[:-4]] = {'pss_mib': round(pss / 1024, 1),
                              'rss_mib': round(rss / 1024, 1)}
    return daemons


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('pid_dir')
    parser.add_argument('--exclude', nargs='*', default=[])
    args = parser.parse_args()
    daemons = measure(args.pid_dir)
    for name, row in daemons.items():
        print('%-28s PSS %8.1f MiB  RSS %8.1f MiB' % (
            name, row['pss_mib'], row['rss_mib']))
    total = {k: round(sum(d[k] for d in daemons.values()), 1)
             for k in ('pss_mib', 'rss_mib')}
    kept = {k: round(sum(d[k] for n, d in daemons.items()
                         if n not in args.exclude), 1)
            for k in ('pss_mib', 'rss_mib')}
    print('total PSS %(pss_mib).1f MiB RSS %(rss_mib).1f MiB' % total)
    if args.exclude:
        print('without %s: PSS %.1f MiB RSS %.1f MiB' % (
            ', '.join(args.exclude), kept['pss_mib'], kept['rss_mib']))
    print('BENCH_JSON ' + json.dumps({'daemons': daemons, 'total': total,
                                      'without_excluded': kept}))


if __name__ == '__main__':
    main()
