"""Calls whose reply is lost (the conductor died holding it): a heartbeat
fails after the heartbeat timeout, not after rpc_response_timeout, so the
next heartbeat goes out before the service looks down; a resource claim
fails after [compute] resource_tracker_call_timeout and frees the lock
every build on the host waits for.

The conductor here is a topic nobody consumes on oslo.messaging's fake
transport: every call to it waits for a reply that never comes.
"""

import time
import types

import oslo_messaging as messaging
from oslo_messaging import conffixture
import pytest

from nova_lite.compute import resource_tracker
from nova_lite.compute import states
from nova_lite.conductor import rpcapi as conductor_rpcapi
from nova_lite import context as nl_context
from nova_lite.objects import base as objects_base
from nova_lite.objects import compute_node as node_obj
from nova_lite.objects import instance as instance_obj
from nova_lite.objects import service as service_obj
from nova_lite import rpc
from nova_lite.servicegroup import api as servicegroup
from nova_lite.servicegroup import db as db_driver
from nova_lite.virt import fake
from tests.fixtures import scheduler as fx


@pytest.fixture
def dead_conductor(conf):
    conffixture.ConfFixture(conf)  # registers oslo.messaging's options
    conf.set_override('rpc_response_timeout', 60)
    rpc.init(conf, url='fake://')
    objects_base.NovaLiteObject.indirection_api = \
        conductor_rpcapi.ConductorAPI(conf)
    try:
        yield
    finally:
        rpc.cleanup()


def _service():
    record = service_obj.Service(id=1, host='compute1',
                                 binary='nova-lite-compute', report_count=3)
    record._context = nl_context.get_admin_context()
    record.obj_reset_changes()
    return types.SimpleNamespace(service_ref=record, host='compute1',
                                 binary='nova-lite-compute',
                                 model_disconnected=False)


@pytest.mark.parametrize('report, down, expected', [
    (10, 60, 10.0),   # the defaults: one report_interval, not 60 s
    (10, 25, 8.0 + 1.0 / 3),  # a third of the down time
    (1, 6, 2.0),      # never below 2 s
    (30, 300, 30.0),
])
def test_heartbeat_timeout(conf, report, down, expected):
    conf.set_override('report_interval', report)
    assert servicegroup.heartbeat_timeout(conf, down) == \
        pytest.approx(expected)


def test_drivers_get_it(conf):
    conf.set_override('report_interval', 10)
    conf.set_override('service_down_time', 60)
    assert servicegroup.API(conf).driver.timeout == 10.0


def test_lost_heartbeat_reply_fails_after_the_heartbeat_timeout(
        dead_conductor):
    service = _service()
    start = time.monotonic()
    db_driver.report_state(service, timeout=0.5)
    elapsed = time.monotonic() - start
    # it waited for the reply, then gave up: not rpc_response_timeout
    assert 0.4 < elapsed < 5, elapsed
    assert service.model_disconnected
    # the increment stays pending for the next heartbeat
    assert service.service_ref.report_count == 4
    assert 'report_count' in service.service_ref.obj_what_changed()


def test_call_timeout_is_scoped(dead_conductor):
    api = objects_base.NovaLiteObject.indirection_api
    with rpc.call_timeout(0.3):
        assert rpc.timeout_override() == 0.3
        assert api._prepare().timeout == 0.3
        start = time.monotonic()
        with pytest.raises(messaging.MessagingTimeout):
            api.object_action(nl_context.get_admin_context(),
                              _service().service_ref, 'save', (), {})
        assert 0.2 < time.monotonic() - start < 5
    # outside the block: the default (rpc_response_timeout)
    assert rpc.timeout_override() is None
    assert api._prepare().timeout is None


def test_lost_claim_reply_frees_the_lock(conf, dead_conductor):
    conf.set_override('resource_tracker_call_timeout', 1, group='compute')
    driver = fake.FakeDriver(conf)
    driver.init_host('compute1')
    tracker = resource_tracker.ResourceTracker(conf, 'compute1', driver)
    context = nl_context.get_admin_context()
    # the node's save carries the binding: both go to the dead conductor
    tracker.compute_nodes['compute1'] = node_obj.ComputeNode(
        context, id=1, host='compute1', hypervisor_hostname='compute1',
        vcpus=8,
        memory_mb=16384, local_gb=200, vcpus_used=0, memory_mb_used=0,
        local_gb_used=0, running_vms=0, cpu_allocation_ratio=1.0,
        ram_allocation_ratio=1.0, disk_allocation_ratio=1.0)
    instance = instance_obj.Instance(
        context, uuid='6a0f0c3e-3c1f-4d59-9a5a-6a1b1c2d3e4f',
        vm_state=states.BUILDING, task_state=states.SCHEDULING,
        flavor=fx.flavor(memory_mb=512, vcpus=1, root_gb=1))
    instance.obj_reset_changes(recursive=True)
    start = time.monotonic()
    with pytest.raises(messaging.MessagingTimeout):
        tracker.instance_claim(context, instance, 'compute1')
    assert 0.8 < time.monotonic() - start < 10
    # the lock is free again, and nothing was counted
    assert tracker._lock.acquire(blocking=False)
    tracker._lock.release()
    assert instance.uuid not in tracker.claimed
    assert tracker.compute_nodes['compute1'].vcpus_used == 0


def test_never_longer_than_rpc_response_timeout(conf, dead_conductor):
    conf.set_override('rpc_response_timeout', 3)
    assert rpc.bounded(conf, 15) == 3
    assert rpc.bounded(conf, 1) == 1
    conf.set_override('report_interval', 10)
    assert servicegroup.heartbeat_timeout(conf, 60) == 3
