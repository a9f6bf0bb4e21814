#!/usr/bin/env python3
"""Micro-benchmarks of the scheduler and the heartbeat path, against a real
database: ``select_destinations`` latency with N compute nodes (host states
read from the DB, and the same selection on host states already in memory),
service heartbeat writes and compute node resource-update writes per
second.

    python tools/bench/scheduler_bench.py --nodes 100 1000 10000 \
        --db postgresql+psycopg2://postgres@127.0.0.1/nl_bench

The database named in --db is created if missing and its tables are filled
with N fake compute nodes and services (it is emptied first: use a scratch
database).  Prints a table and, last, one ``BENCH_JSON {...}`` line.

While requests are timed from the DB, a separate process makes the cloud
change as N real hosts would (``--churn``, on by default): every service
heartbeats every ``--report-interval`` seconds (10) and every node saves
its resources every ``--update-interval`` seconds (60), spread evenly, in
batches every 0.1 s.  The scheduler's first request (its full read of the
nodes and services) is timed apart, as ``first_ms``.
"""

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time

from oslo_utils import uuidutils

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
sys.path.insert(0, TOP)

from nova_lite import conf as nl_conf  # noqa: E402
from nova_lite import context as nl_context  # noqa: E402
from nova_lite.db import api as db_api  # noqa: E402
from nova_lite.db import migration  # noqa: E402
from nova_lite.db import models  # noqa: E402
from nova_lite import objects  # noqa: E402
from nova_lite.objects import flavor as flavor_obj  # noqa: E402
from nova_lite.objects import request_spec as spec_obj  # noqa: E402
from nova_lite.objects import service as service_obj  # noqa: E402
from nova_lite.scheduler import filter_scheduler  # noqa: E402
from nova_lite import utils  # noqa: E402


def _setup(url):
    subprocess.run([sys.executable,
                    os.path.join(TOP, 'devstack', 'lib', 'create_db.py'),
                    url], check=True)
    conf = nl_conf.CONF
    nl_conf.register_all(conf)
    conf([], project='nova_lite', default_config_files=[])
    conf.set_override('connection', url, group='database')
    objects.register_all()
    db_api.configure(conf)
    migration.db_sync()
    return conf


def _fill(context, count):
    engine = db_api.get_engine()
    now = utils.utcnow()
    # Hosts registered an hour ago, last heartbeat now.
    created = now - datetime.timedelta(hours=1)
    with engine.begin() as conn:
        for table in ('instances', 'instance_faults', 'request_specs',
                      'compute_nodes', 'services'):
            conn.exec_driver_sql('DELETE FROM %s' % table)
        conn.execute(models.Service.__table__.insert(), [
            {'uuid': uuidutils.generate_uuid(), 'host': 'bench%05d' % i,
             'binary': 'nova-lite-compute', 'topic': 'compute',
             'report_count': 0, 'disabled': False, 'forced_down': False,
             'version': 1, 'deleted': 0, 'last_seen_up': now,
             'created_at': created} for i in range(count)])
        conn.execute(models.ComputeNode.__table__.insert(), [
            {'uuid': uuidutils.generate_uuid(), 'host': 'bench%05d' % i,
             'hypervisor_hostname': 'bench%05d' % i,
             'hypervisor_type': 'fake', 'hypervisor_version': 1,
             'vcpus': 64, 'memory_mb': 262144, 'local_gb': 4000,
             'vcpus_used': i % 7, 'memory_mb_used': 512 + (i % 13) * 1024,
             'local_gb_used': i % 11, 'running_vms': i % 7,
             'cpu_allocation_ratio': 16.0, 'ram_allocation_ratio': 1.5,
             'disk_allocation_ratio': 1.0, 'availability_zone': 'nova',
             'cpu_arch': 'x86_64', 'deleted': 0, 'created_at': created}
            for i in range(count)])
    if engine.dialect.name == 'postgresql':
        # What autovacuum does in a cloud that runs: without it every read
        # scans the dead rows the DELETEs above and the churn leave behind.
        with engine.connect() as conn:
            conn = conn.execution_options(isolation_level='AUTOCOMMIT')
            conn.exec_driver_sql('VACUUM ANALYZE compute_nodes, services')
    flavor = flavor_obj.Flavor(context, id=1, flavorid='1', name='tiny',
                               memory_mb=512, vcpus=1, root_gb=1,
                               ephemeral_gb=0, swap=0, rxtx_factor=1.0,
                               is_public=True, disabled=False,
                               extra_specs={})
    return flavor


