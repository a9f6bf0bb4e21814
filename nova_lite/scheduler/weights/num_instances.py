"""NumInstancesWeigher: the number of instances on a host (negative
multiplier prefers emptier hosts)."""


class NumInstancesWeigher:
    # The weight is this attribute of the host state (read in bulk).
    attribute = 'num_instances'

    def __init__(self, conf):
        self.multiplier = conf.filter_scheduler.num_instances_weight_multiplier

    def weigh(self, host_state, spec_obj):
        return host_state.num_instances
