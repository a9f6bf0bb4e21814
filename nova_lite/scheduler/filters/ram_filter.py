"""RamFilter: enough free RAM, allocation ratio included."""

from nova_lite.scheduler.filters import base


class RamFilter(base.BaseHostFilter):
    def host_passes(self, host_state, spec_obj, prepared=None):
        return host_state.free_ram_mb >= spec_obj.flavor.memory_mb
