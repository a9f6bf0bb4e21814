"""RAMWeigher: prefer the host with the most free RAM (spread)."""


class RAMWeigher:
    # The weight is this attribute of the host state (read in bulk).
    attribute = 'free_ram_mb'

    def __init__(self, conf):
        self.multiplier = conf.filter_scheduler.ram_weight_multiplier

    def weigh(self, host_state, spec_obj):
        return host_state.free_ram_mb
