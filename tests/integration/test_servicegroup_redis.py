"""The tooz service-group driver on the real Redis at 127.0.0.1:6379.

Each run uses its own key namespace (``?namespace=`` of the tooz URL) and
deletes every key under it at the end.  One member runs in this process, one
in a child process that is SIGKILLed to show the crash path (expiry after
``service_down_time``), as opposed to a graceful stop (leave at once).
Fails, never skips, when Redis is unreachable.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid

from oslo_config import cfg
import pytest

REDIS_PORT = 6379
REPORT_INTERVAL = 1
DOWN_TIME = 3


def _conf(url):
    from nova_lite import conf as nl_conf
    conf = cfg.ConfigOpts()
    nl_conf.register_all(conf)
    conf([], project='nova_lite', default_config_files=[])
    conf.set_override('driver', 'tooz', group='servicegroup')
    conf.set_override('backend_url', url, group='servicegroup')
    # No database in this test: membership alone answers up/down.
    conf.set_override('update_service_record', False, group='servicegroup')
    conf.set_override('report_interval', REPORT_INTERVAL)
    conf.set_override('service_down_time', DOWN_TIME)
    return conf


class FakeService:
    def __init__(self, host):
        self.host = host
        self.binary = 'nova-lite-compute'
        self.topic = 'compute'
        self.model_disconnected = False
        self.service_ref = None


def _member_main(url, host):
    """Child process: join as ``host`` and heartbeat until killed."""
    import threading
    from nova_lite.servicegroup import api as servicegroup
    servicegroup.API(_conf(url)).join(FakeService(host))
    print('joined', flush=True)
    threading.Event().wait()


def _ref(host):
    from nova_lite.objects import service as service_obj
    return service_obj.Service(host=host, binary='nova-lite-compute',
                               topic='compute', forced_down=False)


def _wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail('%s within %.0f s' % (what, timeout))
        time.sleep(0.05)


@pytest.fixture
def redis_url():
    try:
        socket.create_connection(('127.0.0.1', REDIS_PORT), timeout=3).close()
    except OSError as exc:
        pytest.fail('Redis is not reachable on 127.0.0.1:%d (%s); the '
                    'integration tests need it' % (REDIS_PORT, exc))
    import redis
    namespace = 'nova-lite-test-%s' % uuid.uuid4().hex
    url = 'redis://127.0.0.1:%d?namespace=%s' % (REDIS_PORT, namespace)
    client = redis.Redis(host='127.0.0.1', port=REDIS_PORT)
    try:
        yield url
    finally:
        from nova_lite.servicegroup import tooz_driver
        for tooz_url in [u for u, pid in list(tooz_driver._readers)
                         if namespace in u]:
            tooz_driver.reader(tooz_url).close()
        for key in client.scan_iter(match=namespace + '*'):
            client.delete(key)
        left = list(client.scan_iter(match=namespace + '*'))
        client.close()
        assert not left, 'keys left in Redis: %s' % left


def test_members_up_crash_expires_stop_leaves(redis_url):
    import redis
    from nova_lite.servicegroup import api as servicegroup

    group = servicegroup.API(_conf(redis_url))
    assert group.driver.url.endswith('timeout=%d' % DOWN_TIME)
    timer = group.join(FakeService('sg-a'))
    child = subprocess.Popen(
        [sys.executable, os.path.abspath(__file__), redis_url, 'sg-b'],
        stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == 'joined'
        _wait_for(lambda: group.service_is_up(_ref('sg-a')) and
                  group.service_is_up(_ref('sg-b')), 10,
                  'both members did not come up')
        assert not group.service_is_up(_ref('sg-c'))

        # The member expiry is service_down_time, not tooz's 30 s default.
        namespace = redis_url.split('namespace=')[1]
        client = redis.Redis(host='127.0.0.1', port=REDIS_PORT)
        ttl = client.pttl('%s_beats:nova-lite-compute:sg-b' % namespace)
        client.close()
        assert 0 < ttl <= DOWN_TIME * 1000

        # Crash: no leave, the membership expires.
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        killed = time.monotonic()
        assert group.service_is_up(_ref('sg-b')), \
            'went down at once: expected expiry, not a leave'
        _wait_for(lambda: not group.service_is_up(_ref('sg-b')),
                  DOWN_TIME + 2, 'the killed member did not go down')
        assert time.monotonic() - killed <= DOWN_TIME + 0.5
        assert group.service_is_up(_ref('sg-a')), \
            'the heartbeating member expired too'

        # Graceful stop: leave the group, down at once.
        timer.stop()
        timer.wait()
        timer = None
        assert not group.service_is_up(_ref('sg-a'))
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=10)
        child.stdout.close()
        if timer is not None:
            timer.stop()


if __name__ == '__main__':
    _member_main(*sys.argv[1:3])
