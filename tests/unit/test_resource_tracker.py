"""The resource tracker against the fake driver, with the objects'
remotable methods replaced by an in-memory table (no DB)."""

import logging
import threading
import time
from unittest import mock

import oslo_messaging as messaging
from oslo_utils import uuidutils
import pytest

from nova_lite.compute import resource_tracker
from nova_lite.compute import states
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite.objects import compute_node as node_obj
from nova_lite.objects import instance as instance_obj
from nova_lite.objects import migration as migration_obj
from nova_lite.virt import fake
from tests.fixtures import scheduler as fx

HOST = 'host1'


class FakeTable:
    """ComputeNode rows and Instances of HOST, and the writes made.

    A node save carries the claims' instance bindings (``bindings``):
    ``on_bind(write)`` runs for each (a test's hook; raising
    InstanceNotFound or UnexpectedTaskStateError fails that binding only),
    then it is recorded in ``instance_saves``."""

    def __init__(self):
        self.nodes = {}        # hypervisor_hostname -> ComputeNode (saved)
        self.instances = []
        self.migrations = []   # in progress, touching HOST
        self.creates, self.saves, self.destroys = [], [], []
        self.instance_saves = []
        self.on_bind = lambda write: None
        self._ids = iter(range(1, 1000))

    def install(self, monkeypatch):
        table = self

        def get_all_by_host(context, host):
            assert host == HOST
            # As from the DB: fresh objects on every read.
            return [n.obj_clone() for n in table.nodes.values()]

        def get_by_host(context, host):
            assert host == HOST
            return list(table.instances)

        def create(node):
            node.id = next(table._ids)
            table.creates.append(node.hypervisor_hostname)
            node.obj_reset_changes()
            table.nodes[node.hypervisor_hostname] = node.obj_clone()

        def save(node, bindings=None):
            changes = node.obj_get_changes()
            if changes:
                table.saves.append((node.hypervisor_hostname, changes))
            node.obj_reset_changes()
            table.nodes[node.hypervisor_hostname] = node.obj_clone()
            return None if bindings is None else \
                [table.bind(write) for write in bindings]

        def destroy(node):
            table.destroys.append(node.hypervisor_hostname)
            del table.nodes[node.hypervisor_hostname]

        def instance_save(instance, expected_task_state=None,
                          action_event=None):
            table.instance_saves.append(
                (instance.uuid, instance.obj_get_changes(),
                 expected_task_state))
            instance.obj_reset_changes(recursive=True)

        monkeypatch.setattr(node_obj.ComputeNodeList, 'get_all_by_host',
                            get_all_by_host)
        monkeypatch.setattr(instance_obj.InstanceList, 'get_by_host',
                            get_by_host)
        monkeypatch.setattr(
            migration_obj.MigrationList, 'get_in_progress_by_host',
            lambda context, host: list(table.migrations))
        monkeypatch.setattr(node_obj.ComputeNode, 'create', create)
        monkeypatch.setattr(node_obj.ComputeNode, 'save', save)
        monkeypatch.setattr(node_obj.ComputeNode, 'destroy', destroy)
        monkeypatch.setattr(instance_obj.Instance, 'save', instance_save)
        return self

    def bind(self, write):
        try:
            self.on_bind(write)
        except (exception.InstanceNotFound,
                exception.UnexpectedTaskStateError) as exc:
            return {'error': type(exc).__name__, 'kwargs': exc.kwargs}
        self.instance_saves.append((write['uuid'], write['values'],
                                    write['expected'].get('task_state')))
        return {'updated_at': '2024-05-01T12:00:00Z'}


@pytest.fixture
def table(monkeypatch):
    return FakeTable().install(monkeypatch)


@pytest.fixture
def context():
    return nl_context.get_admin_context()


@pytest.fixture
def make_tracker(conf):
    """A tracker on a FakeDriver: 8 vCPUs, 16384 MB, 200 GB per node,
    512 MB reserved, allocation ratios 1.0."""
    for name in ('cpu', 'ram', 'disk'):
        conf.set_override('%s_allocation_ratio' % name, 1.0,
                          group='compute')

    def factory(nodes=1):
        conf.set_override('nodes', nodes, group='fake_driver')
        driver = fake.FakeDriver(conf)
        driver.init_host(HOST)
        return resource_tracker.ResourceTracker(conf, HOST, driver)
    return factory


