#!/usr/bin/env python3
"""Fault scenarios against a devstack nova_lite (see nova_lite/bench/
chaos.py): a boot storm, one fault mid-storm, then requested / ACTIVE /
ERROR-with-fault / stuck / lost and the recovery time.

    python tools/chaos/run_chaos.py --data-dir devstack/data \\
        --url http://127.0.0.1:8774/v2.1 -k 100 -c 10 \\
        kill-conductor kill-scheduler kill-compute kill-api

Scenarios: kill-conductor, kill-scheduler, kill-compute, kill-api (SIGKILL,
started again --restart-after s later), ha-kill (one of two conductors and
one of two schedulers, not restarted: stack with CONDUCTOR_HOSTS and
SCHEDULER_HOSTS of two each), sql-stop (a PRIVATE PostgreSQL of
tools/chaos/private_pg.sh stopped --outage s: --pg-dir), rabbitmq-stop (a
PRIVATE RabbitMQ node of tools/chaos/private_rabbit.sh, the one the stack's
transport_url names, stopped for --outage s and started again:
--rabbit-dir; the shared broker is refused).

The stack should run with a short [conductor] instance_build_timeout and
reconcile_interval (e.g. 60 and 5): the reconciler is what turns builds a
dead process dropped into ERROR; --settle-timeout must exceed them.
Prints a table and, last, one ``BENCH_JSON {...}`` line.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))

from nova_lite.bench import chaos  # noqa: E402
from nova_lite.bench import client as bench_client  # noqa: E402
from nova_lite.bench import stats  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
KILLS = {'kill-conductor': 'conductor', 'kill-scheduler': 'scheduler',
         'kill-compute': 'compute-', 'kill-api': 'api'}
SCENARIOS = sorted(list(KILLS) + ['ha-kill', 'sql-stop', 'rabbitmq-stop'])


def make_fault(name, args, daemons):
    if name in KILLS:
        target = daemons.names(KILLS[name])[0]
        return chaos.KillDaemons(daemons, [target], args.restart_after,
                                 label='kill -9 %s, restarted %gs later' % (
                                     target, args.restart_after))
    if name == 'ha-kill':
        conductors = daemons.names('conductor')
        schedulers = daemons.names('scheduler')
        if len(conductors) < 2 or len(schedulers) < 2:
            raise SystemExit('ha-kill needs two conductors and two '
                             'schedulers (CONDUCTOR_HOSTS, SCHEDULER_HOSTS)')
        return chaos.KillDaemons(
            daemons, [conductors[0], schedulers[0]], None,
            label='kill -9 %s + %s of 2 each, not restarted' % (
                conductors[0], schedulers[0]))
    if name == 'sql-stop':
        if not args.pg_dir:
            raise SystemExit('sql-stop needs --pg-dir (a private server of '
                             'tools/chaos/private_pg.sh, never the shared '
                             'one)')
        script = os.path.join(HERE, 'private_pg.sh')
        return chaos.Commands(
            'PostgreSQL (private) stopped %gs' % args.outage,
            [script, 'stop-only', args.pg_dir],
            [script, 'start-only', args.pg_dir], duration=args.outage)
    if name == 'rabbitmq-stop':
        if not args.rabbit_dir:
            raise SystemExit('rabbitmq-stop needs --rabbit-dir (a private '
                             'node of tools/chaos/private_rabbit.sh, never '
                             'the shared broker)')
        try:
            node = chaos.private_rabbit_node(args.rabbit_dir, args.data_dir)
        except ValueError as exc:
            raise SystemExit('rabbitmq-stop: %s' % exc)
        script = os.path.join(HERE, 'private_rabbit.sh')
        return chaos.Commands(
            'RabbitMQ (private %s) stopped %gs' % (node, args.outage),
            [script, 'stop', args.rabbit_dir],
            [script, 'start', args.rabbit_dir], duration=args.outage)
    raise SystemExit('unknown scenario %s' % name)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split('\n')[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split('\n', 2)[2])
    parser.add_argument('scenarios', nargs='+', choices=SCENARIOS)
    parser.add_argument('--data-dir', required=True,
                        help="devstack's DATA_DIR (pids/, logs/)")
    parser.add_argument('--url', required=True)
    parser.add_argument('--token', default='admin:admin')
    parser.add_argument('--flavor', default='m1.tiny')
    parser.add_argument('--image', default='cirros-fake')
    parser.add_argument('-k', '--count', type=int, default=100)
    parser.add_argument('-c', '--concurrency', type=int, default=10)
    parser.add_argument('--inject-at', type=float, default=0.3,
                        help='share of K accepted before the fault')
    parser.add_argument('--restart-after', type=float, default=5.0)
    parser.add_argument('--outage', type=float, default=20.0)
    parser.add_argument('--settle-timeout', type=float, default=300)
    parser.add_argument('--pg-dir')
    parser.add_argument('--rabbit-dir')
    args = parser.parse_args(argv)
    client = bench_client.ComputeClient(url=args.url, token=args.token,
                                        pool=args.concurrency + 8)
    flavor = client.flavor_id(args.flavor)
    image = client.image_id(args.image)
    daemons = chaos.Daemons(args.data_dir)
    results = []
    for name in args.scenarios:
        scenario = chaos.Scenario(
            client, make_fault(name, args, daemons), args.count,
            args.concurrency, flavor, image, inject_at=args.inject_at,
            settle_timeout=args.settle_timeout)
        result = scenario.run()
        scenario.cleanup(args.concurrency)
        result['name'] = name
        results.append(result)
        print('%s: %s' % (name, ' '.join('%s=%s' % (k, result[k])
                                          for k in chaos.REPORT_KEYS[1:])),
              flush=True)
    print(stats.table(list(chaos.REPORT_KEYS),
                      [[r[k] for k in chaos.REPORT_KEYS] for r in results]))
    print(stats.json_line({'chaos': results}), flush=True)
    return results


if __name__ == '__main__':
    main()
