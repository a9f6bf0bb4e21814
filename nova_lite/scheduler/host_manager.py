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
"""

import datetime
import threading
import time

from nova_lite.compute import states as vm_states
from nova_lite.objects import compute_node
from nova_lite.objects import instance as instance_obj
from nova_lite.objects import service as service_obj
from nova_lite.servicegroup import api as servicegroup
from nova_lite import utils

_IN_FLIGHT_MAX_AGE = 60.0
_FULL_REFRESH = 60.0
_LATE_COMMIT_MARGIN = datetime.timedelta(seconds=2)
_BINARY = 'nova-lite-compute'


class HostState:
    def __init__(self, node):
        self.host = node.host
        self.nodename = node.hypervisor_hostname
        self.service = None
        self.is_up = False
        self.in_flight = {}  # instance uuid -> (flavor, time placed)
        self.update_from_node(node)

    def update_from_node(self, node):
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

    def _pending(self, index):
        if not self.in_flight:
            return 0
        return sum(_flavor_usage(flavor)[index]
                   for flavor, _t in self.in_flight.values())

    @property
    def vcpus_used(self):
        return self.db_vcpus_used + self._pending(0)

    @property
    def ram_used_mb(self):
        return self.db_ram_used_mb + self._pending(1)

    @property
    def disk_used_gb(self):
        return self.db_disk_used_gb + self._pending(2)

    @property
    def num_instances(self):
        return self.db_num_instances + len(self.in_flight)

    @property
    def free_ram_mb(self):
        return self.total_ram_mb * self.ram_allocation_ratio - \
            self.ram_used_mb

    @property
    def free_vcpus(self):
        return self.total_vcpus * self.cpu_allocation_ratio - \
            self.vcpus_used

    @property
    def free_disk_gb(self):
        return self.total_disk_gb * self.disk_allocation_ratio - \
            self.disk_used_gb

    def consume(self, instance_uuid, flavor):
        self.in_flight[instance_uuid] = (flavor, time.monotonic())

    def __repr__(self):
        return '(%s, %s) ram: %dMB vcpus: %s disk: %dGB' % (
            self.host, self.nodename, self.free_ram_mb, self.free_vcpus,
            self.free_disk_gb)


def _flavor_usage(flavor):
    return (flavor.vcpus, flavor.memory_mb,
            flavor.root_gb + flavor.ephemeral_gb)


class _Mirror:
    """Rows of one table kept in memory, refreshed by what changed."""

    def __init__(self, read):
        self._read = read  # read(context, changed_since) -> objects
        self.rows = {}
        self._since = None
        self._full_at = None

    def refresh(self, context):
        now_db, now = utils.utcnow(), time.monotonic()
        if self._since is None or now - self._full_at > _FULL_REFRESH:
            self.rows = {row.id: row for row in self._read(context, None)}
            self._full_at = now
        else:
            for row in self._read(context, self._since):
                if row.deleted:
                    self.rows.pop(row.id, None)
                else:
                    self.rows[row.id] = row
        self._since = now_db - _LATE_COMMIT_MARGIN


class HostManager:
    def __init__(self, conf):
        self.servicegroup = servicegroup.API(conf)
        self._states = {}
        self._nodes = _Mirror(lambda ctx, since: compute_node.ComputeNodeList
                              .get_all(ctx, changed_since=since))
        self._services = _Mirror(lambda ctx, since: service_obj.ServiceList
                                 .get_all(ctx, binary=_BINARY,
                                          changed_since=since))
        # One request at a time reads, filters and consumes the states.
        self.lock = threading.Lock()

    def get_host_states(self, context):
        """Current states of every compute node (call with ``lock`` held)."""
        self._nodes.refresh(context)
        self._services.refresh(context)
        services = {s.host: s for s in self._services.rows.values()}
        seen = set()
        for node in self._nodes.rows.values():
            key = (node.host, node.hypervisor_hostname)
            seen.add(key)
            state = self._states.get(key)
            if state is None:
                state = self._states[key] = HostState(node)
            elif (node.updated_at or node.created_at) != \
                    state.node_updated_at or node.id != state.node_id:
                state.update_from_node(node)
            state.service = services.get(node.host)
            state.is_up = state.service is not None and \
                self.servicegroup.service_is_up(state.service)
        for key in set(self._states) - seen:
            del self._states[key]
        self._expire_in_flight(context)
        return [s for s in self._states.values() if s.service is not None]

    def _expire_in_flight(self, context):
        pending = {uuid: state for state in self._states.values()
                   for uuid in state.in_flight}
        if not pending:
            return
        now = time.monotonic()
        rows = instance_obj.placement_states(context, list(pending))
        settled = {uuid for uuid, (host, deleted, vm_state) in rows.items()
                   if host or deleted or
                   vm_state in (vm_states.ERROR, vm_states.DELETED)}
        for uuid, state in pending.items():
            placed = state.in_flight[uuid][1]
            if uuid in settled or now - placed > _IN_FLIGHT_MAX_AGE:
                del state.in_flight[uuid]