def _instance(node=HOST, vm_state=states.ACTIVE, memory_mb=1024, vcpus=2,
              root_gb=10, task_state=None):
    instance = instance_obj.Instance(
        uuid=uuidutils.generate_uuid(), host=HOST, node=node,
        vm_state=vm_state, task_state=task_state,
        flavor=fx.flavor(memory_mb=memory_mb, vcpus=vcpus, root_gb=root_gb))
    instance.obj_reset_changes(recursive=True)
    return instance


def _usage(node):
    return (node.vcpus_used, node.memory_mb_used, node.local_gb_used,
            node.running_vms)


# -- update_available_resource ----------------------------------------------

def test_first_update_creates_the_node(make_tracker, table, context):
    tracker = make_tracker()
    tracker.update_available_resource(context)
    assert table.creates == [HOST]
    node = tracker.compute_nodes[HOST]
    assert (node.host, node.hypervisor_hostname) == (HOST, HOST)
    assert (node.vcpus, node.memory_mb, node.local_gb) == (8, 16384, 200)
    assert node.hypervisor_type == 'fake'
    assert node.cpu_arch == 'x86_64'
    assert _usage(node) == (0, 512, 0, 0)  # the reserved host memory
    assert table.nodes[HOST].memory_mb_used == 512


def test_several_nodes_per_host(make_tracker, table, context):
    tracker = make_tracker(nodes=2)
    table.instances = [_instance(node='host1-node2'),
                       _instance(node='host1-node2', memory_mb=2048,
                                 vcpus=1, root_gb=5)]
    tracker.update_available_resource(context)
    assert sorted(table.creates) == ['host1-node1', 'host1-node2']
    assert sorted(tracker.compute_nodes) == ['host1-node1', 'host1-node2']
    assert _usage(tracker.compute_nodes['host1-node1']) == (0, 512, 0, 0)
    assert _usage(tracker.compute_nodes['host1-node2']) == \
        (3, 512 + 3072, 15, 2)
    assert all(n.host == HOST for n in table.nodes.values())


def test_deleted_instances_are_not_counted(make_tracker, table, context):
    tracker = make_tracker()
    table.instances = [_instance(), _instance(vm_state=states.DELETED)]
    tracker.update_available_resource(context)
    assert _usage(tracker.compute_nodes[HOST]) == (2, 512 + 1024, 10, 1)


def test_orphan_guests_count_as_used(make_tracker, table, context):
    tracker = make_tracker()
    known = _instance()
    table.instances = [known]
    # A guest nova_lite knows is not an orphan; one it does not know is.
    tracker.driver.add_guest(known.uuid, 1024, 2)
    tracker.driver.add_guest('orphan-1', 4096, 3)
    tracker.update_available_resource(context)
    node = tracker.compute_nodes[HOST]
    assert node.vcpus_used == 2 + 3
    assert node.memory_mb_used == 512 + 1024 + 4096
    assert node.running_vms == 1  # an orphan is no instance of ours
    assert table.nodes[HOST].memory_mb_used == 512 + 1024 + 4096


def test_orphans_counted_once_with_several_nodes(make_tracker, table,
                                                 context):
    tracker = make_tracker(nodes=2)
    tracker.driver.add_guest('orphan-1', 4096, 3)
    tracker.update_available_resource(context)
    used = sorted(n.memory_mb_used for n in tracker.compute_nodes.values())
    assert used == [512, 512 + 4096]


@pytest.mark.parametrize('bad', [
    {'vcpus': -1}, {'memory_mb': -512}, {'local_gb': -1},
    {'vcpus': 8.5}, {'memory_mb': '16384'}, {'local_gb': None},
])
def test_invalid_driver_report_is_skipped(make_tracker, table, context,
                                          monkeypatch, caplog, bad):
    tracker = make_tracker()
    tracker.update_available_resource(context)
    table.saves.clear()
    node = tracker.compute_nodes[HOST]
    good = tracker.driver.get_available_resource(HOST)
    monkeypatch.setattr(tracker.driver, 'get_available_resource',
                        lambda nodename: dict(good, **bad))
    table.instances = [_instance()]  # usage changed: would be saved
    with caplog.at_level(logging.ERROR):
        tracker.update_available_resource(context)
    assert table.saves == []
    assert table.destroys == []  # still reported: not deleted
    assert (node.vcpus, node.memory_mb, node.local_gb) == (8, 16384, 200)
    assert table.nodes[HOST].memory_mb_used == 512
    name = next(iter(bad))
    assert 'Driver reported invalid %s for node %s' % (name, HOST) in \
        caplog.text


