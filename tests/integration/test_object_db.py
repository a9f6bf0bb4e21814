"""The writes on every build's path, on each real database: instance action
events (Core statements, ids from ``inserted_primary_key``), the
compare-and-swap instance save that no longer reads the row back, and the
compute node's usage update."""

import datetime
import uuid

from oslo_utils import uuidutils
import pytest

from nova_lite import context as nl_context
from nova_lite.db import api as db_api
from nova_lite.db import migration
from nova_lite import exception
from nova_lite import objects
from nova_lite.objects import compute_node
from nova_lite.objects import flavor as flavor_obj
from nova_lite.objects import instance as instance_obj
from nova_lite.objects import instance_action
from tests.fixtures import cloud as cloud_fixture
from tests.integration import conftest
from tests.integration import test_network_db


@pytest.fixture(params=['sqlite', 'postgresql', 'mariadb'])
def ctx(request, tmp_path):
    backend = request.param
    if backend == 'sqlite':
        url = 'sqlite:///%s/objects.sqlite' % tmp_path
    else:
        conftest._require_port(5432 if backend == 'postgresql' else 3306,
                               backend)
        url = conftest.DATABASES[backend] % (
            'nl_obj_' + uuid.uuid4().hex[:10])
        test_network_db._create_database(url)
    conf = cloud_fixture.make_conf(tmp_path, **{'database.connection': url})
    try:
        objects.register_all()
        db_api.configure(conf)
        migration.db_sync()
        yield nl_context.RequestContext(user_id='u', project_id='p',
                                        request_id='req-' + backend,
                                        is_admin=True)
    finally:
        db_api.reset()
        conf.reset()
        if backend != 'sqlite':
            conftest._drop_database(url)


def _instance(ctx):
    flavor = flavor_obj.Flavor(
        id=1, flavorid='t', name='t', memory_mb=64, vcpus=1, root_gb=1,
        ephemeral_gb=0, swap=0, rxtx_factor=1.0, is_public=True,
        disabled=False, description=None, extra_specs={})
    instance = instance_obj.Instance(
        ctx, uuid=uuidutils.generate_uuid(), user_id='u', project_id='p',
        display_name='vm', hostname='vm', image_ref='img', flavor=flavor,
        memory_mb=64, vcpus=1, root_gb=1, ephemeral_gb=0,
        vm_state='building', task_state='scheduling', power_state=0,
        availability_zone='nova', metadata={'k': 'v'})
    instance.create()
    return instance


def test_action_events(ctx):
    instance = _instance(ctx)
    action = instance_action.InstanceAction.action_start(
        ctx, instance.uuid, 'create')
    started = instance_action.InstanceActionEvent.event_start(
        ctx, instance.uuid, 'compute_build', host='c1')
    assert started.id and started.action_id == action.id
    assert started.finish_time is None
    recorded = instance_action.InstanceActionEvent.event_record(
        ctx, instance.uuid, 'scheduler_pick', started.start_time,
        host='s1', result=instance_action.ERROR, details='no host')
    assert recorded.id not in (None, started.id)
    started.finish()
    events = {e.event: e for e in
              instance_action.InstanceActionEventList.get_by_action(
                  ctx, action.id)}
    assert events['compute_build'].result == 'Success'
    assert events['compute_build'].finish_time is not None
    assert events['scheduler_pick'].result == 'Error'
    assert events['scheduler_pick'].details == 'no host'
    assert events['scheduler_pick'].start_time <= \
        events['scheduler_pick'].finish_time
    action = instance_action.InstanceAction.get_by_request_id(
        ctx, instance.uuid, ctx.request_id)
    assert action.message == 'Error' and action.finish_time is not None
    missing = instance_action.InstanceActionEvent(ctx, id=10 ** 6)
    with pytest.raises(exception.InstanceActionEventNotFound):
        missing.finish()
    with pytest.raises(exception.InstanceActionNotFound):
        instance_action.InstanceActionEvent.event_start(
            nl_context.RequestContext(user_id='u', project_id='p',
                                      request_id='req-none'),
            instance.uuid, 'x')


