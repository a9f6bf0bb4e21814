"""CoreFilter: enough free vCPUs, allocation ratio included."""

from nova_lite.scheduler.filters import base


class CoreFilter(base.BaseHostFilter):
    def host_passes(self, host_state, spec_obj, prepared=None):
        return host_state.free_vcpus >= spec_obj.flavor.vcpus
