"""The resource tracker: what this host has, what its instances use.

``instance_claim`` and ``update_available_resource`` share one lock
(``compute_resources``).  The periodic update (and the rarer resize and
unshelve claims) make remote calls while they hold it; each is bounded by
``[compute] resource_tracker_call_timeout``, so a lost broker or a conductor
killed with the reply makes it fail and release the lock rather than wedge
every build (the deadlock seed 002 describes) for a whole
``rpc_response_timeout``.

A build's claim holds the lock only for the arithmetic: the fit check and
the usage counted in memory.  Binding the instance to this host and writing
the node's usage happen after it, so a burst of builds on one host does not
queue behind a round trip per build.  A claim being bound is counted by a
periodic update that reads the instances before the save lands
(``_binding``).  Node rows are written by one writer per node
(``_save_node``): one save in flight, later changes folded into one more
save, so the last values written are the newest.  A claim hands its
instance's binding to that writer: the save that includes the claim's usage
carries the bindings waiting for it, one conductor call and one transaction
for the node and the instances (``ComputeNode.save(bindings)``), so an
instance never has a host before its usage is written.
"""

import contextlib
import threading

from oslo_concurrency import lockutils
from oslo_log import log as logging

from nova_lite.compute import states
from nova_lite import exception
from nova_lite.objects import compute_node as node_obj
from nova_lite.objects import instance as instance_obj
from nova_lite.objects import migration as migration_obj
from nova_lite import rpc

LOG = logging.getLogger(__name__)

COMPUTE_RESOURCE_SEMAPHORE = 'compute_resources'
_USAGE_FIELDS = ('vcpus_used', 'memory_mb_used', 'local_gb_used',
                 'running_vms')
_UNTRACKED_STATES = (states.DELETED,)


def _flavor_usage(flavor):
    return (flavor.vcpus, flavor.memory_mb,
            flavor.root_gb + flavor.ephemeral_gb)


