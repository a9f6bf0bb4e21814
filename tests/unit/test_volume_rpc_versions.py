"""The volume and volume-scheduler rpcapi/manager pairs share a version,
and each endpoint serves every method its client sends."""

import inspect

from nova_lite.scheduler.volume import manager as vsched_manager
from nova_lite.scheduler.volume import rpcapi as vsched_rpcapi
from nova_lite.volume import manager as volume_manager
from nova_lite.volume import rpcapi as volume_rpcapi


def _client_methods(cls):
    return [name for name, _ in inspect.getmembers(cls, inspect.isfunction)
            if not name.startswith('_')]


def test_volume_pair_in_sync():
    assert volume_rpcapi.RPC_API_VERSION == volume_manager.RPC_API_VERSION
    target = volume_manager.VolumeManager.target
    assert (target.version, target.namespace) == \
        (volume_rpcapi.RPC_API_VERSION, None)
    for name in _client_methods(volume_rpcapi.VolumeAPI):
        assert callable(getattr(volume_manager.VolumeManager, name)), name


def test_volume_scheduler_pair_in_sync():
    assert vsched_rpcapi.RPC_API_VERSION == vsched_manager.RPC_API_VERSION
    target = vsched_manager.VolumeSchedulerManager.target
    assert (target.version, target.namespace) == \
        (vsched_rpcapi.RPC_API_VERSION, vsched_rpcapi.NAMESPACE)
    for name in _client_methods(vsched_rpcapi.VolumeSchedulerAPI):
        assert callable(getattr(vsched_manager.VolumeSchedulerManager,
                                name)), name
