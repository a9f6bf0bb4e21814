"""The tooz service-group driver on tooz's file backend (no server needed).

The file backend expires a member whose file was not touched for the URL's
``timeout`` seconds, like Redis expires a heartbeat key; the Redis run of
the same behaviour is tests/integration/test_servicegroup_redis.py.
"""

import logging
import subprocess
import sys
import time

import pytest

from nova_lite.objects import service as service_obj
from nova_lite.servicegroup import api as servicegroup
from nova_lite.servicegroup import db as db_driver
from nova_lite.servicegroup import tooz_driver

LOGGER = 'nova_lite.servicegroup.tooz_driver'


class FakeRecord:
    """The DB Service record as the heartbeat sees it (no DB in unit)."""

    def __init__(self, fail=False):
        self.report_count = 0
        self.last_seen_up = None
        self.fail = fail

    def save(self):
        if self.fail:
            raise RuntimeError('conductor unreachable')


class FakeService:
    """What ``join`` gets: the running nova_lite.service.Service."""

    def __init__(self, host, binary='nova-lite-compute', topic='compute'):
        self.host = host
        self.binary = binary
        self.topic = topic
        self.model_disconnected = False
        self.service_ref = FakeRecord()


def _ref(host, binary='nova-lite-compute', forced_down=False):
    return service_obj.Service(host=host, binary=binary, topic='compute',
                               forced_down=forced_down, disabled=False)


@pytest.fixture
def tooz_conf(conf, tmp_path):
    conf.set_override('driver', 'tooz', group='servicegroup')
    conf.set_override('backend_url', 'file://%s' % (tmp_path / 'coord'),
                      group='servicegroup')
    conf.set_override('update_service_record', False, group='servicegroup')
    conf.set_override('report_interval', 1)
    conf.set_override('service_down_time', 2)
    return conf


@pytest.fixture
def driver(tooz_conf):
    # 1 s expiry so that the expiry tests stay short.
    return tooz_driver.ToozDriver(tooz_conf, 1)


@pytest.fixture
def members():
    made = []

    def make(driver, service, update_record=False):
        member = tooz_driver.Membership(driver.url, service,
                                        update_record=update_record)
        made.append(member)
        return member

    yield make
    for member in made:
        member.stop()


def test_api_picks_the_configured_driver(conf, tooz_conf):
    conf.set_override('driver', 'db', group='servicegroup')
    assert isinstance(servicegroup.API(conf).driver, db_driver.DbDriver)
    conf.set_override('driver', 'tooz', group='servicegroup')
    driver = servicegroup.API(conf).driver
    assert isinstance(driver, tooz_driver.ToozDriver)
    assert driver.down_time == 2
    assert driver.url.endswith('?timeout=2')


def test_db_driver_does_not_import_tooz():
    code = ('import sys\n'
            'from nova_lite import conf\n'
            'from nova_lite.servicegroup import api\n'
            'c = conf.register_all(conf.cfg.ConfigOpts())\n'
            'c([], default_config_files=[])\n'
            'api.API(c).service_is_up\n'
            'assert not [m for m in sys.modules if m.startswith("tooz")], '
            '"tooz imported"\n')
    subprocess.run([sys.executable, '-c', code], check=True, timeout=60)


@pytest.mark.parametrize('url, expected', [
    ('redis://127.0.0.1:6379', 'redis://127.0.0.1:6379?timeout=60'),
    ('redis://:pw@h:6379?namespace=n&timeout=5',
     'redis://:pw@h:6379?namespace=n&timeout=60'),
    ('file:///tmp/c', 'file:///tmp/c?timeout=60'),
])
def test_backend_url_sets_member_expiry(url, expected):
    assert tooz_driver.backend_url(url, 60) == expected


def test_joined_member_is_up_others_are_not(driver, members):
    members(driver, FakeService('compute1')).report()
    assert driver.is_up(_ref('compute1')) is True
    assert driver.is_up(_ref('compute2')) is False
    # Same host, other binary: its own group and member.
    assert driver.is_up(_ref('compute1', binary='nova-lite-conductor')) \
        is False


