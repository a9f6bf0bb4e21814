"""DiskFilter: enough free local disk (root + ephemeral)."""

from nova_lite.scheduler.filters import base


class DiskFilter(base.BaseHostFilter):
    def host_passes(self, host_state, spec_obj, prepared=None):
        flavor = spec_obj.flavor
        return host_state.free_disk_gb >= flavor.root_gb + flavor.ephemeral_gb