def churn(url, report_interval, update_interval, tick=0.1):
    """Run until killed: heartbeat every service every ``report_interval``
    seconds and save every node's usage every ``update_interval`` seconds,
    spread evenly over the rows, a batch every ``tick`` seconds (the writes
    of the db service-group driver and of the resource trackers)."""
    import sqlalchemy as sa
    engine = sa.create_engine(url)
    services, nodes = models.Service.__table__, models.ComputeNode.__table__
    with engine.connect() as conn:
        service_ids = [r[0] for r in conn.execute(sa.select(services.c.id))]
        node_ids = [r[0] for r in conn.execute(sa.select(nodes.c.id))]
    cursors = {'s': 0.0, 'n': 0.0}
    next_tick = time.monotonic()
    while True:
        now = utils.utcnow()
        with engine.begin() as conn:
            for key, table, ids, interval, values in (
                    ('s', services, service_ids, report_interval,
                     {'report_count': services.c.report_count + 1,
                      'last_seen_up': now, 'updated_at': now}),
                    ('n', nodes, node_ids, update_interval,
                     {'vcpus_used': (nodes.c.vcpus_used + 1) % 7,
                      'running_vms': (nodes.c.running_vms + 1) % 7,
                      'updated_at': now})):
                start = cursors[key]
                cursors[key] = start + len(ids) * tick / interval
                batch = [ids[i % len(ids)]
                         for i in range(int(start), int(cursors[key]))]
                if batch:
                    conn.execute(sa.update(table).where(
                        table.c.id.in_(batch)).values(**values))
        next_tick += tick
        time.sleep(max(0.0, next_tick - time.monotonic()))


def _start_churn(args):
    if not args.churn:
        return None
    return subprocess.Popen([
        sys.executable, os.path.abspath(__file__), '--db', args.db,
        '--churn-only', '--report-interval', str(args.report_interval),
        '--update-interval', str(args.update_interval)])


def _stats(latencies):
    latencies = sorted(latencies)
    return {'p50_ms': round(statistics.median(latencies), 2),
            'p95_ms': round(latencies[int(len(latencies) * 0.95) - 1], 2),
            'max_ms': round(latencies[-1], 2)}


def _spec(context, flavor):
    return spec_obj.RequestSpec(
        context, instance_uuid=uuidutils.generate_uuid(), flavor=flavor,
        image_properties={}, num_instances=1, ignore_hosts=[],
        retry_hosts=[], retry_reasons={}, alternates=[], num_attempts=1,
        scheduler_hints={}, availability_zone=None)


def bench_select(conf, context, nodes, requests, args=None):
    flavor = _fill(context, nodes)
    churner = _start_churn(args) if args is not None else None
    try:
        time.sleep(3 if churner else 0)  # writes under way, margin filled
        scheduler = filter_scheduler.FilterScheduler(conf)
        started = time.perf_counter()
        spec = _spec(context, flavor)
        scheduler.select_destinations(context, spec, [spec.instance_uuid],
                                      return_alternates=True)
        first = (time.perf_counter() - started) * 1000
        latencies = []
        for _ in range(requests):
            spec = _spec(context, flavor)
            started = time.perf_counter()
            scheduler.select_destinations(context, spec,
                                          [spec.instance_uuid],
                                          return_alternates=True)
            latencies.append((time.perf_counter() - started) * 1000)
    finally:
        if churner is not None:
            churner.terminate()
            churner.wait()
    row = {'nodes': nodes, 'requests': requests,
           'churn': churner is not None, 'first_ms': round(first, 2)}
    row.update(_stats(latencies))
    return row


def bench_select_memory(conf, context, nodes, requests):
    """Filters + weighers + choice on host states already in memory (what
    a request costs when no row changed): the scheduler's CPU floor."""
    from nova_lite.objects import compute_node
    from nova_lite.scheduler import host_manager
    flavor = _fill(context, nodes)
    scheduler = filter_scheduler.FilterScheduler(conf)
    services = {s.host: s for s in service_obj.ServiceList.get_all(context)}
    states = []
    for node in compute_node.ComputeNodeList.get_all(context):
        state = host_manager.HostState(node)
        state.service = services[node.host]
        state.is_up = True
        states.append(state)
    latencies = []
    for _ in range(requests):
        spec = spec_obj.RequestSpec(
            context, instance_uuid=uuidutils.generate_uuid(), flavor=flavor,
            image_properties={}, num_instances=1, ignore_hosts=[],
            retry_hosts=[], retry_reasons={}, alternates=[], num_attempts=1,
            scheduler_hints={}, availability_zone=None)
        started = time.perf_counter()
        scheduler._select(context, spec, [spec.instance_uuid], states)
        latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    return {'nodes': nodes, 'requests': requests, 'source': 'memory',
            'p50_ms': round(statistics.median(latencies), 2),
            'p95_ms': round(latencies[int(len(latencies) * 0.95) - 1], 2),
            'max_ms': round(latencies[-1], 2)}