def test_invalid_report_of_a_new_node_creates_nothing(make_tracker, table,
                                                      context, monkeypatch,
                                                      caplog):
    tracker = make_tracker()
    good = tracker.driver.get_available_resource(HOST)
    monkeypatch.setattr(tracker.driver, 'get_available_resource',
                        lambda nodename: dict(good, vcpus=-8))
    tracker.update_available_resource(context)
    assert table.creates == [] and table.saves == []
    assert tracker.compute_nodes == {}
    assert 'invalid vcpus' in caplog.text


def test_nodes_no_longer_reported_are_destroyed(make_tracker, table,
                                                context):
    tracker = make_tracker(nodes=2)
    tracker.update_available_resource(context)
    table.nodes['host1-gone'] = fx.node(HOST, nodename='host1-gone')
    tracker.update_available_resource(context)
    assert table.destroys == ['host1-gone']
    assert sorted(table.nodes) == ['host1-node1', 'host1-node2']

    # The driver now reports one node: the other goes, tracked or not.
    tracker.conf.set_override('nodes', 1, group='fake_driver')
    tracker.update_available_resource(context)
    assert sorted(table.destroys) == ['host1-gone', 'host1-node1',
                                      'host1-node2']
    assert sorted(table.nodes) == [HOST]
    assert sorted(tracker.compute_nodes) == [HOST]


def test_save_only_when_something_changed(make_tracker, table, context):
    tracker = make_tracker(nodes=2)
    tracker.update_available_resource(context)
    table.saves.clear()
    tracker.update_available_resource(context)
    assert table.saves == []  # nothing changed: no remote save
    table.instances = [_instance(node='host1-node1')]
    tracker.update_available_resource(context)
    assert [(name, sorted(changes)) for name, changes in table.saves] == [
        ('host1-node1', ['local_gb_used', 'memory_mb_used', 'running_vms',
                         'vcpus_used'])]
    table.saves.clear()
    tracker.update_available_resource(context)
    assert table.saves == []


def test_resource_change_is_saved(make_tracker, table, context):
    tracker = make_tracker()
    tracker.update_available_resource(context)
    table.saves.clear()
    tracker.conf.set_override('memory_mb', 32768, group='fake_driver')
    tracker.update_available_resource(context)
    assert table.saves == [(HOST, {'memory_mb': 32768})]


def test_known_node_is_reused(make_tracker, table, context):
    table.nodes[HOST] = fx.node(HOST, vcpus=8, memory_mb=16384,
                                local_gb=200, memory_mb_used=512)
    tracker = make_tracker()
    tracker.update_available_resource(context)
    assert table.creates == []
    assert tracker.compute_nodes[HOST].id == table.nodes[HOST].id


# -- instance_claim / drop_claim --------------------------------------------

@pytest.fixture
def tracker(make_tracker, table, context):
    tracker = make_tracker()
    tracker.update_available_resource(context)
    table.saves.clear()
    return tracker


def test_claim(tracker, table, context):
    instance = _instance(node=None, vm_state=states.BUILDING,
                         task_state=states.SCHEDULING)
    instance.host = None
    instance.obj_reset_changes(recursive=True)
    tracker.instance_claim(context, instance, HOST)
    assert (instance.host, instance.node, instance.task_state) == \
        (HOST, HOST, states.SPAWNING)
    (uuid, changes, expected), = table.instance_saves
    assert uuid == instance.uuid
    assert expected == [states.SCHEDULING]
    assert changes == {'host': HOST, 'node': HOST,
                       'task_state': states.SPAWNING}
    assert _usage(tracker.compute_nodes[HOST]) == (2, 512 + 1024, 10, 1)
    # one node save, and it carried the binding
    assert [name for name, _c in table.saves] == [HOST]
    assert not instance.obj_what_changed()
    assert instance.updated_at.year == 2024
    assert instance.uuid in tracker.claimed


