"""Host states: what the scheduler believes about each compute node.

The host manager keeps the compute nodes and services it read, and on each
request reads only the rows changed since its last read (plus a margin for
transactions that committed late), with a full re-read every
``_FULL_REFRESH`` seconds.  The cost of a request then follows the rate of
change, not the size of the cloud.

States live across requests.  A state takes the ComputeNode's usage when the
record changed since it was last read, and adds the consumption of the
instances this scheduler placed that no compute has claimed yet ("in
flight"), so back-to-back and concurrent requests see each other's picks
before the computes report them.  An in-flight entry ends when its instance
is claimed (it has a host), gone, or after ``_IN_FLIGHT_MAX_AGE`` seconds.

Whether an instance settled is read on a request only for the entries of
hosts whose node row changed since the instance was placed: a claim's
binding is written with the node's usage (one transaction), so on a host
whose row did not change the entry is not yet counted twice.  Every entry
is read at least every ``_IN_FLIGHT_CHECK`` seconds, for builds that
failed before their claim.
"""

import datetime
import threading
import time

from nova_lite.compute import states as vm_states
from nova_lite.db import api as db_api
from nova_lite.objects import compute_node
from nova_lite.objects import instance as instance_obj
from nova_lite.objects import service as service_obj
from nova_lite.servicegroup import api as servicegroup
from nova_lite import utils

_IN_FLIGHT_MAX_AGE = 60.0
_IN_FLIGHT_CHECK = 1.0
_FULL_REFRESH = 60.0
_LATE_COMMIT_MARGIN = datetime.timedelta(seconds=2)
_BINARY = 'nova-lite-compute'


class HostState:
    def __init__(self, node, pending=None):
        self.host = node.host
        self.nodename = node.hypervisor_hostname
        self.key = (self.host, self.nodename)
        self.service = None
        self.is_up = False
        self.in_flight = {}  # instance uuid -> (flavor, time placed)
        # The host manager's index of every state's in-flight uuids.
        self._index = {} if pending is None else pending
        self.update_from_node(node)

    def update_from_node(self, node):
        self.changed_at = time.monotonic()  # when this row was last read
        self.node_id = node.id
        self.node_updated_at = node.updated_at or node.created_at
        self.total_vcpus = node.vcpus
        self.total_ram_mb = node.memory_mb
        self.total_disk_gb = node.local_gb
        self.db_vcpus_used = node.vcpus_used
        self.db_ram_used_mb = node.memory_mb_used
        self.db_disk_used_gb = node.local_gb_used
        self.db_num_instances = node.running_vms
        self.cpu_allocation_ratio = node.cpu_allocation_ratio
        self.ram_allocation_ratio = node.ram_allocation_ratio
        self.disk_allocation_ratio = node.disk_allocation_ratio
        self.hypervisor_type = node.hypervisor_type
        self.availability_zone = node.availability_zone
        self.cpu_arch = node.cpu_arch
        self._recompute()

    # Usage and free resources are plain attributes, read by every filter
    # and weigher for every host of every request: they are recomputed
    # when the node's row or the in-flight claims change, not on each read.
    def _recompute(self):
        vcpus = ram = disk = 0
        for flavor, _placed in self.in_flight.values():
            usage = _flavor_usage(flavor)
            vcpus, ram, disk = vcpus + usage[0], ram + usage[1], \
                disk + usage[2]
        self.vcpus_used = self.db_vcpus_used + vcpus
        self.ram_used_mb = self.db_ram_used_mb + ram
        self.disk_used_gb = self.db_disk_used_gb + disk
        self.num_instances = self.db_num_instances + len(self.in_flight)
        self.free_ram_mb = self.total_ram_mb * self.ram_allocation_ratio - \
            self.ram_used_mb
        self.free_vcpus = self.total_vcpus * self.cpu_allocation_ratio - \
            self.vcpus_used
        self.free_disk_gb = self.total_disk_gb * \
            self.disk_allocation_ratio - self.disk_used_gb

    def consume(self, instance_uuid, flavor):
        """Count ``flavor`` here until the instance's claim is seen."""
        self.in_flight[instance_uuid] = (flavor, time.monotonic())
        self._index[instance_uuid] = self
        self._recompute()

    def release(self, instance_uuid):
        """Stop counting an in-flight instance (claimed, gone, undone)."""
        if self.in_flight.pop(instance_uuid, None) is not None:
            self._recompute()
        if self._index.get(instance_uuid) is self:
            del self._index[instance_uuid]

    def __repr__(self):
        return '(%s, %s) ram: %dMB vcpus: %s disk: %dGB' % (
            self.host, self.nodename, self.free_ram_mb, self.free_vcpus,
            self.free_disk_gb)