def _events(ctx, instance):
    action = instance_action.InstanceAction.get_by_request_id(
        ctx, instance.uuid, ctx.request_id)
    return action, instance_action.InstanceActionEventList.get_by_action(
        ctx, action.id)


def test_saves_carry_an_event(ctx):
    # a build's event rides on the binding save (start) and the ACTIVE
    # save (end), the times as they arrive over RPC (ISO strings)
    instance = _instance(ctx)
    instance_action.InstanceAction.action_start(ctx, instance.uuid,
                                                'create')
    begun = {'event': 'compute_build', 'host': 'c1',
             'start_time': '2026-11-22T03:00:00.250000'}
    instance.host = 'c1'
    instance.task_state = 'spawning'
    instance.save(expected_task_state='scheduling', action_event=begun)
    _action, [event] = _events(ctx, instance)
    assert event.finish_time is None and event.host == 'c1'
    assert event.start_time.replace(tzinfo=None).isoformat() == \
        '2026-11-22T03:00:00.250000'
    # a save that fails its compare-and-swap writes no event either
    instance.task_state = None
    with pytest.raises(exception.UnexpectedTaskStateError):
        instance.save(expected_task_state='scheduling',
                      action_event=dict(begun, finish_time=begun[
                          'start_time'], result='Success'))
    assert _events(ctx, instance)[1][0].finish_time is None
    instance.save(expected_task_state='spawning', action_event=dict(
        begun, finish_time='2026-11-22T03:00:01', result='Success'))
    action, [event] = _events(ctx, instance)
    assert event.result == 'Success'
    assert event.finish_time.replace(tzinfo=None).isoformat() == \
        '2026-11-22T03:00:01'
    assert action.finish_time == event.finish_time
    # an end with no unfinished row (a pass that repeats, or a reply lost
    # after the commit) is a row of its own: a finished row is never
    # overwritten
    instance_action.InstanceActionEvent.event_record(
        ctx, instance.uuid, 'compute_build', begun['start_time'],
        host='c1', result=instance_action.ERROR, details='late')
    events = _events(ctx, instance)[1]
    assert sorted(e.result for e in events) == ['Error', 'Success']


def test_carried_event_finishes_its_started_row(ctx):
    instance = _instance(ctx)
    instance_action.InstanceAction.action_start(ctx, instance.uuid,
                                                'create')
    begun = {'event': 'compute_build', 'host': 'c1',
             'start_time': instance_action.utils.utcnow()}
    instance.task_state = 'spawning'
    instance.save(expected_task_state='scheduling', action_event=begun)
    # the build failed before its ACTIVE save: the end finishes that row
    instance_action.InstanceActionEvent.event_record(
        ctx, instance.uuid, 'compute_build', begun['start_time'],
        host='c1', result=instance_action.ERROR, details='spawn failed')
    action, [event] = _events(ctx, instance)
    assert (event.result, event.details) == ('Error', 'spawn failed')
    assert action.message == 'Error'


def test_carried_event_without_an_action_does_not_fail_the_save(ctx):
    instance = _instance(ctx)  # no action under this request id
    instance.task_state = 'spawning'
    instance.save(expected_task_state='scheduling', action_event={
        'event': 'compute_build', 'host': 'c1',
        'start_time': instance_action.utils.utcnow()})
    stored = instance_obj.Instance.get_by_uuid(ctx, instance.uuid)
    assert stored.task_state == 'spawning'


def test_instance_save_is_a_compare_and_swap(ctx):
    instance = _instance(ctx)
    before = instance_obj.Instance.get_by_uuid(ctx, instance.uuid)
    instance.host = 'c1'
    instance.task_state = 'spawning'
    instance.save(expected_task_state='scheduling')
    assert not instance.obj_what_changed()
    assert instance.updated_at is not None
    stored = instance_obj.Instance.get_by_uuid(ctx, instance.uuid)
    assert (stored.host, stored.task_state) == ('c1', 'spawning')
    assert stored.metadata == {'k': 'v'}
    assert stored.updated_at != before.updated_at
    # a writer that expected the old state loses, and writes nothing
    before.vm_state = 'error'
    with pytest.raises(exception.UnexpectedTaskStateError):
        before.save(expected_task_state='scheduling')
    assert instance_obj.Instance.get_by_uuid(
        ctx, instance.uuid).vm_state == 'building'
    instance.destroy()
    instance.task_state = None
    with pytest.raises(exception.InstanceNotFound):
        instance.save()


