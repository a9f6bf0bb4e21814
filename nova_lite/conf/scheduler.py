"""[scheduler] and [filter_scheduler] options."""

from oslo_config import cfg

scheduler_group = cfg.OptGroup('scheduler', title='Scheduler options',
                               help='Options of nova-lite-scheduler.')
filter_group = cfg.OptGroup('filter_scheduler', title='Filter scheduler',
                            help='Filters and weighers of the scheduler.')

scheduler_opts = [
    cfg.IntOpt('max_attempts', default=3, min=1,
               help='Hosts tried for one instance before it goes to ERROR.'),
]

filter_opts = [
    cfg.ListOpt('enabled_filters',
                default=['ComputeFilter', 'AvailabilityZoneFilter',
                         'RamFilter', 'CoreFilter', 'DiskFilter',
                         'ImagePropertiesFilter', 'SameHostFilter',
                         'DifferentHostFilter'],
                help="""
Filters applied, in order, to the candidate hosts.

Possible values:

* Names from ``nova_lite.scheduler.filters.ALL_FILTERS``.
"""),
    cfg.FloatOpt('ram_weight_multiplier', default=1.0,
                 help='Weight of free RAM: positive spreads instances, '
                      'negative stacks them.'),
    cfg.FloatOpt('cpu_weight_multiplier', default=1.0,
                 help='Weight of free vCPUs: positive spreads, negative '
                      'stacks.'),
    cfg.FloatOpt('disk_weight_multiplier', default=1.0,
                 help='Weight of free disk: positive spreads, negative '
                      'stacks.'),
    cfg.FloatOpt('num_instances_weight_multiplier', default=0.0,
                 help='Weight of the number of instances on a host: '
                      'negative prefers hosts with fewer, positive more.'),
    cfg.IntOpt('host_subset_size', default=1, min=1,
               help="""
Pick the host at random among this many best ones.  Hosts of equal weight
are always picked among at random, so identical hosts share a burst of
requests instead of herding onto one.
"""),
]


def register_opts(conf):
    conf.register_group(scheduler_group)
    conf.register_opts(scheduler_opts, group=scheduler_group)
    conf.register_group(filter_group)
    conf.register_opts(filter_opts, group=filter_group)


def list_opts():
    return {scheduler_group: scheduler_opts, filter_group: filter_opts}
