"""ComputeFilter: only hosts whose compute service is up and enabled."""

from nova_lite.scheduler.filters import base


class ComputeFilter(base.BaseHostFilter):
    def host_passes(self, host_state, spec_obj, prepared=None):
        return host_state.is_up and not host_state.service.disabled
