"""The conductor's reconciler, and several nodes per compute host."""

import datetime

from oslo_utils import uuidutils
import sqlalchemy as sa

from nova_lite.compute import states
from nova_lite.conductor import manager as conductor_manager
from nova_lite.db import api as db_api
from nova_lite.db import models
from nova_lite.objects import flavor as flavor_obj
from nova_lite.objects import instance as instance_obj
from nova_lite.objects import service as service_obj
from nova_lite import utils

ADMIN = 'admin:admin'
TIMEOUT = 60


def _reconciling_cloud(make_cloud):
    # The periodic run is off: the test calls the reconciler itself.
    return make_cloud(**{'conductor.instance_build_timeout': TIMEOUT,
                         'conductor.reconcile_interval': -1})


def _conductor(cloud):
    return next(s.manager for s in cloud.services
                if isinstance(s.manager, conductor_manager.ConductorManager))


def _instance(cloud, vm_state=states.BUILDING,
              task_state=states.SCHEDULING, host=None, age=None):
    """An instance row written directly; ``age`` seconds since its last
    update (backdated in the DB), or fresh."""
    flavor = flavor_obj.Flavor.get_by_flavor_id(cloud.admin, 'm1.tiny')
    instance = instance_obj.Instance(
        cloud.admin, uuid=uuidutils.generate_uuid(), user_id='demo',
        project_id='demo', display_name='stuck', hostname='stuck',
        image_ref=cloud.image_id, flavor=flavor,
        memory_mb=flavor.memory_mb, vcpus=flavor.vcpus,
        root_gb=flavor.root_gb, ephemeral_gb=flavor.ephemeral_gb,
        vm_state=vm_state, task_state=task_state, power_state=states.NOSTATE,
        host=host, node=host, availability_zone='nova')
    instance.create()
    if age is not None:
        then = utils.utcnow() - datetime.timedelta(seconds=age)
        with db_api.get_engine().begin() as connection:
            connection.execute(sa.update(models.Instance).where(
                models.Instance.uuid == instance.uuid).values(
                    created_at=then, updated_at=then))
    return instance.uuid


def _server(cloud, uuid, status=200):
    resp = cloud.request('GET', '/v2.1/servers/%s' % uuid, token=ADMIN,
                         version='2.47')
    assert resp.status_int == status, resp.text
    return resp.json.get('server')


def _settle(cloud, *uuids):
    """Clear the task state of rows left in transition on purpose, so
    that stopping the cloud does not wait for them."""
    for uuid in uuids:
        instance = instance_obj.Instance.get_by_uuid(cloud.admin, uuid)
        instance.task_state = None
        instance.save()


def _force_down(cloud, host):
    service = service_obj.Service.get_by_host_and_binary(
        cloud.admin, host, 'nova-lite-compute')
    service.forced_down = True
    service.save()


