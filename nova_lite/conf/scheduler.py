"""[scheduler] and [filter_scheduler] options."""

from oslo_config import cfg

scheduler_group = cfg.OptGroup('scheduler', title='Scheduler options',
                               help='Options of nova-lite-scheduler.')
filter_group = cfg.OptGroup('filter_scheduler', title='Filter scheduler',
                            help='Filters and weighers of the scheduler.')

scheduler_opts = [
    cfg.IntOpt('max_attempts', default=3, min=1,
               help='Hosts tried for one instance before it goes to ERROR.'),
    cfg.FloatOpt('service_state_interval', default=1.0, min=0.0,
                 help="""
Seconds between two reads of the compute services' records by the
scheduler, and between two evaluations of which services are up.

Service records change with every heartbeat; between two reads the
scheduler places on the enabled/disabled, forced-down and up/down state of
the last read.  A service disabled, forced down or gone down is therefore
still picked for at most this many seconds (plus ``service_down_time`` for
a service that stopped heartbeating, as always).  Node resources are read
on every request regardless.

Possible values:

* 0: read and evaluate on every request.
* A positive number of seconds.

Related options:

* ``service_down_time``, ``report_interval``
"""),
    cfg.FloatOpt('late_commit_check_interval', default=0.0, min=0.0,
                 help="""
Seconds between two reads, by the scheduler, of the rows whose timestamp
falls in the 2-second margin before its previous read.

A request reads the compute node and service rows changed since the
previous read.  A transaction that committed after that read with an
earlier timestamp is found by the next read that goes back over the
margin, so its change reaches the scheduler at most this many seconds
late.

The default goes back on every read.  A usage update that commits late is
otherwise invisible while the scheduler's in-flight count of the same
instance has already ended (the instance has its host): in a K=200 boot
storm over 10 hosts, 1 s let the busiest host take 25-31 servers instead
of 20-24.

Possible values:

* 0 (default): go back over the margin on every read.
* A positive number of seconds.
"""),
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
