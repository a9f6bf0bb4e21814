"""Scheduling under contention, real daemons: two schedulers race for three
small computes, and builds that fail on a host are rescheduled.

The computes fit exactly 15 m1.tiny each (8192 MB, 512 MB reserved, RAM
allocation ratio 1.0).  compute1's fake driver fails builds of servers
named ``fail*``; all three fail ``failall*``.
"""

import collections
import concurrent.futures
import threading
import time

import pytest
import sqlalchemy as sa

from tests.integration import conftest
from tests.integration import rest

HOSTS = ('compute1', 'compute2', 'compute3')
PER_HOST = 15

LOCAL = {
    'local.conf': '''
[compute]
ram_allocation_ratio = 1.0
reserved_host_memory_mb = 512
[fake_driver]
memory_mb = 8192
vcpus = 64
local_gb = 500
''',
    'local-compute-compute1.conf': '[fake_driver]\n'
                                   'fail_spawn_name_prefix = fail\n',
    'local-compute-compute2.conf': '[fake_driver]\n'
                                   'fail_spawn_name_prefix = failall\n',
    'local-compute-compute3.conf': '[fake_driver]\n'
                                   'fail_spawn_name_prefix = failall\n',
}


@pytest.fixture(scope='module')
def cloud(tmp_path_factory):
    env = {'COMPUTE_HOSTS': ' '.join(HOSTS),
           'SCHEDULER_HOSTS': 'scheduler1 scheduler2'}
    with conftest.rest_cloud(tmp_path_factory, 7, env, LOCAL) as client:
        yield client


def _usage(db_url):
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text(
            'SELECT host, memory_mb, memory_mb_used, running_vms '
            'FROM compute_nodes WHERE deleted = 0')).all()
    engine.dispose()
    return {r.host: r for r in rows}


def test_burst_of_50_on_room_for_45(cloud):
    names = ['burst-%02d' % i for i in range(50)]
    sampler = rest.Client(cloud.base_url)
    samples, done = [], threading.Event()

    def watch_liveness():
        # Services under load must not flap: sample them during the burst.
        while not done.is_set():
            samples.append({k: s['state'] for k, s in
                            sampler.services().items()})
            time.sleep(0.5)

    watcher = threading.Thread(target=watch_liveness)
    watcher.start()
    try:
        with concurrent.futures.ThreadPoolExecutor(20) as pool:
            ids = list(pool.map(lambda n: cloud.create_server(
                n, image=cloud.image), names))
        servers = cloud.wait(lambda: (lambda all_: all_ if all(
            s['status'] in ('ACTIVE', 'ERROR') for s in all_) and
            len(all_) == 50 else None)(cloud.servers()), timeout=180,
            what='burst settled')
    finally:
        done.set()
        watcher.join()
    assert samples
    flapped = [s for s in samples if set(s.values()) != {'up'}]
    assert not flapped, flapped
    by_status = collections.Counter(s['status'] for s in servers)
    assert by_status == {'ACTIVE': 45, 'ERROR': 5}, by_status
    assert {s['id'] for s in servers} == set(ids)
    per_host = collections.Counter(s['OS-EXT-SRV-ATTR:host']
                                   for s in servers
                                   if s['status'] == 'ACTIVE')
    assert per_host == {h: PER_HOST for h in HOSTS}, per_host
    for server in servers:
        if server['status'] == 'ERROR':
            fault = server['fault']
            assert fault['message'].startswith('No valid host was found')
            assert 'RamFilter' in fault['details'] or \
                'Hosts tried' in fault['details'], fault
    usage = cloud.wait(lambda: (lambda u: u if all(
        u[h].running_vms == PER_HOST for h in HOSTS) else None)(
        _usage(cloud.stack.db_url)), what='usage settled')
    for host in HOSTS:
        assert usage[host].memory_mb_used == 512 + PER_HOST * 512
        assert usage[host].memory_mb_used <= usage[host].memory_mb
    cloud.delete_all()
    cloud.wait(lambda: all(u.running_vms == 0 for u in _usage(
        cloud.stack.db_url).values()), what='usage released')


def test_failed_build_is_rescheduled_to_another_host(cloud):
    # compute2 and compute3 get one server each, so compute1 has the most
    # free RAM and is tried first.
    for host in ('compute2', 'compute3'):
        sid = cloud.create_server('fill-' + host, image=cloud.image,
                                  availability_zone='nova:' + host)
        assert cloud.wait_status(sid)['status'] == 'ACTIVE'
    sid = cloud.create_server('failone', image=cloud.image)
    server = cloud.wait_status(sid)
    assert server['status'] == 'ACTIVE', server
    assert server['OS-EXT-SRV-ATTR:host'] in ('compute2', 'compute3')
    log = cloud.stack.log('compute-compute1')
    assert 'Build of %s failed on compute1' % sid in log


def test_every_host_failing_ends_in_error_after_max_attempts(cloud):
    sid = cloud.create_server('failall', image=cloud.image)
    server = cloud.wait_status(sid)
    assert server['status'] == 'ERROR', server
    fault = server['fault']
    assert fault['message'] == ('No valid host was found. Exceeded maximum '
                                'number of attempts (3) to build the '
                                'instance.')
    for host in HOSTS:
        assert '%s (Build of instance %s failed: fake driver failure ' \
            'injected on %s)' % (host, sid, host) in fault['details']
    cloud.delete_all()
