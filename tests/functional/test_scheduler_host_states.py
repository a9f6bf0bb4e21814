"""The scheduler's host states follow the database: node usage and a
service disabled on the next request, a service enabled within
``[scheduler] service_state_interval``."""

import time

from nova_lite.objects import compute_node
from nova_lite.objects import service as service_obj


def _states(cloud, host_manager):
    with host_manager.lock:
        return {s.nodename: s for s in host_manager.get_host_states(
            cloud.admin)}


def test_host_states_follow_node_and_service_changes(cloud):
    scheduler = next(s for s in cloud.services
                     if s.binary == 'nova-lite-scheduler')
    host_manager = scheduler.manager.driver.host_manager
    interval = cloud.conf.scheduler.service_state_interval
    deadline = time.monotonic() + 20
    while len(_states(cloud, host_manager)) < 2:
        assert time.monotonic() < deadline, 'compute nodes not reported'
        time.sleep(0.1)
    node = compute_node.ComputeNodeList.get_all(cloud.admin)[0]
    for used in (1000, 2000, 3000):  # back to back: each one is seen
        node.memory_mb_used = used
        node.save()
        state = _states(cloud, host_manager)[node.hypervisor_hostname]
        assert state.db_ram_used_mb == used
    record = service_obj.Service.get_by_host_and_binary(
        cloud.admin, node.host, 'nova-lite-compute')
    record.disabled = True
    record.save()
    # Disabling is seen on the next request; enabling within the interval.
    state = _states(cloud, host_manager)[node.hypervisor_hostname]
    assert state.service.disabled
    record.disabled = False
    record.save()
    time.sleep(interval + 0.1)
    state = _states(cloud, host_manager)[node.hypervisor_hostname]
    assert not state.service.disabled
