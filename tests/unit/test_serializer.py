"""RequestContextSerializer: the context and objects survive the wire."""

from oslo_serialization import jsonutils

from nova_lite import context as nl_context
from nova_lite.objects import base
from nova_lite.objects import flavor as flavor_obj
from nova_lite import rpc


def _serializer():
    return rpc.RequestContextSerializer(base.NovaLiteObjectSerializer())


def _over_the_wire(value):
    return jsonutils.loads(jsonutils.dumps(value))


def test_context_round_trip():
    ser = _serializer()
    ctx = nl_context.RequestContext(
        user_id='alice', project_id='p1', roles=['member', 'reader'],
        request_id='req-0f1e2d3c-aaaa-bbbb-cccc-000000000001',
        read_deleted='yes')
    out = ser.deserialize_context(_over_the_wire(ser.serialize_context(ctx)))
    assert isinstance(out, nl_context.RequestContext)
    assert out.user_id == 'alice'
    assert out.project_id == 'p1'
    assert sorted(out.roles) == ['member', 'reader']
    assert out.is_admin is False
    assert out.request_id == ctx.request_id
    assert out.read_deleted == 'yes'


def test_admin_context_round_trip():
    ser = _serializer()
    ctx = nl_context.get_admin_context(read_deleted='only')
    out = ser.deserialize_context(_over_the_wire(ser.serialize_context(ctx)))
    assert out.is_admin is True
    assert 'admin' in out.roles
    assert out.read_deleted == 'only'
    assert out.request_id == ctx.request_id


def test_elevated_context_round_trip():
    ser = _serializer()
    ctx = nl_context.RequestContext(user_id='bob', project_id='p2',
                                    roles=['member']).elevated()
    out = ser.deserialize_context(_over_the_wire(ser.serialize_context(ctx)))
    assert out.is_admin is True
    assert (out.user_id, out.project_id) == ('bob', 'p2')


def test_flavor_round_trip():
    ser = _serializer()
    ctx = nl_context.get_admin_context()
    flavor = flavor_obj.Flavor(ctx, id=3, flavorid='m1.small',
                               name='m1.small', memory_mb=2048, vcpus=1,
                               root_gb=20, ephemeral_gb=0, swap=0,
                               rxtx_factor=1.0, is_public=True,
                               disabled=False, description=None)
    flavor.obj_reset_changes()
    flavor.memory_mb = 4096  # a pending change travels too
    primitive = ser.serialize_entity(ctx, flavor)
    assert primitive['nova_lite_object.name'] == 'Flavor'
    assert primitive['nova_lite_object.version'] == flavor.VERSION
    out = ser.deserialize_entity(ctx, _over_the_wire(primitive))
    assert isinstance(out, flavor_obj.Flavor)
    for name in ('id', 'flavorid', 'name', 'memory_mb', 'vcpus', 'root_gb',
                 'rxtx_factor', 'is_public', 'disabled', 'description'):
        assert getattr(out, name) == getattr(flavor, name), name
    assert out.obj_what_changed() == {'memory_mb'}
    assert out._context is ctx


def test_containers_of_objects_round_trip():
    ser = _serializer()
    ctx = nl_context.get_admin_context()
    flavor = flavor_obj.Flavor(ctx, flavorid='x', name='x', memory_mb=1,
                               vcpus=1, root_gb=0)
    value = {'flavors': [flavor], 'plain': 1}
    out = ser.deserialize_entity(
        ctx, _over_the_wire(ser.serialize_entity(ctx, value)))
    assert out['plain'] == 1
    assert isinstance(out['flavors'][0], flavor_obj.Flavor)
    assert out['flavors'][0].name == 'x'