def _flavor_usage(flavor):
    return (flavor.vcpus, flavor.memory_mb,
            flavor.root_gb + flavor.ephemeral_gb)


class _Mirror:
    """Rows of one table kept in memory, refreshed by what changed.

    ``read(context, changed_since)`` returns rows (``changed_since`` None:
    every live row).  A refresh reads the rows changed since the previous
    read started.  A transaction that commits after a read can carry a
    timestamp from before it (it was stamped, then committed late): every
    ``catch_up`` seconds the read starts ``margin`` before the previous
    catch-up read instead, so such a row is seen at most ``catch_up``
    seconds late (0: the margin on every read).  Every ``full`` seconds the
    whole table is read again.
    """

    def __init__(self, read, margin=_LATE_COMMIT_MARGIN, catch_up=0.0,
                 full=_FULL_REFRESH):
        self._read = read
        self._margin = margin
        self._catch_up = catch_up
        self._full = full
        self.rows = {}
        self._last_start = None  # DB-clock time the previous read started
        self._catch_up_since = None
        self._full_at = self._catch_up_at = None

    def refresh(self, context):
        """Read what changed; returns (full, changed rows, deleted ids)."""
        now_db, now = utils.utcnow(), time.monotonic()
        if self._last_start is None or now - self._full_at > self._full:
            self.rows = {row.id: row for row in self._read(context, None)}
            self._full_at = self._catch_up_at = now
            self._last_start = now_db
            self._catch_up_since = now_db - self._margin
            return True, list(self.rows.values()), []
        if now - self._catch_up_at >= self._catch_up:
            since = self._catch_up_since
            self._catch_up_at = now
            self._catch_up_since = now_db - self._margin
        else:
            since = self._last_start
        self._last_start = now_db
        changed, deleted = [], []
        rows = self.rows
        for row in self._read(context, since):
            old = rows.get(row.id)
            if row.deleted:
                if old is not None:
                    del rows[row.id]
                    deleted.append(row.id)
            elif old is None or old != row:  # not the same values
                rows[row.id] = row
                changed.append(row)
        return False, changed, deleted