def bench_resource_updates(context, nodes, seconds):
    """The resource tracker's write: a compute node's usage saved, round
    robin over ``nodes`` rows."""
    from nova_lite.objects import compute_node
    records = compute_node.ComputeNodeList.get_all(context)[:nodes]
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        node = records[done % len(records)]
        node.vcpus_used = (node.vcpus_used + 1) % 64
        node.memory_mb_used = 512 + (done % 97) * 256
        node.running_vms = node.vcpus_used
        node.save()
        done += 1
    elapsed = time.perf_counter() - started
    return {'nodes': len(records), 'writes': done,
            'writes_per_s': round(done / elapsed, 1)}


def bench_heartbeats(context, services, seconds):
    """One heartbeat (report_count + 1, last_seen_up) per save, as the db
    service-group driver writes it, round-robin over ``services`` rows."""
    records = service_obj.ServiceList.get_all(context)[:services]
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        record = records[done % len(records)]
        record.report_count += 1
        record.last_seen_up = utils.utcnow()
        record.save()
        done += 1
    elapsed = time.perf_counter() - started
    return {'services': len(records), 'writes': done,
            'writes_per_s': round(done / elapsed, 1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--db', required=True,
                        help='SQLAlchemy URL of a scratch database')
    parser.add_argument('--nodes', type=int, nargs='+', default=[100, 1000])
    parser.add_argument('--requests', type=int, default=200)
    parser.add_argument('--memory-requests', type=int, default=50,
                        help='requests timed on in-memory host states')
    parser.add_argument('--heartbeat-seconds', type=float, default=5.0)
    parser.add_argument('--no-churn', dest='churn', action='store_false',
                        help='time requests on a cloud where nothing '
                             'changes')
    parser.add_argument('--report-interval', type=float, default=10.0,
                        help='seconds between two heartbeats of a host')
    parser.add_argument('--update-interval', type=float, default=60.0,
                        help='seconds between two resource updates of a '
                             'host')
    parser.add_argument('--churn-only', action='store_true',
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.churn_only:
        churn(args.db, args.report_interval, args.update_interval)
        return
    conf = _setup(args.db)
    context = nl_context.get_admin_context()
    results = {'db': args.db.split(':')[0], 'select': []}
    print('%8s %9s %9s %9s %9s' % ('nodes', 'requests', 'p50 ms', 'p95 ms',
                                   'max ms'))
    results['select_memory'] = []
    for nodes in args.nodes:
        row = bench_select(conf, context, nodes, args.requests, args)
        results['select'].append(row)
        print('%(nodes)8d %(requests)9d %(p50_ms)9.2f %(p95_ms)9.2f '
              '%(max_ms)9.2f  (from the DB, churn %(churn)s; first '
              'request %(first_ms).1f ms)' % row)
        row = bench_select_memory(conf, context, nodes, args.memory_requests)
        results['select_memory'].append(row)
        print('%(nodes)8d %(requests)9d %(p50_ms)9.2f %(p95_ms)9.2f '
              '%(max_ms)9.2f  (in memory)' % row)
    _fill(context, 1000)
    updates = bench_resource_updates(context, 1000, args.heartbeat_seconds)
    results['resource_updates'] = updates
    print('resource-update writes: %(writes_per_s).1f/s over %(nodes)d '
          'nodes (%(writes)d writes)' % updates)
    beats = bench_heartbeats(context, 1000, args.heartbeat_seconds)
    results['heartbeats'] = beats
    print('heartbeat writes: %(writes_per_s).1f/s over %(services)d '
          'services (%(writes)d writes)' % beats)
    per_1000 = 1000 / conf.report_interval
    print('1,000 hosts at report_interval=%ds need %.0f writes/s' % (
        conf.report_interval, per_1000))
    results['needed_per_1000_hosts'] = per_1000
    print('BENCH_JSON ' + json.dumps(results))


if __name__ == '__main__':
    main()