def test_up_ids_reads_each_group_once(driver, members, monkeypatch):
    members(driver, FakeService('compute1')).report()
    members(driver, FakeService('compute3')).report()
    refs = [_ref('compute1'), _ref('compute2'), _ref('compute3'),
            _ref('compute3', forced_down=True),
            _ref('compute1', binary='nova-lite-conductor')]
    for i, ref in enumerate(refs):
        ref.id = i
    reads = []
    real = tooz_driver.Reader.members
    monkeypatch.setattr(tooz_driver.Reader, 'members',
                        lambda self, group: reads.append(group) or
                        real(self, group))
    assert driver.up_ids(refs) == {0, 2}
    assert sorted(reads) == [b'nova-lite-compute', b'nova-lite-conductor']


def test_forced_down_is_down_even_when_member(driver, members):
    members(driver, FakeService('compute1')).report()
    assert driver.is_up(_ref('compute1', forced_down=True)) is False


def test_graceful_stop_leaves_the_group(driver, members):
    member = members(driver, FakeService('compute1'))
    member.report()
    member.stop()
    assert driver.is_up(_ref('compute1')) is False
    member.report()  # a late tick after stop does not rejoin
    assert driver.is_up(_ref('compute1')) is False


def test_member_expires_when_heartbeats_stop(driver, members):
    member = members(driver, FakeService('compute1'))
    member.report()
    assert driver.is_up(_ref('compute1')) is True
    time.sleep(1.5)
    assert driver.is_up(_ref('compute1')) is False
    member.report()  # the heartbeat moves the boundary again
    assert driver.is_up(_ref('compute1')) is True


def test_restarted_service_takes_over_its_stale_entry(driver, members):
    members(driver, FakeService('compute1')).report()  # then "crashes"
    again = members(driver, FakeService('compute1'))
    again.report()
    time.sleep(1.5)
    again.report()
    assert driver.is_up(_ref('compute1')) is True


def test_join_runs_the_heartbeat_loop(tooz_conf):
    group = servicegroup.API(tooz_conf)
    timer = group.join(FakeService('compute1'))
    try:
        deadline = time.monotonic() + 5
        while not group.service_is_up(_ref('compute1')):
            assert time.monotonic() < deadline, 'never came up'
            time.sleep(0.05)
    finally:
        timer.stop()
        timer.wait()
    assert group.service_is_up(_ref('compute1')) is False


def test_backend_loss_logged_once_then_recovery_once(driver, tmp_path,
                                                     caplog):
    blocker = tmp_path / 'blocker'
    blocker.write_text('a file where the backend wants a directory')
    url = 'file://%s?timeout=1' % (blocker / 'coord')
    member = tooz_driver.Membership(url, FakeService('compute1'),
                                    update_record=False)
    caplog.set_level(logging.INFO, logger=LOGGER)
    for _ in range(3):
        member.report()  # never raises
    assert member.disconnected is True
    lost = [r for r in caplog.records if 'went away' in r.getMessage()]
    assert len(lost) == 1
    blocker.unlink()
    member.report()
    member.report()
    assert member.disconnected is False
    back = [r for r in caplog.records if 'is back' in r.getMessage()]
    assert len(back) == 1
    assert tooz_driver.reader(url).members(b'nova-lite-compute') == \
        {b'nova-lite-compute:compute1'}
    member.stop()


def test_unreachable_backend_answers_down_and_logs_once(tmp_path, caplog):
    blocker = tmp_path / 'blocker'
    blocker.write_text('')
    url = 'file://%s?timeout=1' % (blocker / 'coord')
    reader = tooz_driver.Reader(url)
    caplog.set_level(logging.INFO, logger=LOGGER)
    assert reader.members(b'nova-lite-compute') == set()
    assert reader.members(b'nova-lite-compute') == set()
    assert reader.disconnected is True
    assert len([r for r in caplog.records
                if 'went away' in r.getMessage()]) == 1
    blocker.unlink()
    assert reader.members(b'nova-lite-compute') == set()
    assert reader.disconnected is False
    reader.close()


def test_service_record_updated_only_when_asked(driver, members):
    counted = FakeService('compute1')
    members(driver, counted, update_record=True).report()
    assert counted.service_ref.report_count == 1
    assert counted.service_ref.last_seen_up is not None
    quiet = FakeService('compute2')
    members(driver, quiet).report()
    assert quiet.service_ref.report_count == 0


def test_db_write_failure_does_not_stop_the_membership(driver, members):
    service = FakeService('compute1')
    service.service_ref.fail = True
    members(driver, service, update_record=True).report()
    assert service.model_disconnected is True
    assert driver.is_up(_ref('compute1')) is True