class HostManager:
    """Host states of the compute nodes, refreshed from the DB per request.

    Node rows (resources and usage) are read on every request, by what
    changed.  Service rows change with every heartbeat but the scheduler
    only needs whether a service is enabled and up: they are read, and
    every service's up/down is evaluated, at most every
    ``[scheduler] service_state_interval`` seconds.
    """

    def __init__(self, conf):
        self.servicegroup = servicegroup.API(conf)
        self._states = {}  # (host, nodename) -> HostState
        self._by_node_id = {}  # node id -> HostState
        self._listed = None  # the states with a service, or None: rebuild
        self._service_interval = conf.scheduler.service_state_interval
        catch_up = conf.scheduler.late_commit_check_interval
        self._nodes = _Mirror(compute_node.scheduler_rows, catch_up=catch_up)
        self._services = _Mirror(
            lambda ctx, since: service_obj.liveness_rows(ctx, _BINARY, since),
            catch_up=catch_up)
        self._services_at = None
        self._service_by_host = {}
        self._up_ids = set()
        self._restrict_since = None
        self._pending = {}  # instance uuid -> HostState it was placed on
        self._in_flight_checked_at = None
        # One request at a time reads, filters and consumes the states.
        self.lock = threading.Lock()

    def get_host_states(self, context):
        """Current states of every compute node (call with ``lock`` held)."""
        with db_api.reading(context):  # one transaction for all the reads
            self._refresh_nodes(context)
            now = time.monotonic()
            if self._services_at is None or \
                    now - self._services_at >= self._service_interval:
                self._restrict_since = utils.utcnow() - _LATE_COMMIT_MARGIN
                self._refresh_services(context)
                self._services_at = now
            else:
                self._apply_restrictions(context)
            self._expire_in_flight(context)
        if self._listed is None:
            self._listed = [s for s in self._states.values()
                            if s.service is not None]
        return list(self._listed)

    def _refresh_nodes(self, context):
        full, changed, deleted = self._nodes.refresh(context)
        if full:
            old, self._states, self._by_node_id = self._states, {}, {}
        for node_id in deleted:
            state = self._by_node_id.pop(node_id, None)
            if state is not None and \
                    self._states.get(state.key) is state:
                del self._states[state.key]
                self._listed = None
        for node in changed:
            key = (node.host, node.hypervisor_hostname)
            state = (old if full else self._states).get(key)
            if state is None:
                state = HostState(node, self._pending)
                self._set_service(state)
                self._listed = None
            else:
                if state.node_id != node.id:
                    self._by_node_id.pop(state.node_id, None)
                state.update_from_node(node)
            self._states[key] = state
            self._by_node_id[node.id] = state
        if full:
            self._listed = None

    def _refresh_services(self, context):
        full, changed, deleted = self._services.refresh(context)
        if full or changed or deleted:
            self._service_by_host = {s.host: s
                                     for s in self._services.rows.values()}
        self._up_ids = self.servicegroup.up_ids(
            self._services.rows.values())
        for state in self._states.values():
            had = state.service is not None
            self._set_service(state)
            if had != (state.service is not None):
                self._listed = None

    def _apply_restrictions(self, context):
        """Between two service reads: a service disabled, forced down or
        deleted since the last one is taken away at once (only enabling
        and heartbeats wait for the next read)."""
        rows = service_obj.liveness_rows(context, _BINARY,
                                         self._restrict_since,
                                         restrictive=True)
        changed = {}
        for row in rows:
            known = self._service_by_host.get(row.host)
            if known is None or known.id != row.id or known == row:
                continue
            if row.deleted:
                del self._service_by_host[row.host]
            else:
                self._service_by_host[row.host] = row
                if row.forced_down:
                    self._up_ids.discard(row.id)
            changed[row.host] = row
        if changed:
            for state in self._states.values():
                if state.host in changed:
                    self._set_service(state)
            self._listed = None

    def _set_service(self, state):
        state.service = service = self._service_by_host.get(state.host)
        state.is_up = service is not None and service.id in self._up_ids

    def _expire_in_flight(self, context):
        pending = self._pending
        if not pending:
            return
        now = time.monotonic()
        last = self._in_flight_checked_at
        if last is None or now - last >= _IN_FLIGHT_CHECK:
            self._in_flight_checked_at = now
            asked = list(pending)
        else:  # only where a claim may have been counted already
            asked = [uuid for uuid, state in pending.items()
                     if state.changed_at > state.in_flight[uuid][1]]
        rows = instance_obj.placement_states(context, asked) if asked \
            else {}
        settled = {uuid for uuid, (host, deleted, vm_state) in rows.items()
                   if host or deleted or
                   vm_state in (vm_states.ERROR, vm_states.DELETED)}
        for uuid, state in list(pending.items()):
            placed = state.in_flight[uuid][1]
            if uuid in settled or now - placed > _IN_FLIGHT_MAX_AGE:
                state.release(uuid)