class ResourceTracker:
    def __init__(self, conf, host, driver):
        self.conf = conf
        self.host = host
        self.driver = driver
        self.compute_nodes = {}
        # Instances whose claim is counted in compute_nodes: a claim is
        # dropped once, whichever of a failed build or a delete comes first.
        self.claimed = set()
        # Per-process lock namespace: each tracker (one per compute service,
        # several in one test process) owns its lock.
        self._lock = lockutils.internal_lock(
            '%s-%s' % (COMPUTE_RESOURCE_SEMAPHORE, host))
        # claims counted in memory whose instance save has not returned:
        # uuid -> (nodename, flavor)
        self._binding = {}
        self._writers = {}  # nodename -> _NodeWriter

    @contextlib.contextmanager
    def _locked(self):
        """The lock, with the calls made under it bounded."""
        with self._lock, self._bounded_calls():
            yield

    def _bounded_calls(self):
        """Calls of this green thread wait at most
        ``resource_tracker_call_timeout`` for their reply."""
        return rpc.call_timeout(rpc.bounded(
            self.conf, self.conf.compute.resource_tracker_call_timeout))

    def instance_claim(self, context, instance, nodename, action_event=None):
        """Reserve the flavor's resources and bind the instance to us (the
        binding's save carries ``action_event``, see ``Instance.save``)."""
        with self._locked():
            node = self.compute_nodes.get(nodename)
            if node is None:
                raise exception.ComputeResourcesUnavailable(
                    reason='node %s is not tracked yet' % nodename)
            self._check_fits(node, instance.flavor)
            self._apply(node, instance.flavor, +1)
            self.claimed.add(instance.uuid)
            self._binding[instance.uuid] = (nodename, instance.flavor)
        # The binding rides on the node save that includes this usage (not
        # on a save already in flight): the scheduler stops counting the
        # instance in flight once it has a host, and by then the usage is
        # in the node's row.  The call is bounded like those under the
        # lock: the claims of this host wait for the node's writer.
        instance.host = self.host
        instance.node = nodename
        instance.task_state = states.SPAWNING
        binding = _Binding(instance.pending_write(
            expected_task_state=states.SCHEDULING, action_event=action_event))
        try:
            with self._bounded_calls():
                self._save_node(node, wait=True, binding=binding)
            instance_obj.write_result(instance, binding.result())
        except Exception:
            with self._locked():
                self._binding.pop(instance.uuid, None)
                if instance.uuid in self.claimed:
                    self.claimed.discard(instance.uuid)
                    self._apply(node, instance.flavor, -1)
            # a concurrent claim may have written our share already
            with self._bounded_calls():
                self._save_node(node)
            raise
        with self._locked():
            self._binding.pop(instance.uuid, None)

    def resize_claim(self, context, instance, flavor, nodename):
        """Reserve ``flavor`` on ``nodename`` for an incoming move.

        The migration record (in progress, this host its destination)
        keeps the reservation in every later recount, until confirm or
        revert ends it.
        """
        with self._locked():
            node = self.compute_nodes.get(nodename)
            if node is None:
                raise exception.ComputeResourcesUnavailable(
                    reason='node %s is not tracked yet' % nodename)
            self._check_fits(node, flavor)
            self._apply(node, flavor, +1)
            self._save_node(node)

    def unshelve_claim(self, context, instance, nodename):
        """Reserve the flavor of an offloaded instance coming back here,
        and bind it to this host (task state ``unshelving`` expected)."""
        with self._locked():
            node = self.compute_nodes.get(nodename)
            if node is None:
                raise exception.ComputeResourcesUnavailable(
                    reason='node %s is not tracked yet' % nodename)
            self._check_fits(node, instance.flavor)
            instance.host = self.host
            instance.node = nodename
            instance.save(expected_task_state=states.UNSHELVING)
            self._apply(node, instance.flavor, +1)
            self.claimed.add(instance.uuid)
            self._save_node(node)

    def drop_claim(self, context, instance, nodename):
        with self._locked():
            node = self.compute_nodes.get(nodename)
            if node is not None and instance.uuid in self.claimed:
                self.claimed.discard(instance.uuid)
                self._apply(node, instance.flavor, -1)
                self._save_node(node)

    def _check_fits(self, node, flavor):
        vcpus, ram, disk = _flavor_usage(flavor)
        free_ram = node.memory_mb * node.ram_allocation_ratio - \
            node.memory_mb_used
        free_vcpus = node.vcpus * node.cpu_allocation_ratio - node.vcpus_used
        free_disk = node.local_gb * node.disk_allocation_ratio - \
            node.local_gb_used
        short = []
        if ram > free_ram:
            short.append('%d MB RAM wanted, %d free' % (ram, free_ram))
        if vcpus > free_vcpus:
            short.append('%d vCPUs wanted, %d free' % (vcpus, free_vcpus))
        if disk > free_disk:
            short.append('%d GB disk wanted, %d free' % (disk, free_disk))
        if short:
            raise exception.ComputeResourcesUnavailable(
                reason='; '.join(short))

    @staticmethod
    def _apply(node, flavor, sign):
        vcpus, ram, disk = _flavor_usage(flavor)
        node.vcpus_used += sign * vcpus
        node.memory_mb_used += sign * ram
        node.local_gb_used += sign * disk
        node.running_vms += sign

    def update_available_resource(self, context):
        """Re-read the hypervisor, recount usage, save what changed."""
        with self._locked():
            reported, claimed = set(), set()
            instances = instance_obj.InstanceList.get_by_host(context,
                                                              self.host)
            in_db = {n.hypervisor_hostname: n for n in
                     node_obj.ComputeNodeList.get_all_by_host(context,
                                                              self.host)}
            moving = migration_obj.MigrationList.get_in_progress_by_host(
                context, self.host)
            orphans = self._orphans(instances, moving)
            for nodename in self.driver.get_available_nodes():
                reported.add(nodename)
                resources = self.driver.get_available_resource(nodename)
                mine = [i for i in instances if i.node == nodename]
                claimed.update(i.uuid for i in mine
                               if i.vm_state not in _UNTRACKED_STATES)
                binding = self._bound_elsewhere(nodename, instances)
                claimed.update(binding)
                if not self._verify(nodename, resources):
                    continue
                node = self._get_or_create_node(context, nodename, resources,
                                                in_db.get(nodename))
                self._set_resources(node, resources)
                # Orphans are counted on the first node: their resources are
                # in use whatever the database says.
                held_uuids, held_flavors = _held_on(moving, self.host,
                                                    nodename)
                self._set_usage(node, mine, orphans,
                                (held_uuids,
                                 held_flavors + list(binding.values())))
                orphans = []
                if node.obj_what_changed():
                    self._save_node(node)
            self.claimed = claimed
            for nodename, node in in_db.items():
                if nodename not in reported:
                    self.compute_nodes.pop(nodename, None)
                    node.destroy()
                    LOG.info('Compute node %s no longer reported by the '
                             'driver; deleted', nodename)

    def _bound_elsewhere(self, nodename, instances):
        """{uuid: flavor} of the claims on ``nodename`` whose instance save
        has not landed in ``instances`` (read from the DB) yet."""
        listed = {i.uuid for i in instances}
        return {uuid: flavor
                for uuid, (node, flavor) in self._binding.items()
                if node == nodename and uuid not in listed}

    def _save_node(self, node, wait=False, binding=None):
        """Write ``node``'s changes: one save per node in flight; changes
        made meanwhile go in one more save after it, so the newest values
        are written last.  ``wait``: return only once a save that includes
        the changes made so far has ended.  ``binding`` (a ``_Binding``,
        with ``wait``): an instance write carried by that save, its answer
        left in the binding.  A failed save is logged and its fields stay
        marked, for the next save or the periodic update; the bindings it
        carried fail with its error."""
        writer = self._writers.setdefault(node.hypervisor_hostname,
                                          _NodeWriter())
        with writer.cond:
            writer.requested += 1
            mine = writer.requested
            if binding is not None:
                writer.bindings.append(binding)
        while True:
            if writer.lock.acquire(blocking=False):
                try:
                    self._write_rounds(node, writer)
                finally:
                    writer.lock.release()
                if writer.written >= writer.requested:
                    return
                continue  # asked for again while we were releasing
            if not wait:
                return  # the save in flight goes round once more for us
            with writer.cond:
                if writer.written >= mine:
                    return
                writer.cond.wait(1.0)

    @staticmethod
    def _write_rounds(node, writer):
        while writer.written < writer.requested:
            # The bindings first, then the node: a binding taken here was
            # queued after its claim's usage was counted in ``node``.
            with writer.cond:
                target = writer.requested
                bindings, writer.bindings = writer.bindings, []
            changes = node.obj_what_changed()
            if changes or bindings:
                snapshot = node.obj_clone()
                node.obj_reset_changes()
                try:
                    results = snapshot.save(
                        bindings=[b.write for b in bindings] or None)
                except Exception as exc:
                    LOG.warning('Saving compute node %s failed (%s); kept '
                                'for the next save',
                                node.hypervisor_hostname, exc)
                    for name in changes:  # marks them changed again
                        setattr(node, name, getattr(node, name))
                    results = [exc] * len(bindings)
                for binding, result in zip(bindings, results or ()):
                    binding.answer = result
            with writer.cond:
                writer.written = target
                writer.cond.notify_all()

    def _orphans(self, instances, moving=()):
        """Usage of guests the hypervisor runs but no instance here owns
        (the guests of migrations in progress are known)."""
        known = {i.uuid for i in instances} | \
            {m.instance_uuid for m in moving}
        usage = []
        for uuid in self.driver.list_instances():
            if uuid not in known:
                vcpus, memory_mb = self.driver.guest_usage(uuid)
                LOG.warning('Guest %s on %s is unknown to nova_lite (orphan);'
                            ' counting its %d MB and %d vCPUs as used', uuid,
                            self.host, memory_mb, vcpus)
                usage.append((vcpus, memory_mb))
        return usage

    def _verify(self, nodename, resources):
        """A driver report we cannot use is logged and skipped, not saved."""
        wrong = [key for key in ('vcpus', 'memory_mb', 'local_gb')
                 if not isinstance(resources.get(key), int) or
                 resources[key] < 0]
        if wrong:
            LOG.error('Driver reported invalid %s for node %s: %s; keeping '
                      'the last known values', ', '.join(wrong), nodename,
                      resources)
            return False
        return True

    def _get_or_create_node(self, context, nodename, resources, in_db):
        node = self.compute_nodes.get(nodename)
        if node is not None:
            return node
        if in_db is not None:
            node = in_db
        else:
            node = node_obj.ComputeNode(
                context, host=self.host, hypervisor_hostname=nodename,
                vcpus_used=0, memory_mb_used=0, local_gb_used=0,
                running_vms=0, **self._resource_values(resources))
            node.create()
            LOG.info('Compute node %s of host %s created', nodename,
                     self.host)
        self.compute_nodes[nodename] = node
        return node

    def _resource_values(self, resources):
        compute = self.conf.compute
        return {'vcpus': resources['vcpus'],
                'memory_mb': resources['memory_mb'],
                'local_gb': resources['local_gb'],
                'hypervisor_type': resources['hypervisor_type'],
                'hypervisor_version': resources['hypervisor_version'],
                'cpu_allocation_ratio': compute.cpu_allocation_ratio,
                'ram_allocation_ratio': compute.ram_allocation_ratio,
                'disk_allocation_ratio': compute.disk_allocation_ratio,
                'availability_zone': compute.availability_zone,
                'cpu_arch': resources.get('cpu_arch')}

    def _set_resources(self, node, resources):
        for key, value in self._resource_values(resources).items():
            if getattr(node, key) != value:
                setattr(node, key, value)

    def _set_usage(self, node, instances, orphans=(), held=None):
        """``held``: (instance uuids, flavors) of the migrations in
        progress on this node: their flavors count instead of the
        instances' own."""
        moving, flavors = held or (set(), [])
        compute = self.conf.compute
        usage = {'vcpus_used': 0,
                 'memory_mb_used': compute.reserved_host_memory_mb,
                 'local_gb_used': compute.reserved_host_disk_mb // 1024,
                 'running_vms': 0}
        for instance in instances:
            if instance.vm_state in _UNTRACKED_STATES or \
                    instance.uuid in moving:
                continue
            if instance.vm_state == states.SHELVED_OFFLOADED:
                continue
            vcpus, ram, disk = _flavor_usage(instance.flavor)
            usage['vcpus_used'] += vcpus
            usage['memory_mb_used'] += ram
            usage['local_gb_used'] += disk
            usage['running_vms'] += 1
        for flavor in flavors:
            vcpus, ram, disk = _flavor_usage(flavor)
            usage['vcpus_used'] += vcpus
            usage['memory_mb_used'] += ram
            usage['local_gb_used'] += disk
            usage['running_vms'] += 1
        for vcpus, memory_mb in orphans:
            usage['vcpus_used'] += vcpus
            usage['memory_mb_used'] += memory_mb
        for key, value in usage.items():
            if getattr(node, key) != value:
                setattr(node, key, value)


