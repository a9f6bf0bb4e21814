"""Service group arithmetic: down time and is_up around the boundary."""

import datetime

from oslo_utils import timeutils
import pytest

from nova_lite.objects import service as service_obj
from nova_lite.servicegroup import api as servicegroup
from nova_lite.servicegroup import db as db_driver

NOW = datetime.datetime(2024, 5, 1, 12, 0, 0)


@pytest.fixture
def frozen_time():
    timeutils.set_time_override(NOW)
    try:
        yield
    finally:
        timeutils.clear_time_override()


@pytest.mark.parametrize('down, report, expected', [
    (60, 10, 60),   # larger: kept
    (11, 10, 11),
    (10, 10, 25),   # equal: raised to 2.5 x report_interval
    (5, 10, 25),
    (30, 20, 30),
    (20, 20, 50),
    (3, 3, 7),      # int(7.5)
])
def test_effective_down_time(conf, down, report, expected):
    conf.set_override('service_down_time', down)
    conf.set_override('report_interval', report)
    assert servicegroup.effective_down_time(conf) == expected


def test_api_uses_effective_down_time(conf):
    conf.set_override('service_down_time', 10)
    conf.set_override('report_interval', 10)
    assert servicegroup.API(conf).driver.down_time == 25


def _service(**values):
    fields = dict(host='compute1', binary='nova-lite-compute',
                  topic='compute', forced_down=False, disabled=False,
                  last_seen_up=None, created_at=None, updated_at=None)
    fields.update(values)
    return service_obj.Service(**fields)


def _ago(seconds):
    return NOW - datetime.timedelta(seconds=seconds)


@pytest.mark.parametrize('age, up', [
    (0, True), (59, True), (60, True), (61, False), (3600, False)])
def test_is_up_boundary(conf, frozen_time, age, up):
    driver = db_driver.DbDriver(conf, 60)
    assert driver.is_up(_service(last_seen_up=_ago(age))) is up


def test_is_up_with_aware_timestamps(conf, frozen_time):
    driver = db_driver.DbDriver(conf, 60)
    aware = _ago(30).replace(tzinfo=datetime.timezone.utc)
    assert driver.is_up(_service(last_seen_up=aware)) is True


def test_is_up_falls_back_to_updated_then_created(conf, frozen_time):
    driver = db_driver.DbDriver(conf, 60)
    assert driver.is_up(_service(updated_at=_ago(10))) is True
    assert driver.is_up(_service(created_at=_ago(10))) is True
    assert driver.is_up(_service(created_at=_ago(100))) is False
    assert driver.is_up(_service()) is False


def test_forced_down_is_down(conf, frozen_time):
    driver = db_driver.DbDriver(conf, 60)
    assert driver.is_up(_service(last_seen_up=NOW, forced_down=True)) \
        is False


def test_heartbeat_moves_the_boundary(conf, frozen_time):
    driver = db_driver.DbDriver(conf, 60)
    service = _service(last_seen_up=_ago(0))
    timeutils.advance_time_seconds(61)
    assert driver.is_up(service) is False
    service.last_seen_up = timeutils.utcnow()
    assert driver.is_up(service) is True


def test_up_ids_agrees_with_is_up(conf, frozen_time):
    driver = db_driver.DbDriver(conf, 60)
    refs = [_service(last_seen_up=_ago(age)) for age in (0, 59, 60, 61)]
    refs += [_service(last_seen_up=_ago(-61)),  # clock ahead: down
             _service(last_seen_up=NOW, forced_down=True),
             _service(updated_at=_ago(10)), _service(created_at=_ago(100)),
             _service(),
             _service(last_seen_up=_ago(30).replace(
                 tzinfo=datetime.timezone.utc))]
    for i, ref in enumerate(refs):
        ref.id = i
    assert driver.up_ids(refs) == {r.id for r in refs if driver.is_up(r)}
    assert driver.up_ids(refs) == {0, 1, 2, 6, 9}
    assert servicegroup.API(conf).up_ids(refs) == {0, 1, 2, 6, 9}
