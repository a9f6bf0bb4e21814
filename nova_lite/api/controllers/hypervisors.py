"""/os-hypervisors: compute nodes, their usage and their service (admin only).

The forms Nova serves below microversion 2.53: ids are the compute nodes'
integer ids, and searching by hostname pattern (with or without the
servers) has its own routes, ``/os-hypervisors/{pattern}/search`` and
``/os-hypervisors/{pattern}/servers``.  ``/os-hypervisors/{id}/uptime``
answers 501 as Nova does for a driver without uptime.  A node is shown
joined with the compute service of its host; a node whose service is gone is
left out of lists, as Nova does.
"""

import re

import pecan
from pecan import rest

from nova_lite.api.schemas import hypervisors as schema
from nova_lite.api import validation
from nova_lite.api.views import common
from nova_lite.conf import CONF
from nova_lite import exception
from nova_lite.objects import compute_node as compute_node_obj
from nova_lite.objects import instance as instance_obj
from nova_lite.objects import service as service_obj
from nova_lite import policy
from nova_lite.servicegroup import api as servicegroup

POLICY = 'os_compute_api:os-hypervisors:%s'
COMPUTE_BINARY = 'nova-lite-compute'

# Summed by /os-hypervisors/statistics, in Nova's order.
_STATISTICS = ('vcpus', 'memory_mb', 'local_gb', 'vcpus_used',
               'memory_mb_used', 'local_gb_used', 'free_ram_mb',
               'free_disk_gb', 'current_workload', 'running_vms',
               'disk_available_least')


def _not_found(hypervisor_id):
    return exception.NotFound(
        "Hypervisor with ID '%s' could not be found." % hypervisor_id)


def _like(pattern):
    """Nova's ``hypervisor_hostname LIKE '%pattern%'`` as a regex."""
    parts = ['.*' if c == '%' else '.' if c == '_' else re.escape(c)
             for c in pattern]
    return re.compile('.*%s.*' % ''.join(parts), re.IGNORECASE | re.DOTALL)


class _Nodes:
    """One request's view of the compute nodes and their services."""

    def __init__(self, context):
        self.context = context
        self.group = servicegroup.API(CONF)
        self.services = {s.host: s for s in service_obj.ServiceList.get_all(
            context, binary=COMPUTE_BINARY)}
        self._instances = {}

    def all(self):
        """(node, service) in id order; nodes without a service skipped."""
        nodes = compute_node_obj.ComputeNodeList.get_all(self.context)
        return [(n, self.services[n.host]) for n in nodes
                if n.host in self.services]

    def instances(self, host):
        if host not in self._instances:
            self._instances[host] = instance_obj.InstanceList.get_by_host(
                self.context, host)
        return self._instances[host]

    def workload(self, node):
        """Instances of the node with a task in progress (Nova's stats)."""
        return sum(1 for i in self.instances(node.host)
                   if i.node == node.hypervisor_hostname and
                   i.task_state is not None)

    def matching(self, pattern):
        regex = _like(pattern)
        found = [(n, s) for n, s in self.all()
                 if regex.fullmatch(n.hypervisor_hostname)]
        if not found:
            raise exception.NotFound(
                "No hypervisor matching '%s' could be found." % pattern)
        return found

    def view(self, node, service, want, detail=False, servers=None):
        body = {
            'id': node.id,
            'hypervisor_hostname': node.hypervisor_hostname,
            'state': 'up' if self.group.service_is_up(service) else 'down',
            'status': 'disabled' if service.disabled else 'enabled',
        }
        if detail:
            body.update(self.usage(node))
            body.update({
                'hypervisor_type': node.hypervisor_type,
                'hypervisor_version': node.hypervisor_version,
                'host_ip': node.host_ip,
                'service': {'id': service.id, 'host': node.host,
                            'disabled_reason': service.disabled_reason},
                # The fake driver reports no CPU model: Nova's empty
                # value, a JSON string before 2.28 and an object after.
                'cpu_info': {} if want.matches('2.28') else '{}',
            })
        if servers:
            body['servers'] = [{'name': 'instance-%08x' % i.id,
                                'uuid': i.uuid} for i in servers]
        return body

    def usage(self, node):
        return {
            'vcpus': node.vcpus, 'memory_mb': node.memory_mb,
            'local_gb': node.local_gb, 'vcpus_used': node.vcpus_used,
            'memory_mb_used': node.memory_mb_used,
            'local_gb_used': node.local_gb_used,
            'free_ram_mb': node.free_ram_mb,
            'free_disk_gb': node.free_disk_gb,
            'current_workload': self.workload(node),
            'running_vms': node.running_vms,
            # Fake disks are not sparse: the least available is the free.
            'disk_available_least': node.free_disk_gb,
        }