class _NodeWriter:
    """One node's saves: ``requested`` counts the asks, ``written`` the
    asks covered by a save that has ended (or failed); ``bindings`` wait
    for the next save."""

    def __init__(self):
        self.lock = threading.Lock()
        self.cond = threading.Condition()
        self.requested = 0
        self.written = 0
        self.bindings = []


class _Binding:
    """A claim's instance write, carried by a node save; ``answer``: what
    the conductor said of it (or the save's error)."""

    def __init__(self, write):
        self.write = write
        self.answer = None

    def result(self):
        if isinstance(self.answer, Exception):
            raise self.answer
        if self.answer is None:
            raise exception.ComputeResourcesUnavailable(
                reason='the node save carrying the binding of %s did not '
                       'answer' % self.write['uuid'])
        return self.answer


def _held_on(migrations, host, nodename):
    """(instance uuids, flavors) the migrations hold on one node: the old
    flavor on the source, the new one on the destination (both on a
    resize to the same node)."""
    uuids, flavors = set(), []
    for migration in migrations:
        uuids.add(migration.instance_uuid)
        if migration.source_compute == host and \
                migration.source_node == nodename:
            flavors.append(migration.old_flavor)
        if migration.dest_compute == host and \
                migration.dest_node == nodename:
            flavors.append(migration.new_flavor)
    return uuids, flavors
