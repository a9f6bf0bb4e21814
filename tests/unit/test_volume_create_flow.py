"""The API-side volume create flow: VolumeCastTask's branches and the
reverts of the earlier tasks (no DB: objects and quota are doubles)."""

import types
from unittest import mock

import pytest

from nova_lite import exception
from nova_lite.volume import create_flow

SNAP = types.SimpleNamespace(id='s1', volume_id='src-of-snap')
VOLUMES = {'src-of-snap': types.SimpleNamespace(host='snaphost'),
           'srcvol': types.SimpleNamespace(host='srchost')}


class _Volume(types.SimpleNamespace):
    def save(self):
        self.saved.append(dict(host=self.host, status=self.status))


def _volume():
    return _Volume(id='new', host=None, status='creating', saved=[],
                   scheduled_at=None)


@pytest.fixture
def lookups():
    with mock.patch.object(create_flow.snapshot_obj.Snapshot, 'get_by_id',
                           return_value=SNAP), \
            mock.patch.object(create_flow.volume_obj.Volume, 'get_by_id',
                              side_effect=lambda ctx, vid: VOLUMES[vid]):
        yield


def _cast(conf, spec, same_host=True):
    conf.set_override('snapshot_same_host', same_host, group='volume')
    sched, vol_rpc = mock.Mock(), mock.Mock()
    volume = _volume()
    create_flow.VolumeCastTask(conf, sched, vol_rpc).execute(
        None, volume, spec)
    return volume, sched, vol_rpc


def test_snapshot_same_host_casts_to_the_snapshots_host(conf, lookups):
    volume, sched, vol_rpc = _cast(conf, {'snapshot_id': 's1'})
    assert volume.host == 'snaphost' and volume.scheduled_at
    assert volume.saved == [{'host': 'snaphost', 'status': 'creating'}]
    vol_rpc.create_volume.assert_called_once_with(
        None, volume=volume, request_spec={'snapshot_id': 's1'},
        allow_reschedule=False)
    sched.create_volume.assert_not_called()


def test_snapshot_without_same_host_goes_to_the_scheduler(conf, lookups):
    volume, sched, vol_rpc = _cast(conf, {'snapshot_id': 's1'},
                                   same_host=False)
    sched.create_volume.assert_called_once_with(
        None, volume=volume, request_spec={'snapshot_id': 's1'})
    vol_rpc.create_volume.assert_not_called()
    assert volume.host is None and volume.saved == []


def test_source_volume_casts_to_its_host(conf, lookups):
    volume, sched, vol_rpc = _cast(conf, {'source_volid': 'srcvol'})
    assert volume.host == 'srchost'
    assert vol_rpc.create_volume.call_args.kwargs['allow_reschedule'] is \
        False
    sched.create_volume.assert_not_called()


def test_snapshot_takes_precedence_over_source(conf, lookups):
    volume, _sched, _rpc = _cast(conf, {'snapshot_id': 's1',
                                        'source_volid': 'srcvol'})
    assert volume.host == 'snaphost'


def test_no_known_host_goes_to_the_scheduler(conf, lookups):
    for spec in ({}, {'image_id': 'img'}):
        volume, sched, vol_rpc = _cast(conf, spec)
        sched.create_volume.assert_called_once()
        vol_rpc.create_volume.assert_not_called()


def test_source_volume_without_host_goes_to_the_scheduler(conf):
    with mock.patch.object(create_flow.volume_obj.Volume, 'get_by_id',
                           return_value=types.SimpleNamespace(host=None)):
        _volume_, sched, vol_rpc = _cast(conf, {'source_volid': 'x'})
    sched.create_volume.assert_called_once()
    vol_rpc.create_volume.assert_not_called()


class _Row(types.SimpleNamespace):
    def create(self):
        self.id = 'row1'

    def save(self):
        self.saves.append((self.status, self.status_reason))


def test_failed_cast_reverts_row_to_error_and_releases_quota(conf):
    quota = mock.Mock()
    quota.reserve.return_value = 'resv-1'
    made = []

    def make_row(context, **values):
        row = _Row(saves=[], status_reason=None, **values)
        made.append(row)
        return row

    sched = mock.Mock()
    sched.create_volume.side_effect = RuntimeError('broker gone')
    ctx = types.SimpleNamespace(project_id='p', user_id='u', is_admin=False)
    with mock.patch.object(create_flow, 'volume_quota', quota), \
            mock.patch.object(create_flow.volume_type, 'get_default',
                              return_value={'id': 'type1'}), \
            mock.patch.object(create_flow.volume_obj, 'Volume',
                              side_effect=make_row):
        with pytest.raises(RuntimeError):
            create_flow.run(ctx, {'size': 2, 'name': 'v'}, conf, sched,
                            mock.Mock())
    quota.reserve.assert_called_once_with(
        ctx, conf, 'p', {'volumes': 1, 'gigabytes': 2})
    quota.rollback.assert_called_once_with(ctx, 'resv-1')
    quota.commit.assert_not_called()
    (row,) = made
    assert row.saves == [('error', 'broker gone')]


def test_over_quota_creates_no_row(conf):
    quota = mock.Mock()
    quota.reserve.side_effect = exception.VolumeLimitExceeded(
        allowed=1, name='volumes')
    ctx = types.SimpleNamespace(project_id='p', user_id='u', is_admin=False)
    with mock.patch.object(create_flow, 'volume_quota', quota), \
            mock.patch.object(create_flow.volume_type, 'get_default',
                              return_value={'id': 'type1'}), \
            mock.patch.object(create_flow.volume_obj, 'Volume') as cls:
        with pytest.raises(exception.VolumeLimitExceeded):
            create_flow.run(ctx, {'size': 1}, conf, mock.Mock(),
                            mock.Mock())
    cls.assert_not_called()
    quota.rollback.assert_not_called()


def test_zone_host_force_is_admin_only(conf):
    task = create_flow.ExtractVolumeRequestTask(conf)
    member = types.SimpleNamespace(project_id='p', user_id='u',
                                   is_admin=False)
    with pytest.raises(exception.InvalidVolume):
        task.execute(member, {'size': 1, 'availability_zone': 'nova:vol2'})
    admin = types.SimpleNamespace(project_id='p', user_id='u',
                                  is_admin=True)
    with mock.patch.object(create_flow.volume_type, 'get_default',
                           return_value={'id': 't'}):
        props, spec = task.execute(admin, {
            'size': 1, 'availability_zone': 'nova:vol2'})
    assert props['availability_zone'] == 'nova'
    assert spec['force_host'] == 'vol2'
