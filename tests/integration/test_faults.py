"""Faults with real daemons: a compute killed mid-build, the conductor gone
for longer than service_down_time, and RabbitMQ restarted while a compute's
resource tracker holds its lock and waits on the conductor (the Juno
deadlock of seed 002).  The stack runs on a RabbitMQ node of its own
(tools/chaos/private_rabbit.sh): the restart never touches the shared
broker.  Nothing may stay stuck, no process is restarted
except the one a test stops.

compute2's fake driver spawns for 10 minutes, so a build on it is in
progress when the test wants one.
"""

import os
import signal
import time

import pytest

from tests.integration import conftest

LOCAL = {
    'local.conf': '''
[DEFAULT]
report_interval = 1
service_down_time = 6
rpc_response_timeout = 5
[conductor]
# one process: the tests stop and SIGSTOP "the conductor" by its pid
workers = 1
instance_build_timeout = 15
reconcile_interval = 2
[compute]
update_resources_interval = 2
''',
    'local-compute-compute2.conf': '[fake_driver]\nspawn_delay = 600\n',
}


@pytest.fixture(scope='module')
def cloud(tmp_path_factory):
    # Its own RabbitMQ node: the broker restart below must not touch the
    # broker everyone else on the machine uses.
    with conftest.private_rabbit(tmp_path_factory) as rabbit, \
            conftest.rest_cloud(tmp_path_factory, 5,
                                {'TRANSPORT_URL': rabbit.url},
                                LOCAL) as client:
        client.rabbit = rabbit
        yield client


def _state(cloud, binary, host):
    return cloud.services()[(binary, host)]['state']


def _boot_on(cloud, name, host):
    return cloud.create_server(name, image=cloud.image,
                               availability_zone='nova:' + host)


def test_killed_compute(cloud):
    stuck = _boot_on(cloud, 'stuck', 'compute2')
    cloud.wait(lambda: cloud.server(stuck)['OS-EXT-STS:task_state'] ==
               'spawning', what='build in progress on compute2')
    os.kill(cloud.stack.pid('compute-compute2'), signal.SIGKILL)
    cloud.wait(lambda: _state(cloud, 'nova-lite-compute', 'compute2') ==
               'down', timeout=30, what='compute2 down')
    # The scheduler no longer picks it.
    ids = [cloud.create_server('after-kill-%d' % i, image=cloud.image)
           for i in range(3)]
    for sid in ids:
        server = cloud.wait_status(sid)
        assert server['status'] == 'ACTIVE'
        assert server['OS-EXT-SRV-ATTR:host'] == 'compute1'
    # The build that died with its compute reaches ERROR, and says why.
    server = cloud.wait_status(stuck, ('ERROR',), timeout=60)
    assert 'did not finish in 15 s' in server['fault']['message']
    assert 'compute2' in server['fault']['message']
    # A server on a dead compute can still be deleted.
    cloud.delete_all()


def test_conductor_outage(cloud):
    stack = cloud.stack
    os.kill(stack.pid('conductor'), signal.SIGTERM)
    cloud.wait(lambda: _state(cloud, 'nova-lite-conductor',
                              _conductor_host(cloud)) == 'down',
               timeout=30, what='conductor down')
    time.sleep(3)  # well past service_down_time for everyone
    stack.start()  # starts the conductor again; the rest keeps running
    cloud.wait(lambda: _state(cloud, 'nova-lite-conductor',
                              _conductor_host(cloud)) == 'up',
               timeout=60, what='conductor up again')
    cloud.wait(lambda: _state(cloud, 'nova-lite-compute', 'compute1') ==
               'up', timeout=60, what='compute1 up again')
    log = stack.log('compute-compute1')
    assert log.count('model server went away') == 1, log[-3000:]
    assert log.count('model server is back') == 1
    sid = _boot_on(cloud, 'after-conductor', 'compute1')
    assert cloud.wait_status(sid)['status'] == 'ACTIVE'
    cloud.delete_all()


def _conductor_host(cloud):
    return next(host for binary, host in cloud.services()
                if binary == 'nova-lite-conductor')


def _restart_rabbitmq(rabbit):
    rabbit.stop()
    deadline = time.monotonic() + 60
    while rabbit.is_open() and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(2)  # the broker is gone for a while, not a blip
    rabbit.start()  # returns once the node serves


def test_rabbitmq_restart_while_tracker_waits_on_conductor(cloud):
    stack = cloud.stack
    conductor = stack.pid('conductor')
    log_before = len(stack.log('compute-compute1'))
    os.kill(conductor, signal.SIGSTOP)
    try:
        # The next resource update (every 2 s) takes the tracker lock and
        # waits for a conductor that cannot answer.
        time.sleep(3)
        stopped_at = time.monotonic()
        _restart_rabbitmq(cloud.rabbit)
    finally:
        os.kill(conductor, signal.SIGCONT)
        if not cloud.rabbit.is_open():
            cloud.rabbit.start()
    # The waiting call failed (MessagingTimeout) instead of hanging on.
    log = stack.log('compute-compute1')[log_before:]
    assert 'Error during ComputeManager.update_available_resource' in log
    assert 'MessagingTimeout' in log
    assert time.monotonic() - stopped_at < 240
    # Once the broker is back, the services report in again by themselves,
    # the lock is free and builds go through on that compute, with no
    # process restarted.
    cloud.wait(lambda: _all_up(cloud), timeout=120, what='all services up')
    # Up means heartbeats flow; a consumer reconnects on its own back-off,
    # so also wait until each RPC server answers again.
    for topic, host in (('conductor', None), ('scheduler', None),
                        ('compute', 'compute1')):
        cloud.wait(lambda: stack.ping(topic, host), timeout=120,
                   what='%s answers ping' % topic)
    sid = cloud.wait(lambda: _try_boot(cloud), timeout=120,
                     what='API accepts a boot again')
    server = cloud.wait_status(sid, timeout=120)
    assert server['status'] == 'ACTIVE', server.get('fault')
    assert server['OS-EXT-SRV-ATTR:host'] == 'compute1'
    for daemon in ('api', 'conductor', 'scheduler', 'compute-compute1'):
        os.kill(stack.pid(daemon), 0)  # still the same processes
    cloud.delete_all()


def _all_up(cloud):
    try:
        return all(s['state'] == 'up' for s in cloud.services().values())
    except Exception:
        return False


def _try_boot(cloud):
    try:
        resp = cloud.request('POST', '/v2.1/servers', {'server': {
            'name': 'after-broker', 'flavorRef': '1',
            'imageRef': cloud.image, 'networks': 'none',
            'availability_zone': 'nova:compute1'}})
    except Exception:
        return None
    return resp.json()['server']['id'] if resp.status_code == 202 else None
