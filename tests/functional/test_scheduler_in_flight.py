"""The scheduler's in-flight claims end on the four columns it reads
(``instance.placement_states``): host set, deleted, ERROR."""

import time

from nova_lite.objects import instance as instance_obj


def _wait_gone(cloud, sid, timeout=20):
    deadline = time.monotonic() + timeout
    while cloud.request('GET', '/v2.1/servers/%s' % sid,
                        token='admin:admin').status_int != 404:
        assert time.monotonic() < deadline, 'server %s not deleted' % sid
        time.sleep(0.05)


def test_placement_states(cloud):
    active = cloud.create_server('placed')
    cloud.wait_for_status(active, ('ACTIVE',))
    failed = cloud.create_server('too-big', flavor='m1.huge')
    cloud.wait_for_status(failed, ('ERROR',))
    gone = cloud.create_server('gone')
    cloud.wait_for_status(gone, ('ACTIVE',))
    cloud.request('DELETE', '/v2.1/servers/%s' % gone, token='admin:admin')
    _wait_gone(cloud, gone)
    states = instance_obj.placement_states(
        cloud.admin, [active, failed, gone, 'no-such-uuid'])
    assert set(states) == {active, failed, gone}
    assert states[active][0] in ('compute1', 'compute2')
    assert not states[active][1]
    assert states[failed][0] is None and states[failed][2] == 'error'
    assert states[gone][1]  # soft-deleted rows are read too
    assert instance_obj.placement_states(cloud.admin, []) == {}


def test_claims_end_when_instances_settle(cloud):
    scheduler = next(s for s in cloud.services
                     if s.binary == 'nova-lite-scheduler')
    host_manager = scheduler.manager.driver.host_manager
    sids = [cloud.create_server('claim-%d' % i) for i in range(3)]
    for sid in sids:
        cloud.wait_for_status(sid, ('ACTIVE',))
    # the next request's refresh drops the claims of placed instances
    cloud.wait_for_status(cloud.create_server('next'), ('ACTIVE',))
    pending = {u for state in host_manager._states.values()
               for u in state.in_flight}
    assert not pending & set(sids)