def _page(pairs, query):
    """Nova's limit/marker paging over node ids (2.33 and later)."""
    limit = min(int(query.get('limit', CONF.api.max_limit)),
                CONF.api.max_limit)
    marker = query.get('marker')
    if marker is not None:
        ids = {n.id for n, _s in pairs}
        try:
            marker_id = int(marker)
        except ValueError:
            marker_id = None
        if marker_id not in ids:
            raise exception.Invalid('marker [%s] not found' % marker)
        pairs = [(n, s) for n, s in pairs if n.id > marker_id]
    # limit=0 is no limit, as Nova's compute_node_get_all.
    return (pairs[:limit] if limit else pairs), limit or None


class HypervisorsController(rest.RestController):
    _custom_actions = {'detail': ['GET'], 'statistics': ['GET'],
                       'search': ['GET'], 'servers': ['GET'],
                       'uptime': ['GET']}

    def _list(self, action, collection, detail):
        context = pecan.request.context
        want = pecan.request.want
        policy.authorize(context, POLICY % action)
        nodes = _Nodes(context)
        pairs = nodes.all()
        limit = None
        if want.matches('2.33'):
            pairs, limit = _page(pairs, pecan.request.GET)
        items = [nodes.view(n, s, want, detail=detail) for n, s in pairs]
        body = {'hypervisors': items}
        if want.matches('2.33'):
            links = common.next_link(collection, items, limit)
            if links:
                body['hypervisors_links'] = links
        return body

    @pecan.expose('json')
    @validation.query_schema(schema.index_query_v233, '2.33')
    def get_all(self):
        return self._list('list', 'os-hypervisors', detail=False)

    @pecan.expose('json')
    @validation.query_schema(schema.index_query_v233, '2.33')
    def detail(self, *unrouted):
        if unrouted:  # /os-hypervisors/{x}/detail is no route of Nova's
            raise exception.NotFound()
        return self._list('list-detail', 'os-hypervisors/detail',
                          detail=True)

    @staticmethod
    def _find(nodes, hypervisor_id):
        try:
            node_id = int(hypervisor_id)
        except ValueError:
            raise _not_found(hypervisor_id)
        for node, service in nodes.all():
            if node.id == node_id:
                return node, service
        raise _not_found(hypervisor_id)

    @pecan.expose('json')
    def get_one(self, hypervisor_id):
        context = pecan.request.context
        policy.authorize(context, POLICY % 'show')
        nodes = _Nodes(context)
        node, service = self._find(nodes, hypervisor_id)
        return {'hypervisor': nodes.view(node, service, pecan.request.want,
                                         detail=True)}

    @pecan.expose('json')
    def uptime(self, hypervisor_id=None):
        if hypervisor_id is None:
            return self.get_one('uptime')
        context = pecan.request.context
        policy.authorize(context, POLICY % 'uptime')
        self._find(_Nodes(context), hypervisor_id)
        # Nova answers 501 when the virt driver cannot tell; the fake
        # driver has no uptime to report.
        raise exception.FeatureNotSupported()

    @pecan.expose('json')
    def statistics(self, *unrouted):
        if unrouted:
            raise exception.NotFound()
        context = pecan.request.context
        policy.authorize(context, POLICY % 'statistics')
        nodes = _Nodes(context)
        # As Nova: only nodes whose compute service is enabled count.
        enabled = [n for n, s in nodes.all() if not s.disabled]
        stats = {'count': len(enabled)}
        for field in _STATISTICS:
            stats[field] = 0
        for node in enabled:
            for field, value in nodes.usage(node).items():
                stats[field] += value
        return {'hypervisor_statistics': stats}

    @pecan.expose('json')
    def search(self, pattern=None):
        if pattern is None:  # GET /os-hypervisors/search: an id to Nova
            return self.get_one('search')
        context = pecan.request.context
        policy.authorize(context, POLICY % 'search')
        nodes = _Nodes(context)
        want = pecan.request.want
        return {'hypervisors': [nodes.view(n, s, want)
                                for n, s in nodes.matching(pattern)]}

    @pecan.expose('json')
    def servers(self, pattern=None):
        if pattern is None:
            return self.get_one('servers')
        context = pecan.request.context
        policy.authorize(context, POLICY % 'servers')
        nodes = _Nodes(context)
        want = pecan.request.want
        return {'hypervisors': [
            nodes.view(n, s, want, servers=nodes.instances(n.host))
            for n, s in nodes.matching(pattern)]}