def _node(ctx):
    node = compute_node.ComputeNode(
        ctx, uuid=uuidutils.generate_uuid(), host='c1',
        hypervisor_hostname='c1', hypervisor_type='fake',
        hypervisor_version=1, vcpus=4, memory_mb=4096, local_gb=40,
        vcpus_used=0, memory_mb_used=0, local_gb_used=0, running_vms=0,
        cpu_allocation_ratio=1.0, ram_allocation_ratio=1.0,
        disk_allocation_ratio=1.0)
    node.create()
    return node


def test_compute_node_save(ctx):
    node = _node(ctx)
    node.vcpus_used = 1
    node.running_vms = 1
    node.save()
    assert not node.obj_what_changed() and node.updated_at is not None
    [stored] = compute_node.ComputeNodeList.get_all(ctx)
    assert (stored.vcpus_used, stored.running_vms) == (1, 1)
    assert stored.updated_at is not None
    node.destroy()
    node.vcpus_used = 2
    with pytest.raises(exception.ComputeHostNotFound):
        node.save()


def test_request_spec_create_then_save(ctx):
    """create() is one INSERT (nothing read back), save() the upsert: both
    round-trip through the stored JSON."""
    from nova_lite.objects import request_spec as spec_obj
    instance = _instance(ctx)
    spec = spec_obj.RequestSpec(
        ctx, instance_uuid=instance.uuid, project_id='p', user_id='u',
        flavor=instance.flavor, image_ref='img', num_instances=1,
        retry_hosts=[], requested_networks=[{'uuid': 'n1'}],
        scheduler_hints={'group': ['g1']})
    spec.create()
    assert spec.id and not spec.obj_what_changed()
    stored = spec_obj.RequestSpec.get_by_instance_uuid(ctx, instance.uuid)
    assert stored.id == spec.id
    assert stored.flavor.memory_mb == 64
    assert stored.requested_networks == [{'uuid': 'n1'}]
    assert stored.scheduler_hints == {'group': ['g1']}
    assert stored.ignore_hosts == [] and stored.num_attempts == 0
    stored.retry_hosts = ['c1']
    stored.save()
    again = spec_obj.RequestSpec.get_by_instance_uuid(ctx, instance.uuid)
    assert again.retry_hosts == ['c1'] and again.id == spec.id
    from oslo_db import exception as db_exc
    with pytest.raises(db_exc.DBDuplicateEntry):  # one spec per instance
        spec_obj.RequestSpec(ctx, instance_uuid=instance.uuid,
                             flavor=instance.flavor).create()


def _binding(instance, **event):
    """A claim's binding of ``instance`` to c1, as it crosses RPC."""
    from oslo_serialization import jsonutils
    instance.host = instance.node = 'c1'
    instance.task_state = 'spawning'
    return jsonutils.loads(jsonutils.dumps(instance.pending_write(
        expected_task_state='scheduling', action_event=event or None)))


