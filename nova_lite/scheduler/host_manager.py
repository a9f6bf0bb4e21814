"""Host states: what the scheduler believes about each compute node.

States are rebuilt from the ComputeNode and Service records on every request
and carry the consumption of the instances placed earlier in the same batch,
so a multi-create spreads by what is really left.
"""

from nova_lite.objects import compute_node
from nova_lite.objects import service as service_obj
from nova_lite.servicegroup import api as servicegroup


class HostState:
    def __init__(self, node, service, is_up):
        self.host = node.host
        self.nodename = node.hypervisor_hostname
        self.service = service
        self.is_up = is_up
        self.total_vcpus = node.vcpus
        self.total_ram_mb = node.memory_mb
        self.total_disk_gb = node.local_gb
        self.vcpus_used = node.vcpus_used
        self.ram_used_mb = node.memory_mb_used
        self.disk_used_gb = node.local_gb_used
        self.num_instances = node.running_vms
        self.cpu_allocation_ratio = node.cpu_allocation_ratio
        self.ram_allocation_ratio = node.ram_allocation_ratio
        self.disk_allocation_ratio = node.disk_allocation_ratio

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

    def consume(self, flavor):
        self.vcpus_used += flavor.vcpus
        self.ram_used_mb += flavor.memory_mb
        self.disk_used_gb += flavor.root_gb + flavor.ephemeral_gb
        self.num_instances += 1

    def __repr__(self):
        return '(%s, %s) ram: %dMB vcpus: %s disk: %dGB' % (
            self.host, self.nodename, self.free_ram_mb, self.free_vcpus,
            self.free_disk_gb)


class HostManager:
    def __init__(self, conf):
        self.servicegroup = servicegroup.API(conf)

    def get_host_states(self, context):
        services = {s.host: s for s in service_obj.ServiceList.get_all(
            context, binary='nova-lite-compute')}
        states = []
        for node in compute_node.ComputeNodeList.get_all(context):
            service = services.get(node.host)
            if service is None:
                continue
            states.append(HostState(node, service,
                                    self.servicegroup.service_is_up(service)))
        return states
