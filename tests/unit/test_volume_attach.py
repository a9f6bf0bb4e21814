"""Compute RPC 1.6 (attach/detach casts) and the compute-side attach."""

import types
from unittest import mock

import pytest

from nova_lite.compute import rpcapi as compute_rpcapi
from nova_lite.compute import volumes as compute_volumes
from nova_lite import exception


def _client(conf, cap=None):
    if cap:
        conf.set_override('compute', cap, group='upgrade_levels')
    api = compute_rpcapi.ComputeAPI.__new__(compute_rpcapi.ComputeAPI)
    api.client = mock.Mock()
    api.client.can_send_version.side_effect = \
        lambda v: cap is None or tuple(map(int, v.split('.'))) <= \
        tuple(map(int, cap.split('.')))
    return api


def test_attach_and_detach_cast_16_to_the_instance_host(conf):
    api = _client(conf)
    instance = types.SimpleNamespace(host='c1', uuid='u')
    api.attach_volume(None, instance, 'vid', '/dev/vdb')
    api.client.prepare.assert_called_with(server='c1', version='1.6')
    api.client.prepare.return_value.cast.assert_called_with(
        None, 'attach_volume', instance=instance, volume_id='vid',
        mountpoint='/dev/vdb')
    api.detach_volume(None, instance, 'vid')
    api.client.prepare.return_value.cast.assert_called_with(
        None, 'detach_volume', instance=instance, volume_id='vid')


def test_capped_below_16_refuses(conf):
    api = _client(conf, cap='1.5')
    with pytest.raises(exception.Conflict):
        api.attach_volume(None, types.SimpleNamespace(host='c1'), 'v', 'd')
    api.client.prepare.assert_not_called()


class _Volume(types.SimpleNamespace):
    def save(self, expected_status=None):
        self.saves.append((self.status, self.attach_status, expected_status))


def test_failed_attach_gives_the_volume_back():
    volume = _Volume(id='v', status='attaching', attach_status='attaching',
                     instance_uuid='u', mountpoint='/dev/vdb', saves=[])
    manager = mock.Mock()
    manager.volume_rpcapi.initialize_connection.return_value = {'p': 1}
    manager.driver.attach_volume.side_effect = \
        exception.FeatureNotSupported()
    with mock.patch.object(compute_volumes.volume_obj.Volume, 'get_by_id',
                           return_value=volume):
        compute_volumes.attach(manager, None,
                               types.SimpleNamespace(uuid='u'), 'v',
                               '/dev/vdb')
    assert volume.saves == [('available', 'detached', None)]
    assert (volume.instance_uuid, volume.mountpoint) == (None, None)


def _attach(device_from_driver):
    volume = _Volume(id='v', status='attaching', attach_status='attaching',
                     instance_uuid='u', mountpoint='/dev/sdb', saves=[])
    manager = mock.Mock()
    manager.volume_rpcapi.initialize_connection.return_value = {
        'driver_volume_type': 'file', 'data': {'path': '/v/volume-v'}}
    manager.driver.attach_volume.return_value = device_from_driver
    with mock.patch.object(compute_volumes.volume_obj.Volume, 'get_by_id',
                           return_value=volume):
        compute_volumes.attach(manager, None,
                               types.SimpleNamespace(uuid='u'), 'v',
                               '/dev/sdb')
    return volume, manager


def test_attach_sets_in_use_with_compare_and_swap():
    volume, manager = _attach(None)
    assert volume.saves == [('in-use', 'attached', ['attaching'])]
    assert volume.mountpoint == '/dev/sdb'
    # the driver learns the volume id (the disk's serial)
    [call] = manager.driver.attach_volume.call_args_list
    assert call.args[2] == {'driver_volume_type': 'file',
                            'data': {'path': '/v/volume-v'}, 'serial': 'v'}


def test_attach_records_the_device_the_driver_chose():
    volume, _manager = _attach('/dev/vdc')
    assert volume.saves == [('in-use', 'attached', ['attaching'])]
    assert volume.mountpoint == '/dev/vdc'


def test_a_detach_the_guest_refuses_leaves_the_volume_in_use():
    volume = _Volume(id='v', status='detaching', attach_status='attached',
                     instance_uuid='u', mountpoint='/dev/vdb', saves=[])
    manager = mock.Mock()
    manager.driver.detach_volume.side_effect = \
        exception.NovaLiteException('did not release')
    with mock.patch.object(compute_volumes.volume_obj.Volume, 'get_by_id',
                           return_value=volume), \
            pytest.raises(exception.NovaLiteException):
        compute_volumes.detach(manager, None,
                               types.SimpleNamespace(uuid='u'), 'v')
    assert volume.saves == [('in-use', 'attached', ['detaching'])]
    assert volume.mountpoint == '/dev/vdb'
    manager.volume_rpcapi.terminate_connection.assert_not_called()


def test_reattach_skips_unattached_and_survives_a_failure():
    volumes = [
        _Volume(id='a', status='in-use', attach_status='attached',
                mountpoint='/dev/vdb', saves=[]),
        _Volume(id='b', status='attaching', attach_status='attaching',
                mountpoint='/dev/vdc', saves=[]),
        _Volume(id='c', status='in-use', attach_status='attached',
                mountpoint='/dev/vdd', saves=[])]
    manager = mock.Mock()
    manager.volume_rpcapi.initialize_connection.side_effect = \
        lambda _ctx, vol: {'driver_volume_type': 'file',
                           'data': {'path': '/v/volume-' + vol.id}}
    manager.driver.attach_volume.side_effect = [
        exception.NovaLiteException('gone'), None]
    with mock.patch.object(compute_volumes.volume_obj.VolumeList, 'get_all',
                           return_value=volumes):
        compute_volumes.reattach_all(manager, None,
                                     types.SimpleNamespace(uuid='u'))
    calls = manager.driver.attach_volume.call_args_list
    assert [(c.args[2]['serial'], c.args[3]) for c in calls] == [
        ('a', '/dev/vdb'), ('c', '/dev/vdd')]
    assert all(v.saves == [] for v in volumes)  # no state changed
