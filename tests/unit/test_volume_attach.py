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


def test_attach_sets_in_use_with_compare_and_swap():
    volume = _Volume(id='v', status='attaching', attach_status='attaching',
                     instance_uuid='u', mountpoint='/dev/vdb', saves=[])
    manager = mock.Mock()
    with mock.patch.object(compute_volumes.volume_obj.Volume, 'get_by_id',
                           return_value=volume):
        compute_volumes.attach(manager, None,
                               types.SimpleNamespace(uuid='u'), 'v',
                               '/dev/vdb')
    assert volume.saves == [('in-use', 'attached', ['attaching'])]
    manager.driver.attach_volume.assert_called_once()