@pytest.mark.parametrize('flavor, short, fits', [
    (dict(memory_mb=16384), '16384 MB RAM wanted, 15872 free',
     ('vCPUs', 'disk')),
    (dict(vcpus=9), '9 vCPUs wanted, 8 free', ('RAM', 'disk')),
    (dict(root_gb=201), '201 GB disk wanted, 200 free', ('RAM', 'vCPUs')),
])
def test_claim_names_what_is_short(tracker, table, context, flavor, short,
                                   fits):
    instance = _instance(node=None, task_state=states.SCHEDULING, **flavor)
    with pytest.raises(exception.ComputeResourcesUnavailable) as error:
        tracker.instance_claim(context, instance, HOST)
    message = error.value.format_message()
    assert short in message
    for name in fits:
        assert name not in message
    assert table.instance_saves == [] and table.saves == []
    assert _usage(tracker.compute_nodes[HOST]) == (0, 512, 0, 0)
    assert instance.uuid not in tracker.claimed


def test_claim_names_everything_short(tracker, context):
    instance = _instance(memory_mb=10 ** 6, vcpus=64, root_gb=10 ** 4)
    with pytest.raises(exception.ComputeResourcesUnavailable) as error:
        tracker.instance_claim(context, instance, HOST)
    message = error.value.format_message()
    assert 'MB RAM wanted' in message
    assert 'vCPUs wanted' in message
    assert 'GB disk wanted' in message


def test_claim_counts_earlier_claims(tracker, context):
    for _ in range(4):
        tracker.instance_claim(context, _instance(vcpus=2), HOST)
    with pytest.raises(exception.ComputeResourcesUnavailable) as error:
        tracker.instance_claim(context, _instance(vcpus=1), HOST)
    assert '1 vCPUs wanted, 0 free' in error.value.format_message()


def _unbound(**kwargs):
    instance = _instance(node=None, vm_state=states.BUILDING,
                         task_state=states.SCHEDULING, **kwargs)
    instance.host = None
    instance.obj_reset_changes(recursive=True)
    return instance


def test_claim_does_not_hold_the_lock_while_binding(tracker, table,
                                                    context, monkeypatch):
    held = []

    def on_bind(write):
        # a remote call: the tracker's lock must be free meanwhile
        free = tracker._lock.acquire(blocking=False)
        if free:
            tracker._lock.release()
        held.append(not free)

    table.on_bind = on_bind
    tracker.instance_claim(context, _unbound(), HOST)
    assert held == [False]


def test_update_while_binding_counts_the_claim(tracker, table, context,
                                               monkeypatch):
    """The periodic update reads the instances before the claim's save
    lands: the claim is counted all the same, and stays droppable."""
    instance = _unbound(vcpus=2, memory_mb=1024, root_gb=10)
    table.on_bind = lambda write: tracker.update_available_resource(
        context)  # DB: not bound yet
    tracker.instance_claim(context, instance, HOST)
    node = tracker.compute_nodes[HOST]
    assert _usage(node) == (2, 512 + 1024, 10, 1)
    assert table.nodes[HOST].vcpus_used == 2
    assert instance.uuid in tracker.claimed and not tracker._binding
    tracker.drop_claim(context, instance, HOST)
    assert _usage(node) == (0, 512, 0, 0)


def test_failed_binding_gives_the_claim_back(tracker, table, context,
                                             monkeypatch):
    def on_bind(write):
        raise exception.UnexpectedTaskStateError(
            instance_uuid=write['uuid'], expected='scheduling',
            actual='deleting')

    table.on_bind = on_bind
    instance = _unbound()
    with pytest.raises(exception.UnexpectedTaskStateError):
        tracker.instance_claim(context, instance, HOST)
    assert _usage(tracker.compute_nodes[HOST]) == (0, 512, 0, 0)
    assert table.nodes[HOST].vcpus_used == 0  # given back in the DB too
    assert instance.uuid not in tracker.claimed and not tracker._binding


def test_failed_node_save_fails_the_bindings_it_carried(tracker, table,
                                                         context,
                                                         monkeypatch):
    """The conductor call lost (a timeout): the claim fails, its usage is
    given back, and the node's changes wait for the next save."""
    real_save = node_obj.ComputeNode.save
    monkeypatch.setattr(node_obj.ComputeNode, 'save', mock.Mock(
        side_effect=messaging.MessagingTimeout('no reply')))
    instance = _unbound()
    with pytest.raises(messaging.MessagingTimeout):
        tracker.instance_claim(context, instance, HOST)
    node = tracker.compute_nodes[HOST]
    assert _usage(node) == (0, 512, 0, 0)
    assert instance.uuid not in tracker.claimed and not tracker._binding
    monkeypatch.setattr(node_obj.ComputeNode, 'save', real_save)
    tracker.instance_claim(context, _unbound(), HOST)
    assert table.nodes[HOST].vcpus_used == 2 and \
        len(table.instance_saves) == 1


