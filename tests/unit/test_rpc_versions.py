"""Each rpcapi.py / manager.py pair shares one version."""

import types
from unittest import mock

import pytest

from nova_lite import baserpc
from nova_lite.compute import manager as compute_manager
from nova_lite.compute import rpcapi as compute_rpcapi
from nova_lite.conductor import manager as conductor_manager
from nova_lite.conductor import rpcapi as conductor_rpcapi
from nova_lite import exception
from nova_lite.network import manager as network_manager
from nova_lite.network import rpcapi as network_rpcapi
from nova_lite.scheduler import manager as scheduler_manager
from nova_lite.scheduler import rpcapi as scheduler_rpcapi


@pytest.mark.parametrize('client, server, name', [
    (conductor_rpcapi.RPC_API_VERSION, conductor_manager.RPC_API_VERSION,
     'conductor'),
    (conductor_rpcapi.COMPUTE_TASK_RPC_API_VERSION,
     conductor_manager.COMPUTE_TASK_RPC_API_VERSION, 'compute_task'),
    (scheduler_rpcapi.RPC_API_VERSION, scheduler_manager.RPC_API_VERSION,
     'scheduler'),
    (compute_rpcapi.RPC_API_VERSION, compute_manager.RPC_API_VERSION,
     'compute'),
    (network_rpcapi.RPC_API_VERSION, network_manager.RPC_API_VERSION,
     'network'),
])
def test_versions_in_sync(client, server, name):
    assert client == server, '%s rpcapi and manager disagree' % name


@pytest.mark.parametrize('endpoint, version, namespace', [
    (conductor_manager.ConductorManager, conductor_rpcapi.RPC_API_VERSION,
     None),
    (conductor_manager.ComputeTaskManager,
     conductor_rpcapi.COMPUTE_TASK_RPC_API_VERSION,
     conductor_rpcapi.COMPUTE_TASK_NAMESPACE),
    (scheduler_manager.SchedulerManager, scheduler_rpcapi.RPC_API_VERSION,
     None),
    (compute_manager.ComputeManager, compute_rpcapi.RPC_API_VERSION, None),
    (network_manager.NetworkManager, network_rpcapi.RPC_API_VERSION, None),
    (baserpc.BaseRPCEndpoint, baserpc.RPC_API_VERSION, baserpc.NAMESPACE),
])
def test_endpoint_targets_serve_the_client_version(endpoint, version,
                                                   namespace):
    assert endpoint.target.version == version
    assert endpoint.target.namespace == namespace


def test_conductor_endpoint_serves_every_client_method():
    for name in ('object_class_action_versions', 'object_action',
                 'object_backport_versions'):
        assert callable(getattr(conductor_manager.ConductorManager, name))
    assert callable(conductor_manager.ComputeTaskManager.build_instances)
    assert callable(scheduler_manager.SchedulerManager.select_destinations)
    for name in ('build_and_run_instance', 'terminate_instance',
                 'external_instance_event', 'stop_instance',
                 'start_instance', 'reboot_instance'):
        assert callable(getattr(compute_manager.ComputeManager, name))
        assert callable(getattr(compute_rpcapi.ComputeAPI, name))


def test_network_endpoint_serves_every_client_method():
    for name in ('update_device_up', 'update_device_down'):
        assert callable(getattr(network_manager.NetworkManager, name))
        assert callable(getattr(network_rpcapi.NetworkAPI, name))


def _compute_client(can_send):
    api = compute_rpcapi.ComputeAPI.__new__(compute_rpcapi.ComputeAPI)
    api.client = mock.Mock()
    api.client.can_send_version.return_value = can_send
    return api


@pytest.mark.parametrize('method, kwargs', [
    ('stop_instance', {}),
    ('start_instance', {}),
    ('reboot_instance', {'reboot_type': 'HARD'}),
])
def test_power_actions_cast_at_1_2(method, kwargs):
    api = _compute_client(True)
    instance = types.SimpleNamespace(host='compute2')
    getattr(api, method)('ctx', instance, **kwargs)
    api.client.can_send_version.assert_called_with('1.2')
    api.client.prepare.assert_called_once_with(server='compute2',
                                               version='1.2')
    api.client.prepare.return_value.cast.assert_called_once_with(
        'ctx', method, instance=instance, **kwargs)


def test_power_actions_refused_below_1_2():
    api = _compute_client(False)
    assert not api.can_power_action()
    with pytest.raises(exception.Conflict):
        api.stop_instance('ctx', types.SimpleNamespace(host='compute2'))
    api.client.prepare.assert_not_called()


_MOVE_METHODS = ('prep_resize', 'resize_instance', 'finish_resize',
                 'confirm_resize', 'revert_resize', 'finish_revert_resize',
                 'rebuild_instance', 'shelve_instance',
                 'shelve_offload_instance', 'unshelve_instance')


def test_compute_endpoint_serves_the_1_3_methods():
    for name in _MOVE_METHODS:
        assert callable(getattr(compute_manager.ComputeManager, name))
        assert callable(getattr(compute_rpcapi.ComputeAPI, name))


def test_migration_steps_cast_to_the_right_side_at_1_3():
    api = _compute_client(True)
    instance = types.SimpleNamespace(host='compute1')
    migration = types.SimpleNamespace(source_compute='compute1',
                                      dest_compute='compute2')
    for method, side in (('resize_instance', 'compute1'),
                         ('finish_resize', 'compute2'),
                         ('confirm_resize', 'compute1'),
                         ('revert_resize', 'compute2'),
                         ('finish_revert_resize', 'compute1')):
        api.client.reset_mock()
        getattr(api, method)('ctx', instance, migration)
        api.client.prepare.assert_called_once_with(server=side,
                                                   version='1.3')
        api.client.prepare.return_value.cast.assert_called_once_with(
            'ctx', method, instance=instance, migration=migration)


def test_moves_refused_below_1_3():
    api = _compute_client(False)
    assert not api.can_move()
    with pytest.raises(exception.Conflict):
        api.shelve_instance('ctx', types.SimpleNamespace(host='c1'),
                            offload=True)
    api.client.prepare.assert_not_called()


def test_migrate_server_is_a_call_rebuild_and_unshelve_are_casts():
    api = conductor_rpcapi.ComputeTaskAPI.__new__(
        conductor_rpcapi.ComputeTaskAPI)
    api.client = mock.Mock()
    api.client.can_send_version.return_value = True
    cctxt = api.client.prepare.return_value
    api.migrate_server('ctx', 'inst', None)
    cctxt.call.assert_called_once_with('ctx', 'migrate_server',
                                       instance='inst', flavor=None)
    api.rebuild_instance('ctx', 'inst', 'img')
    api.unshelve_instance('ctx', 'inst')
    assert [c.args[1] for c in cctxt.cast.call_args_list] == [
        'rebuild_instance', 'unshelve_instance']
    api.client.prepare.assert_called_with(version='1.1')
    assert cctxt.call.call_count == 1
    api.client.can_send_version.return_value = False
    with pytest.raises(exception.Conflict):
        api.migrate_server('ctx', 'inst', None)
