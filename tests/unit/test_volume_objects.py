"""Volume and Snapshot objects travel through the conductor (no DB here)."""

import types
from unittest import mock

from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite.objects import base
from nova_lite.objects import volume as volume_obj
from tests.unit import test_objects

VOL_ID = '8f0b3c3e-6a52-4ff3-9a4e-2b8f5a3d7c11'


def _row(**values):
    row = dict(id=VOL_ID, project_id='demo', user_id='demo', host=None,
               size=1, availability_zone='nova', status='creating',
               status_reason=None, attach_status='detached',
               instance_uuid=None, mountpoint=None, display_name='v',
               display_description=None, volume_type_id=None,
               snapshot_id=None, source_volid=None, image_id=None,
               bootable=False, metadata_='{"k": "v"}', scheduled_at=None,
               launched_at=None, terminated_at=None, created_at=None,
               updated_at=None, deleted_at=None, deleted=0)
    row.update(values)
    return types.SimpleNamespace(**row)


def _conductor(conf):
    double = test_objects.ConductorDouble(conf)
    base.NovaLiteObject.indirection_api = double
    return double


def _ctx():
    return nl_context.RequestContext(user_id='demo', project_id='demo')


def test_volume_save_runs_in_conductor_and_changes_come_back(conf):
    conductor = _conductor(conf)
    seen = {}

    def fake_update(ctx, volume_id, values, expected):
        test_objects._must_run_in_conductor()
        seen.update(values=values, expected=expected)
        return _row(status='available', host='vol1')

    with mock.patch.object(volume_obj, '_volume_get',
                           lambda ctx, vid: _row()), \
            mock.patch.object(volume_obj.Volume, '_db_update',
                              staticmethod(fake_update)):
        volume = volume_obj.Volume.get_by_id(_ctx(), VOL_ID)
        assert volume.metadata == {'k': 'v'}
        volume.status = 'available'
        volume.save(expected_status=['creating'])
    assert conductor.calls == ['object_class_action_versions',
                               'object_action']
    assert seen == {'values': {'status': 'available'},
                    'expected': ['creating']}
    assert (volume.status, volume.host) == ('available', 'vol1')
    assert not volume.obj_what_changed()


def test_volume_status_conflict_reaches_caller(conf):
    _conductor(conf)

    def conflict(ctx, volume_id, values, expected):
        raise exception.VolumeStatusConflict(volume_id=volume_id,
                                             actual='deleting',
                                             expected='creating')

    volume = volume_obj.Volume(_ctx(), id=VOL_ID)
    volume.obj_reset_changes()
    volume.status = 'available'
    with mock.patch.object(volume_obj.Volume, '_db_update',
                           staticmethod(conflict)):
        try:
            volume.save(expected_status=['creating'])
        except exception.VolumeStatusConflict as exc:
            assert 'deleting' in exc.format_message()
        else:
            raise AssertionError('no conflict raised')
