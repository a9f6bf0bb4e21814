"""The remotable object model without a database.

A conductor double stands in for the RPC client a compute process installs
as ``indirection_api``: it counts calls, sends arguments and results through
the real RPC serializers (as the wire would), and runs them with the real
``ConductorManager`` endpoints with indirection off for the duration.  The
DB functions beneath the objects are replaced by in-memory fakes: the DB
itself stays poisoned (see conftest), so any real DB use fails the test.
"""

import contextlib
import datetime
import types
from unittest import mock

import oslo_messaging as messaging
from oslo_serialization import jsonutils
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import exception as ovo_exc
from oslo_versionedobjects import fixture as ovo_fixture
import pytest

from nova_lite.conductor import manager as conductor_manager
from nova_lite import context as nl_context
from nova_lite.db import api as db_api
from nova_lite import exception
# its payload objects share the registry: fingerprinted too, also when
# this module runs alone
from nova_lite import notifications  # noqa: F401
from nova_lite.objects import base
from nova_lite.objects import compute_node
from nova_lite.objects import flavor as flavor_obj
from nova_lite.objects import instance as instance_obj
from nova_lite import rpc


class ConductorDouble(ovo_base.VersionedObjectIndirectionAPI):
    """Counts calls; runs them like the conductor, through serializers."""

    def __init__(self, conf):
        self.manager = conductor_manager.ConductorManager(conf)
        self.serializer = rpc.RequestContextSerializer(
            base.NovaLiteObjectSerializer())
        self.calls = []

    def _wire(self, context, value):
        """value -> primitive -> JSON -> primitive -> value."""
        primitive = self.serializer.serialize_entity(context, value)
        return self.serializer.deserialize_entity(
            context, jsonutils.loads(jsonutils.dumps(primitive)))

    def _remote_context(self, context):
        return self.serializer.deserialize_context(jsonutils.loads(
            jsonutils.dumps(self.serializer.serialize_context(context))))

    def _dispatch(self, name, context, **kwargs):
        self.calls.append(name)
        remote_ctx = self._remote_context(context)
        kwargs = {k: self._wire(context, v) for k, v in kwargs.items()}
        saved = base.NovaLiteObject.indirection_api
        base.NovaLiteObject.indirection_api = None  # "in the conductor"
        try:
            result = getattr(self.manager, name)(remote_ctx, **kwargs)
        except messaging.ExpectedException as expected:
            # What the RPC server does: send the original back, quietly.
            raise expected.exc_info[1]
        finally:
            base.NovaLiteObject.indirection_api = saved
        return self._wire(context, result)

    def object_action(self, context, objinst, objmethod, args, kwargs):
        return self._dispatch('object_action', context, objinst=objinst,
                              objmethod=objmethod, args=args, kwargs=kwargs)

    def object_class_action_versions(self, context, objname, objmethod,
                                     object_versions, args, kwargs):
        return self._dispatch('object_class_action_versions', context,
                              objname=objname, objmethod=objmethod,
                              object_versions=object_versions, args=args,
                              kwargs=kwargs)

    def object_backport_versions(self, context, objinst, object_versions):
        return self._dispatch('object_backport_versions', context,
                              objinst=objinst,
                              object_versions=object_versions)


def _flavor_row(**values):
    row = dict(id=7, flavorid='m1.tiny', name='m1.tiny', memory_mb=512,
               vcpus=1, root_gb=1, ephemeral_gb=0, swap=0, rxtx_factor=1.0,
               is_public=True, disabled=False, description=None,
               created_at=None, updated_at=None, extra_specs=[])
    row.update(values)
    return types.SimpleNamespace(**row)


@pytest.fixture
def conductor(conf):
    double = ConductorDouble(conf)
    base.NovaLiteObject.indirection_api = double
    return double


@pytest.fixture
def context():
    return nl_context.RequestContext(user_id='demo', project_id='demo',
                                     roles=['member'])


def _must_run_in_conductor():
    assert base.NovaLiteObject.indirection_api is None, \
        'the object method ran in the caller, not in the conductor'


def test_remotable_classmethod_goes_through_conductor(conductor, context):
    def fake_get(ctx, flavor_id):
        _must_run_in_conductor()
        assert ctx.project_id == 'demo'
        return _flavor_row(flavorid=flavor_id)

    with mock.patch.object(flavor_obj, '_flavor_get', fake_get):
        flavor = flavor_obj.Flavor.get_by_flavor_id(context, 'm1.tiny')

    assert conductor.calls == ['object_class_action_versions']
    assert isinstance(flavor, flavor_obj.Flavor)
    assert (flavor.id, flavor.flavorid, flavor.memory_mb) == \
        (7, 'm1.tiny', 512)
    assert flavor._context is context
    assert not flavor.obj_what_changed()


