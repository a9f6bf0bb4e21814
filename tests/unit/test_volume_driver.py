"""The file backend and the volume-side create workflow (no services)."""

import os
import types
from unittest import mock

import pytest

from nova_lite import exception
from nova_lite.volume import create
from nova_lite.volume import driver as file_driver

GiB = file_driver.GiB


def _vol(vid='v1', size=1, **kw):
    return types.SimpleNamespace(id=vid, size=size, **kw)


@pytest.fixture
def drv(tmp_path):
    d = file_driver.FileDriver(str(tmp_path / 'vols'))
    d.setup()
    return d


def test_empty_volume_is_sparse_of_its_size(drv):
    drv.create_volume(_vol(size=2))
    path = drv.volume_path('v1')
    assert os.path.getsize(path) == 2 * GiB
    assert os.stat(path).st_blocks * 512 < 1024 * 1024  # sparse


def test_bytes_survive_snapshot_then_new_volume(drv):
    drv.create_volume(_vol('src'))
    with open(drv.volume_path('src'), 'r+b') as f:
        f.seek(12345)
        f.write(b'hello volume')
    drv.create_snapshot(types.SimpleNamespace(id='s1', volume_id='src'))
    with open(drv.volume_path('src'), 'r+b') as f:  # later writes
        f.seek(12345)
        f.write(b'CHANGED!!!!!')
    drv.create_volume_from_snapshot(_vol('new', size=2),
                                    types.SimpleNamespace(id='s1'))
    with open(drv.volume_path('new'), 'rb') as f:
        f.seek(12345)
        assert f.read(12) == b'hello volume'
    assert os.path.getsize(drv.volume_path('new')) == 2 * GiB


def test_clone_copies_bytes(drv):
    drv.create_volume(_vol('src'))
    with open(drv.volume_path('src'), 'r+b') as f:
        f.write(b'abc')
    drv.create_cloned_volume(_vol('c'), _vol('src'))
    with open(drv.volume_path('c'), 'rb') as f:
        assert f.read(3) == b'abc'


def test_from_image_and_too_large_image(drv, tmp_path):
    image = tmp_path / 'img'
    image.write_bytes(b'IMG' * 10)
    drv.create_volume_from_image(_vol('i'), str(image))
    with open(drv.volume_path('i'), 'rb') as f:
        assert f.read(30) == b'IMG' * 10
    with mock.patch.object(file_driver, 'GiB', 10):
        with pytest.raises(exception.VolumeBackendFailed):
            drv.create_volume_from_image(_vol('j', size=1), str(image))


def test_missing_snapshot_file_fails_cleanly(drv):
    with pytest.raises(exception.VolumeBackendFailed):
        drv.create_volume_from_snapshot(_vol('x'),
                                        types.SimpleNamespace(id='nope'))
    assert not os.path.exists(drv.volume_path('x'))


def test_capacity_counts_allocated_volumes(drv):
    drv.create_volume(_vol('a', size=2))
    drv.create_volume(_vol('b', size=3))
    total, free, allocated = drv.get_capacity()
    assert allocated == 5
    assert total >= free >= 0
    drv.capacity_gb = 20
    assert drv.get_capacity() == (20, 15, 5)


class _Volume(types.SimpleNamespace):
    def save(self, expected_status=None):
        self.saves.append((dict(vars(self)), expected_status))

    def obj_attr_is_set(self, name):
        return hasattr(self, name)


def _volume(**kw):
    values = dict(id='v1', size=1, status='creating', host='vol1',
                  status_reason=None, bootable=False, saves=[])
    values.update(kw)
    return _Volume(**values)


def _run(volume, spec, allow_reschedule, drv, scheduler=None):
    scheduler = scheduler or mock.Mock()
    with mock.patch.object(create.notify, 'notify_volume') as note:
        create.create_volume(None, drv, 'vol1', volume, spec,
                             allow_reschedule, scheduler, '/nonexistent')
    return scheduler, [c.args[2] for c in note.call_args_list]


def test_create_empty_sets_available(drv):
    volume = _volume()
    _sched, events = _run(volume, {}, False, drv)
    assert volume.status == 'available' and volume.launched_at
    assert events == ['volume.create.start', 'volume.create.end']
    assert os.path.exists(drv.volume_path('v1'))


def test_failure_without_reschedule_is_error_with_reason(drv):
    volume = _volume()
    sched, events = _run(volume, {'image_id': 'img'}, False, drv)
    assert volume.status == 'error'
    assert 'image file' in volume.status_reason
    # downloading was written before the copy started
    assert volume.saves[0][0]['status'] == 'downloading'
    assert events[-1] == 'volume.create.error'
    sched.create_volume.assert_not_called()
    assert not os.path.exists(drv.volume_path('v1'))


def test_failure_reschedules_once(drv):
    volume = _volume()
    sched, _ = _run(volume, {'snapshot_id': 's'}, True, drv,
                    scheduler=mock.Mock())
    # Snapshot.get_by_id fails here (no DB, no conductor): a failure
    sched.create_volume.assert_called_once()
    spec = sched.create_volume.call_args.kwargs['request_spec']
    assert spec['retry'] == {'num_attempts': 2, 'hosts': ['vol1']}
    assert (volume.status, volume.host) == ('creating', None)
    # the second failure, on another host, is final
    volume.host = 'vol2'
    sched2, _ = _run(volume, spec, True, drv)
    sched2.create_volume.assert_not_called()
    assert volume.status == 'error'
