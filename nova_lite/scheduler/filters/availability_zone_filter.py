"""AvailabilityZoneFilter: the host is in the requested zone (if any)."""

from nova_lite.scheduler.filters import base


class AvailabilityZoneFilter(base.BaseHostFilter):
    def applies(self, spec_obj, prepared):
        return bool(spec_obj.availability_zone)

    def host_passes(self, host_state, spec_obj, prepared=None):
        wanted = spec_obj.availability_zone
        return not wanted or host_state.availability_zone == wanted