def test_remotable_method_changes_come_back(conductor, context):
    created = {}

    def fake_create(ctx, values):
        _must_run_in_conductor()
        created.update(values)
        return _flavor_row(**values)

    flavor = flavor_obj.Flavor(context, name='small', memory_mb=2048,
                               vcpus=2, root_gb=20)
    with mock.patch.object(flavor_obj, '_flavor_create', fake_create):
        flavor.create()

    assert conductor.calls == ['object_action']
    # Set by the conductor, applied to the caller's object:
    assert flavor.id == 7
    assert flavor.flavorid == created['flavorid']
    assert flavor.rxtx_factor == 1.0
    assert flavor.is_public is True
    assert not flavor.obj_what_changed()


def test_node_save_carries_bindings_in_one_call(conductor, context):
    """A claim's node usage and instance binding: one conductor call; the
    answers cross the wire and apply to the caller's instances."""
    now = datetime.datetime(2026, 11, 22, 7, 0, 0)
    written = []

    def fake_node_update(ctx, node_id, values):
        _must_run_in_conductor()
        written.append(('node', node_id, values))
        return now

    def fake_instance_update(ctx, uuid, values, expected, action_event,
                             request_id):
        written.append(('instance', uuid, values, expected, request_id))
        if uuid.endswith('2'):
            raise exception.UnexpectedTaskStateError(
                instance_uuid=uuid, expected=['scheduling'],
                actual='deleting')
        return now

    node = compute_node.ComputeNode(context, id=3, vcpus_used=0)
    node.obj_reset_changes()
    node.vcpus_used = 2
    instances = []
    for n in (1, 2):
        instance = instance_obj.Instance(
            context, uuid='00000000-0000-0000-0000-00000000000%d' % n,
            task_state='scheduling')
        instance.obj_reset_changes()
        instance.host, instance.task_state = 'c1', 'spawning'
        instances.append(instance)
    writes = [i.pending_write(expected_task_state='scheduling')
              for i in instances]
    with mock.patch.object(compute_node, '_node_update',
                           fake_node_update), \
            mock.patch.object(instance_obj, '_instance_update',
                              fake_instance_update), \
            mock.patch.object(compute_node.db_api, 'writing',
                              lambda ctx: contextlib.nullcontext()):
        answers = node.save(bindings=writes)
    assert conductor.calls == ['object_action']
    assert written[0] == ('node', 3, {'vcpus_used': 2})
    # the request of the instance's own context: its action's events
    assert written[1][2:] == ({'host': 'c1', 'task_state': 'spawning'},
                              {'task_state': ['scheduling']},
                              context.request_id)
    assert not node.obj_what_changed()
    instance_obj.write_result(instances[0], answers[0])
    assert instances[0].updated_at.replace(tzinfo=None) == now
    assert not instances[0].obj_what_changed()
    with pytest.raises(exception.UnexpectedTaskStateError):
        instance_obj.write_result(instances[1], answers[1])
    assert instances[1].obj_what_changed() == {'host', 'task_state'}


def test_extra_specs_come_back_from_conductor(conductor, context):
    spec = types.SimpleNamespace(key='hw:cpu_policy', value='dedicated')
    with mock.patch.object(flavor_obj, '_flavor_get',
                           lambda ctx, fid: _flavor_row(extra_specs=[spec])):
        flavor = flavor_obj.Flavor.get_by_flavor_id(context, 'm1.tiny')
    assert flavor.extra_specs == {'hw:cpu_policy': 'dedicated'}


def test_older_caller_gets_a_backported_answer(conf, context):
    # A 1.0 caller asks the conductor: the answer has no extra_specs.
    manager = conductor_manager.ConductorManager(conf)
    with mock.patch.object(flavor_obj, '_flavor_get',
                           lambda ctx, fid: _flavor_row()):
        primitive = manager.object_class_action_versions(
            context, 'Flavor', 'get_by_flavor_id', {'Flavor': '1.0'},
            ('m1.tiny',), {})
    assert primitive['nova_lite_object.version'] == '1.0'
    assert 'extra_specs' not in primitive['nova_lite_object.data']


def test_each_remotable_call_is_one_conductor_call(conductor, context):
    with mock.patch.object(flavor_obj, '_flavor_get',
                           lambda ctx, fid: _flavor_row(flavorid=fid)), \
            mock.patch.object(flavor_obj, '_flavor_destroy',
                              lambda ctx, fid: _must_run_in_conductor()):
        flavor = flavor_obj.Flavor.get_by_flavor_id(context, 'a')
        flavor.destroy()
        flavor_obj.Flavor.get_by_flavor_id(context, 'b')
    assert conductor.calls == ['object_class_action_versions',
                               'object_action',
                               'object_class_action_versions']


def test_conductor_side_error_reaches_caller(conductor, context):
    def fake_get(ctx, flavor_id):
        raise exception.FlavorNotFound(flavor_id=flavor_id)

    with mock.patch.object(flavor_obj, '_flavor_get', fake_get):
        with pytest.raises(exception.FlavorNotFound):
            flavor_obj.Flavor.get_by_flavor_id(context, 'nope')
    assert conductor.calls == ['object_class_action_versions']