def test_stuck_build_goes_to_error(make_cloud):
    cloud = _reconciling_cloud(make_cloud)
    stuck = _instance(cloud, age=TIMEOUT * 2)
    stuck_spawning = _instance(cloud, task_state=states.SPAWNING,
                               host='compute1', age=TIMEOUT * 2)
    fresh = _instance(cloud)
    almost = _instance(cloud, age=TIMEOUT // 2)

    _conductor(cloud).reconcile_stuck_instances(cloud.admin)

    server = _server(cloud, stuck)
    assert server['status'] == 'ERROR'
    assert server['OS-EXT-STS:task_state'] is None
    message = server['fault']['message']
    assert 'did not finish in %d s' % TIMEOUT in message
    assert 'task state scheduling on host (none)' in message
    server = _server(cloud, stuck_spawning)
    assert server['status'] == 'ERROR'
    assert 'task state spawning on host compute1' in \
        server['fault']['message']
    for uuid in (fresh, almost):
        server = _server(cloud, uuid)
        assert server['status'] == 'BUILD'
        assert 'fault' not in server
    _settle(cloud, fresh, almost)


def test_stuck_delete_on_a_down_host_is_finished(make_cloud):
    cloud = _reconciling_cloud(make_cloud)
    _force_down(cloud, 'compute1')
    on_down = _instance(cloud, vm_state=states.ACTIVE,
                        task_state=states.DELETING, host='compute1',
                        age=TIMEOUT * 2)
    fresh_on_down = _instance(cloud, vm_state=states.ACTIVE,
                              task_state=states.DELETING, host='compute1')
    on_up = _instance(cloud, vm_state=states.ACTIVE,
                      task_state=states.DELETING, host='compute2',
                      age=TIMEOUT * 2)
    active_on_down = _instance(cloud, vm_state=states.ACTIVE,
                               task_state=None, host='compute1',
                               age=TIMEOUT * 2)
    net_id = cloud.create_network('private', '10.9.0.0/24')
    status, body = cloud.neutron('POST', '/ports', {'port': {
        'network_id': net_id, 'device_id': on_down,
        'device_owner': 'compute:nova', 'binding:host_id': 'compute1',
        'tenant_id': 'demo'}})
    assert status == 201, body

    _conductor(cloud).reconcile_stuck_instances(cloud.admin)

    _server(cloud, on_down, status=404)
    assert cloud.ports(device_id=on_down) == []  # released with it
    gone = instance_obj.InstanceList.get_by_filters(
        cloud.admin.elevated(), {'uuid': [on_down]})
    assert list(gone) == []
    assert _server(cloud, fresh_on_down)['OS-EXT-STS:task_state'] == \
        'deleting'
    assert _server(cloud, on_up)['OS-EXT-STS:task_state'] == 'deleting'
    assert _server(cloud, active_on_down)['status'] == 'ACTIVE'
    _settle(cloud, fresh_on_down, on_up)


def test_reconciler_off_with_zero_timeout(make_cloud):
    cloud = make_cloud(**{'conductor.instance_build_timeout': 0,
                          'conductor.reconcile_interval': -1})
    stuck = _instance(cloud, age=10 ** 6)
    _conductor(cloud).reconcile_stuck_instances(cloud.admin)
    assert _server(cloud, stuck)['status'] == 'BUILD'
    _settle(cloud, stuck)


def test_several_nodes_per_host(make_cloud):
    cloud = make_cloud(**{'fake_driver.nodes': 2})
    resp = cloud.request('GET', '/v2.1/os-hypervisors', token=ADMIN)
    assert resp.status_int == 200, resp.text
    names = sorted(h['hypervisor_hostname']
                   for h in resp.json['hypervisors'])
    assert names == ['compute1-node1', 'compute1-node2',
                     'compute2-node1', 'compute2-node2']

    server_id = cloud.create_server()
    server = cloud.wait_for_status(server_id, ['ACTIVE'])
    host = server['OS-EXT-SRV-ATTR:host']
    node = server['OS-EXT-SRV-ATTR:hypervisor_hostname']
    assert node in names
    assert node.startswith(host + '-node')

    # The node it landed on, and only that one, counts it.
    detail = cloud.request('GET', '/v2.1/os-hypervisors/detail',
                           token=ADMIN).json['hypervisors']
    running = {h['hypervisor_hostname']: h['running_vms'] for h in detail}
    assert running == {n: int(n == node) for n in names}


def test_stuck_actions_are_ended(make_cloud):
    from nova_lite.objects import migration as migration_obj
    cloud = make_cloud(**{'conductor.task_state_timeout': TIMEOUT,
                          'conductor.reconcile_interval': -1})
    _force_down(cloud, 'compute2')
    off = _instance(cloud, states.ACTIVE, states.POWERING_OFF,
                    host='compute2', age=TIMEOUT + 5)
    fresh = _instance(cloud, states.ACTIVE, states.REBOOTING,
                      host='compute2', age=5)
    resizing = _instance(cloud, states.ACTIVE, states.RESIZE_FINISH,
                         host='compute1', age=TIMEOUT + 5)
    flavor = flavor_obj.Flavor.get_by_flavor_id(cloud.admin, 'm1.tiny')
    migration = migration_obj.Migration(
        cloud.admin, instance_uuid=resizing, source_compute='compute2',
        source_node='compute2', dest_compute='compute1',
        dest_node='compute1', old_flavor=flavor, new_flavor=flavor,
        status='post-migrating', migration_type='migration')
    migration.create()
    _conductor(cloud).reconcile_stuck_instances(cloud.admin)

    server = _server(cloud, off)
    assert (server['status'], server['OS-EXT-STS:task_state']) == \
        ('ACTIVE', None)
    assert _server(cloud, fresh)['OS-EXT-STS:task_state'] == 'rebooting'
    server = _server(cloud, resizing)
    assert (server['status'], server['OS-EXT-STS:task_state']) == \
        ('ERROR', None)
    assert 'resize_finish' in server['fault']['message']
    assert 'compute up, request lost' in server['fault']['message']
    assert migration_obj.Migration.get_by_id(
        cloud.admin, migration.id).status == 'error'
    fault = instance_obj.Instance.get_by_uuid(
        cloud.admin, off, expected_attrs=['fault']).fault
    assert 'powering-off' in fault.message
    assert 'compute down' in fault.message
    _settle(cloud, fresh)