def test_node_save_carries_events_handed_down(ctx):
    """The conductor's and the scheduler's finished events ride with the
    claim's start on the binding: new rows under the instance's own
    request, though the node save runs under another (a node writer
    carries the claims of several requests)."""
    node = _node(nl_context.RequestContext(
        user_id='u', project_id='p', request_id='req-periodic',
        is_admin=True))
    instance = _instance(ctx)
    instance_action.InstanceAction.action_start(ctx, instance.uuid,
                                                'create')
    carried = [
        {'event': 'scheduler_select_destinations', 'host': 's1',
         'start_time': '2026-11-22T03:00:00.100000',
         'finish_time': '2026-11-22T03:00:00.150000', 'result': 'Success'},
        {'event': 'conductor_schedule_and_build_instances', 'host': 'n1',
         'start_time': '2026-11-22T03:00:00.050000',
         'finish_time': '2026-11-22T03:00:00.200000', 'result': 'Success'},
        {'event': 'compute_build', 'host': 'c1',
         'start_time': '2026-11-22T03:00:00.250000'}]
    binding = _binding(instance)
    binding['action_event'] = carried
    node.vcpus_used = 1
    [result] = node.save(bindings=[binding])
    instance_obj.write_result(instance, result)
    action, events = _events(ctx, instance)
    assert {(e.event, e.host, e.result) for e in events} == {
        ('scheduler_select_destinations', 's1', 'Success'),
        ('conductor_schedule_and_build_instances', 'n1', 'Success'),
        ('compute_build', 'c1', None)}
    started = next(e for e in events if e.event == 'compute_build')
    assert started.finish_time is None
    assert action.finish_time == datetime.datetime(
        2026, 11, 22, 3, 0, 0, 200000, tzinfo=datetime.timezone.utc)
    assert action.message is None
    # the build's end finishes the row its start made
    instance.vm_state = 'active'
    instance.save(action_event={
        'event': 'compute_build', 'host': 'c1',
        'start_time': '2026-11-22T03:00:00.250000',
        'finish_time': '2026-11-22T03:00:01.000000', 'result': 'Success'})
    _action, events = _events(ctx, instance)
    assert len(events) == 3 and all(e.result == 'Success' for e in events)
    # written by the step itself when nothing carried them: one failed
    # marks the action
    other = _instance(ctx)
    instance_action.InstanceAction.action_start(ctx, other.uuid, 'create')
    instance_action.InstanceActionEvent.events_write(ctx, other.uuid, [
        carried[0], dict(carried[2], finish_time='2026-11-22T03:00:00.300000',
                         result='Error', details='claim failed')])
    action, events = _events(ctx, other)
    assert sorted((e.event, e.result) for e in events) == [
        ('compute_build', 'Error'),
        ('scheduler_select_destinations', 'Success')]
    assert action.message == 'Error'
    with pytest.raises(exception.InstanceActionNotFound):
        instance_action.InstanceActionEvent.events_write(
            ctx, _instance(ctx).uuid, carried)


def test_node_save_carries_the_bindings(ctx):
    """A claim's usage and its instance's binding in one transaction; each
    binding's compare-and-swap answered on its own."""
    node = _node(ctx)
    bound, lost, gone = _instance(ctx), _instance(ctx), _instance(ctx)
    instance_action.InstanceAction.action_start(ctx, bound.uuid, 'create')
    writes = [_binding(bound, event='compute_build', host='c1',
                       start_time='2026-11-22T03:00:00.250000'),
              _binding(lost), _binding(gone)]
    racer = instance_obj.Instance.get_by_uuid(ctx, lost.uuid)
    racer.task_state = 'deleting'
    racer.save()
    gone_copy = instance_obj.Instance.get_by_uuid(ctx, gone.uuid)
    gone_copy.destroy()
    node.vcpus_used, node.running_vms = 3, 3
    results = node.save(bindings=writes)
    assert not node.obj_what_changed()
    instance_obj.write_result(bound, results[0])
    assert not bound.obj_what_changed() and bound.updated_at is not None
    with pytest.raises(exception.UnexpectedTaskStateError):
        instance_obj.write_result(lost, results[1])
    with pytest.raises(exception.InstanceNotFound):
        instance_obj.write_result(gone, results[2])
    [stored] = compute_node.ComputeNodeList.get_all(ctx)
    assert (stored.vcpus_used, stored.running_vms) == (3, 3)
    row = instance_obj.Instance.get_by_uuid(ctx, bound.uuid)
    assert (row.host, row.node, row.task_state) == ('c1', 'c1', 'spawning')
    assert instance_obj.Instance.get_by_uuid(
        ctx, lost.uuid).task_state == 'deleting'
    _action, [event] = _events(ctx, bound)
    assert event.host == 'c1' and event.finish_time is None
    # bindings with nothing else to save, then a node gone: the bindings
    # it carried are not written either
    late = _instance(ctx)
    [result] = node.save(bindings=[_binding(late)])
    instance_obj.write_result(late, result)
    later = _instance(ctx)
    node.destroy()
    node.vcpus_used = 4
    with pytest.raises(exception.ComputeHostNotFound):
        node.save(bindings=[_binding(later)])
    assert instance_obj.Instance.get_by_uuid(ctx, later.uuid).host is None