def test_orphaned_object_cannot_call_remotable(conductor):
    flavor = flavor_obj.Flavor(name='orphan', memory_mb=1, vcpus=1,
                               root_gb=0)
    with pytest.raises(ovo_exc.OrphanedObjectError):
        flavor.create()
    assert conductor.calls == []


def test_orphaned_object_without_indirection(context):
    flavor = flavor_obj.Flavor(name='orphan', memory_mb=1, vcpus=1,
                               root_gb=0)
    with pytest.raises(ovo_exc.OrphanedObjectError):
        flavor.destroy()


def test_db_guard_blocks_readers_and_writers(context):
    db_api.disable('nova-lite-compute')

    @db_api.reader
    def read(ctx):
        raise AssertionError('reader body ran')

    @db_api.writer
    def write(ctx):
        raise AssertionError('writer body ran')

    for call in (read, write):
        with pytest.raises(exception.DBNotAllowed) as info:
            call(context)
        assert 'nova-lite-compute' in info.value.format_message()
    with pytest.raises(exception.DBNotAllowed):
        db_api.get_engine()
    # Without indirection an object method hits the guard too.
    with pytest.raises(exception.DBNotAllowed):
        flavor_obj.Flavor.get_by_flavor_id(context, 'm1.tiny')


def test_db_guard_lifted_by_reset():
    db_api.disable('nova-lite-compute')
    db_api.reset()
    assert db_api._STATE['disabled_for'] is None


# Bump the object's VERSION (and teach obj_make_compatible) when a hash
# changes; then update the hash here.
EXPECTED_OBJECT_VERSIONS = {
    'ComputeNode': '1.2-f22e122adf824081b8d12835176dc0d5',
    'ComputeNodeList': '1.2-f61b58edc762e938439c99d7cb905797',
    'Flavor': '1.1-98135b23264bc3dcba7f46788187f543',
    'FlavorList': '1.0-72665baa7b59eef561bcc74ec23baacb',
    'Image': '1.0-b2d1c2f7c66561514d76d2598052dbd8',
    'ImageList': '1.0-9a285baf3544bcd36e45c44eb8aa747e',
    'Instance': '1.2-d8f58a45fd7c3f0be07e0bebb4eb41de',
    'InstanceAction': '1.0-0cf45d7c932079e721b502a2b141c9f9',
    'InstanceActionEvent': '1.2-0250c4669905adc5171fbe4b6148b6a6',
    'InstanceActionEventList': '1.1-13d92fb953030cdbfee56481756e02be',
    'InstanceActionList': '1.0-4a53826625cc280e15fae64a575e0879',
    'InstanceExternalEvent': '1.0-f70f8d8e5536df09b47d3de98a1e8080',
    'InstanceFault': '1.0-df20f4f1b636b09e362b78bf7b077d2a',
    'InstanceFaultList': '1.0-2f9135d53fc1013859c865668bb237e6',
    'InstanceList': '1.0-195ff24f7966f0dcd879a6723fc794c3',
    'Migration': '1.0-def346597fe3a3b8db9e23451cd636b1',
    'MigrationList': '1.0-347494493eb45c28c9ff06d6425d99e9',
    # notification payloads (nova_lite/notifications.py)
    'ExceptionPayload': '1.0-618e04c2c0edb0cf1afc11f1f36ba9ae',
    'FlavorPayload': '1.0-fafdfa99dd8192388caedfb40957cf90',
    'InstanceActionPayload': '1.0-f24ee33aebdf14ea0deb481bb60efdaf',
    'RequestSpec': '1.2-04337ab00731f8646651845402f8d461',
    'Service': '1.0-24e41048e2f329f1ed02abcec7839622',
    'ServiceList': '1.1-f193b474b42d5c7a1b932ed3d5ac42d9',
    'Snapshot': '1.0-15775a9dd2cb14de53d08a8d45577f57',
    'SnapshotList': '1.0-ff48fc1575f20800796b48266114c608',
    'Volume': '1.0-b556a662bb5ddb813e3df266cce6c079',
    'VolumeCapacity': '1.0-66b54652de172e9b09d74c243b51d0a7',
    'VolumeCapacityList': '1.0-4ee0d9efdfd681fed822da88376e04d2',
    'VolumeList': '1.0-25cbee249f1a6d2560438d4cc474d712',
}


def _our_object_classes():
    return {name: classes
            for name, classes in base.NovaLiteObjectRegistry.obj_classes()
            .items()
            if classes[0].__module__.startswith('nova_lite.')}


def test_object_fingerprints():
    checker = ovo_fixture.ObjectVersionChecker(_our_object_classes())
    expected, actual = checker.test_hashes(EXPECTED_OBJECT_VERSIONS)
    assert expected == actual, (
        'Fields or remotable methods of these objects changed; bump their '
        'VERSION and update EXPECTED_OBJECT_VERSIONS')


def test_every_object_has_a_fingerprint():
    assert set(_our_object_classes()) == set(EXPECTED_OBJECT_VERSIONS)