def test_node_saves_in_flight_fold_into_one_more(tracker, table, context,
                                                 monkeypatch):
    node = tracker.compute_nodes[HOST]
    saved = []
    real_save = node_obj.ComputeNode.save

    def save(snapshot, bindings=None):
        saved.append(snapshot.vcpus_used)
        if len(saved) == 1:
            # two more changes while the first save is in flight
            for vcpus in (3, 4):
                node.vcpus_used = vcpus
                tracker._save_node(node)
        return real_save(snapshot, bindings)

    monkeypatch.setattr(node_obj.ComputeNode, 'save', save)
    node.vcpus_used = 2
    tracker._save_node(node)
    # one save in flight at a time, the newest values written last
    assert saved == [2, 4]
    assert table.nodes[HOST].vcpus_used == 4
    assert not node.obj_what_changed()


def test_failed_node_save_is_kept_for_the_next(tracker, table, context,
                                               monkeypatch):
    node = tracker.compute_nodes[HOST]
    real_save = node_obj.ComputeNode.save
    monkeypatch.setattr(node_obj.ComputeNode, 'save', mock.Mock(
        side_effect=exception.NovaLiteException('conductor gone')))
    node.vcpus_used = 5
    tracker._save_node(node)  # logged, not raised
    assert 'vcpus_used' in node.obj_what_changed()
    monkeypatch.setattr(node_obj.ComputeNode, 'save', real_save)
    tracker._save_node(node)
    assert table.nodes[HOST].vcpus_used == 5


def test_claim_on_untracked_node(tracker, context):
    with pytest.raises(exception.ComputeResourcesUnavailable) as error:
        tracker.instance_claim(context, _instance(), 'other-node')
    assert 'other-node is not tracked yet' in error.value.format_message()


def test_drop_claim_once(tracker, table, context):
    instance = _instance(task_state=states.SCHEDULING)
    tracker.instance_claim(context, instance, HOST)
    table.saves.clear()
    tracker.drop_claim(context, instance, HOST)
    assert _usage(tracker.compute_nodes[HOST]) == (0, 512, 0, 0)
    assert len(table.saves) == 1
    assert instance.uuid not in tracker.claimed
    # A second drop (failed build, then delete) changes nothing.
    tracker.drop_claim(context, instance, HOST)
    assert _usage(tracker.compute_nodes[HOST]) == (0, 512, 0, 0)
    assert len(table.saves) == 1


def test_drop_claim_never_made(tracker, table, context):
    tracker.drop_claim(context, _instance(), HOST)
    tracker.drop_claim(context, _instance(), 'other-node')
    assert _usage(tracker.compute_nodes[HOST]) == (0, 512, 0, 0)
    assert table.saves == []


def test_update_keeps_claims_droppable(tracker, table, context):
    instance = _instance(task_state=states.SCHEDULING)
    tracker.instance_claim(context, instance, HOST)
    table.instances = [instance]  # the DB now has it on this node
    tracker.update_available_resource(context)
    assert _usage(tracker.compute_nodes[HOST]) == (2, 512 + 1024, 10, 1)
    tracker.drop_claim(context, instance, HOST)
    assert _usage(tracker.compute_nodes[HOST]) == (0, 512, 0, 0)


def test_invalid_report_keeps_the_claims_of_that_node(tracker, table,
                                                     context, monkeypatch):
    """Regression: a skipped (invalid) driver report forgot the node's
    claims, so a later drop_claim did nothing and usage stayed too high."""
    instance = _instance(task_state=states.SCHEDULING)
    tracker.instance_claim(context, instance, HOST)
    table.instances = [instance]
    good = tracker.driver.get_available_resource(HOST)
    monkeypatch.setattr(tracker.driver, 'get_available_resource',
                        lambda nodename: dict(good, memory_mb=-1))
    tracker.update_available_resource(context)
    assert instance.uuid in tracker.claimed
    tracker.drop_claim(context, instance, HOST)
    assert _usage(tracker.compute_nodes[HOST]) == (0, 512, 0, 0)


