"""DiskWeigher: prefer the host with the most free disk (spread)."""


class DiskWeigher:
    # The weight is this attribute of the host state (read in bulk).
    attribute = 'free_disk_gb'

    def __init__(self, conf):
        self.multiplier = conf.filter_scheduler.disk_weight_multiplier

    def weigh(self, host_state, spec_obj):
        return host_state.free_disk_gb
