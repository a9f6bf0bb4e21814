"""``[conductor] workers``: a supervisor forks the workers, they all serve
the conductor topic on the real RabbitMQ, and none outlives its supervisor
-- neither a SIGTERM (``unstack.sh``) nor a SIGKILL (a crash, the fault
suite) leaves a worker behind.
"""

import os
import signal
import subprocess
import time
import uuid

import pytest

from tests.integration import conftest


def _children(pid):
    found = []
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % entry) as stat:
                fields = stat.read().rsplit(')', 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != 'Z':
            found.append(int(entry))
    return found


def _alive(pid):
    try:
        with open('/proc/%d/stat' % pid) as stat:
            return stat.read().rsplit(')', 1)[1].split()[0] != 'Z'
    except OSError:
        return False


def _wait(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, 'timed out waiting for ' + what
        time.sleep(0.2)


@pytest.fixture
def conductor_conf(tmp_path):
    conftest._require_port(5672, 'RabbitMQ')
    vhost = 'nova_lite_it_' + uuid.uuid4().hex[:10]
    conftest._rabbitmqctl('add_vhost', vhost)
    conftest._rabbitmqctl('set_permissions', '-p', vhost, 'guest', '.*',
                          '.*', '.*')
    path = tmp_path / 'nova_lite.conf'
    path.write_text(
        '[DEFAULT]\nhost = cw\nreport_interval = 1\n'
        'transport_url = rabbit://guest:guest@127.0.0.1:5672/%s\n'
        '[database]\nconnection = sqlite:///%s/nl.sqlite\n'
        '[conductor]\nworkers = 2\n' % (vhost, tmp_path))
    subprocess.run([os.path.join(conftest.BIN, 'nova-lite-manage'),
                    '--config-file', str(path), 'db', 'sync'],
                   check=True, capture_output=True, timeout=120)
    try:
        yield str(path)
    finally:
        conftest._rabbitmqctl('delete_vhost', vhost)


def _ping(conf):
    return subprocess.run(
        [os.path.join(conftest.BIN, 'nova-lite-manage'), '--config-file',
         conf, 'service', 'ping', 'conductor', '--timeout', '3'],
        capture_output=True, timeout=60).returncode == 0


@pytest.mark.parametrize('how', [signal.SIGTERM, signal.SIGKILL])
def test_workers_end_with_their_supervisor(conductor_conf, tmp_path, how):
    log = open(tmp_path / 'conductor.log', 'ab')
    proc = subprocess.Popen(
        [os.path.join(conftest.BIN, 'nova-lite-conductor'), '--config-file',
         conductor_conf], stdout=log, stderr=log, start_new_session=True)
    workers = []
    try:
        _wait(lambda: len(_children(proc.pid)) == 2, 60, 'two workers')
        workers = _children(proc.pid)
        _wait(lambda: _ping(conductor_conf), 60, 'the conductor to answer')
        os.kill(proc.pid, how)
        proc.wait(timeout=30)
        _wait(lambda: not any(_alive(pid) for pid in workers), 30,
              'the workers to exit after their supervisor')
    finally:
        for pid in [proc.pid] + workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        proc.wait(timeout=30)
        log.close()