# -- migrations in progress ---------------------------------------------------

def _migration(instance, source, dest, old, new):
    return migration_obj.Migration(
        instance_uuid=instance.uuid, source_compute=source, source_node=source,
        dest_compute=dest, dest_node=dest, old_flavor=old, new_flavor=new,
        status='finished', migration_type='resize')


def test_migration_holds_old_flavor_on_source(make_tracker, table, context):
    tracker = make_tracker()
    moved = _instance()
    moved.host = 'elsewhere'  # finished on the destination
    table.migrations = [_migration(moved, HOST, 'elsewhere', moved.flavor,
                                   fx.flavor(memory_mb=4096, vcpus=4,
                                             root_gb=40))]
    tracker.driver.add_guest(moved.uuid, 1024, 2)  # the stopped old guest
    tracker.update_available_resource(context)
    # the old flavor, once: the old guest is not an orphan
    assert _usage(tracker.compute_nodes[HOST]) == (2, 512 + 1024, 10, 1)


def test_migration_holds_new_flavor_on_dest(make_tracker, table, context):
    tracker = make_tracker()
    instance = _instance()  # on HOST now, with the new flavor
    new = instance.flavor
    table.instances = [instance]
    table.migrations = [_migration(instance, 'elsewhere', HOST,
                                   fx.flavor(memory_mb=64, vcpus=1,
                                             root_gb=1), new)]
    tracker.update_available_resource(context)
    assert _usage(tracker.compute_nodes[HOST]) == (2, 512 + 1024, 10, 1)


def test_resize_to_same_host_holds_both(make_tracker, table, context):
    tracker = make_tracker()
    instance = _instance()
    table.instances = [instance]
    table.migrations = [_migration(instance, HOST, HOST,
                                   fx.flavor(memory_mb=64, vcpus=1,
                                             root_gb=1), instance.flavor)]
    tracker.update_available_resource(context)
    assert _usage(tracker.compute_nodes[HOST]) == (3, 512 + 1024 + 64, 11, 2)


def test_resize_claim_refuses_what_does_not_fit(make_tracker, table,
                                                 context):
    tracker = make_tracker()
    tracker.update_available_resource(context)
    big = fx.flavor(memory_mb=10 ** 6, vcpus=1, root_gb=1)
    with pytest.raises(exception.ComputeResourcesUnavailable):
        tracker.resize_claim(context, _instance(), big, HOST)
    tracker.resize_claim(context, _instance(), fx.flavor(
        memory_mb=1024, vcpus=2, root_gb=10), HOST)
    assert _usage(tracker.compute_nodes[HOST]) == (2, 512 + 1024, 10, 1)


def test_claim_binds_only_with_its_usage(tracker, table, context,
                                         monkeypatch):
    """A node save already in flight (another build's) does not carry a
    claim's binding: the next save, which includes the claim's usage, does
    (the scheduler ends its in-flight count when the instance has a
    host).  Claims that come while a save is in flight share the next."""
    node = tracker.compute_nodes[HOST]
    release = threading.Event()
    real_save = node_obj.ComputeNode.save
    calls = []

    def slow_save(snapshot, bindings=None):
        calls.append((snapshot.vcpus_used,
                      sorted(w['uuid'] for w in bindings or ())))
        if not release.is_set():
            release.wait(5)
        return real_save(snapshot, bindings)

    monkeypatch.setattr(node_obj.ComputeNode, 'save', slow_save)
    node.running_vms = 0  # something to save
    node.vcpus_used = 1
    other = threading.Thread(target=tracker._save_node, args=(node,))
    other.start()
    time.sleep(0.1)  # its save is in flight
    threading.Timer(0.3, release.set).start()
    first, second = _unbound(vcpus=2), _unbound(vcpus=1)
    claims = [threading.Thread(target=tracker.instance_claim,
                               args=(context, inst, HOST))
              for inst in (first, second)]
    for claim in claims:
        claim.start()
    for claim in claims + [other]:
        claim.join(5)
    assert calls == [(1, []),
                     (4, sorted([first.uuid, second.uuid]))]
    assert table.nodes[HOST].vcpus_used == 4
    assert not first.obj_what_changed() and not second.obj_what_changed()
