"""The volume scheduler: its three drivers and its taskflow flow."""

import types
from unittest import mock

import pytest

from nova_lite import exception
from nova_lite.scheduler.volume import drivers
from nova_lite.scheduler.volume import flow
from nova_lite.scheduler.volume import host_state

State = host_state.VolumeHostState


def _hosts():
    return [State('v1', 'nova', total_gb=100, free_gb=90, allocated_gb=30),
            State('v2', 'nova', total_gb=50, free_gb=50, allocated_gb=10),
            State('v3', 'other', total_gb=500, free_gb=500, allocated_gb=0),
            State('down', 'nova', total_gb=999, free_gb=999, up=False)]


def _spec(size=5, zone='nova', **kw):
    spec = {'size': size, 'availability_zone': zone, 'force_host': None,
            'ignore_hosts': []}
    spec.update(kw)
    return spec


def test_filter_weighs_by_unallocated_capacity():
    # v1: 70 free, v2: 40 free, v3 in another zone, down host skipped
    assert drivers.FilterDriver().select(None, _spec(), _hosts()).host == \
        'v1'
    assert drivers.FilterDriver().select(
        None, _spec(zone=None), _hosts()).host == 'v3'


def test_filter_capacity_says_why():
    with pytest.raises(exception.NoValidHost) as info:
        drivers.FilterDriver().select(None, _spec(size=80), _hosts())
    assert 'CapacityFilter removed 2' in info.value.format_message()


def test_chance_picks_only_up_hosts_in_zone():
    chosen = {drivers.ChanceDriver().select(None, _spec(), _hosts()).host
              for _ in range(50)}
    assert chosen == {'v1', 'v2'}


def test_chance_with_no_host_up():
    hosts = [State('d', 'nova', 1, 1, up=False)]
    with pytest.raises(exception.NoValidHost):
        drivers.ChanceDriver().select(None, _spec(), hosts)


def test_simple_fewest_allocated_and_max_gigabytes():
    driver = drivers.SimpleDriver(max_gigabytes=40)
    assert driver.select(None, _spec(), _hosts()).host == 'v2'
    # v2 would pass 40 with 35 more; v1 is already at 30
    with pytest.raises(exception.NoValidHost) as info:
        driver.select(None, _spec(size=35), _hosts())
    assert 'max_gigabytes 40' in info.value.format_message()


def test_simple_skips_disabled_and_retried_hosts():
    hosts = _hosts()
    hosts[1].disabled = True
    driver = drivers.SimpleDriver(max_gigabytes=1000)
    assert driver.select(None, _spec(), hosts).host == 'v1'
    assert driver.select(None, _spec(zone=None, ignore_hosts=['v3']),
                         hosts).host == 'v1'


def test_forced_host_wins_or_says_why():
    for driver in (drivers.SimpleDriver(1), drivers.FilterDriver(),
                   drivers.ChanceDriver()):
        assert driver.select(None, _spec(size=500, force_host='v3'),
                             _hosts()).host == 'v3'
        with pytest.raises(exception.NoValidHost):
            driver.select(None, _spec(force_host='down'), _hosts())
        with pytest.raises(exception.NoValidHost):
            driver.select(None, _spec(force_host='nope'), _hosts())


def test_load_follows_config(conf):
    assert isinstance(drivers.load(conf), drivers.FilterDriver)
    conf.set_override('volume_scheduler_driver', 'simple', group='volume')
    conf.set_override('max_gigabytes', 7, group='volume')
    assert drivers.load(conf).max_gigabytes == 7
    conf.set_override('volume_scheduler_driver', 'chance', group='volume')
    assert isinstance(drivers.load(conf), drivers.ChanceDriver)


class _Volume(types.SimpleNamespace):
    def save(self, expected_status=None):
        if self.fail_save:
            raise self.fail_save
        self.saved.append((self.status, self.host, expected_status))

    def obj_attr_is_set(self, name):
        return hasattr(self, name)


def _volume(**kw):
    values = dict(id='vid', size=5, availability_zone='nova',
                  status='creating', host=None, status_reason=None,
                  saved=[], fail_save=None)
    values.update(kw)
    return _Volume(**values)


def _run(volume, driver, request_spec=None, hosts=None):
    rpc = mock.Mock()
    with mock.patch.object(host_state, 'get_all',
                           return_value=hosts or _hosts()), \
            mock.patch.object(flow.notify, 'notify_volume') as note:
        result = flow.run(None, volume, request_spec or {}, driver=driver,
                          servicegroup=None, volume_rpcapi=rpc,
                          allow_reschedule=True, host='sched1')
    return result, rpc, note


def test_flow_schedules_and_casts_with_reschedule_allowed():
    volume = _volume()
    host, rpc, note = _run(volume, drivers.SimpleDriver(1000))
    assert host == 'v2'
    assert volume.saved == [('creating', 'v2', ['creating'])]
    assert volume.scheduled_at is not None
    rpc.create_volume.assert_called_once_with(
        None, volume=volume, request_spec={}, allow_reschedule=True)
    note.assert_not_called()


def test_flow_excludes_hosts_of_the_retry_record():
    volume = _volume()
    host, _rpc, _ = _run(volume, drivers.SimpleDriver(1000),
                         {'retry': {'num_attempts': 2, 'hosts': ['v2']}})
    assert host == 'v1'


def test_flow_no_valid_host_sets_error_and_does_not_raise():
    volume = _volume(size=10 ** 6)
    host, rpc, note = _run(volume, drivers.FilterDriver())
    assert host is None
    assert volume.status == 'error'
    assert 'CapacityFilter' in volume.status_reason
    rpc.create_volume.assert_not_called()
    assert note.call_args.args[2] == 'scheduler.create_volume.error'


def test_flow_other_error_sets_error_then_raises():
    volume = _volume()
    driver = mock.Mock()
    driver.select.side_effect = RuntimeError('boom')
    with pytest.raises(RuntimeError):
        _run(volume, driver)
    assert (volume.status, volume.status_reason) == ('error', 'boom')
