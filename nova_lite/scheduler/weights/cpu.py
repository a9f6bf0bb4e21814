"""CPUWeigher: prefer the host with the most free vCPUs (spread)."""


class CPUWeigher:
    # The weight is this attribute of the host state (read in bulk).
    attribute = 'free_vcpus'

    def __init__(self, conf):
        self.multiplier = conf.filter_scheduler.cpu_weight_multiplier

    def weigh(self, host_state, spec_obj):
        return host_state.free_vcpus
