"""[compute] options: the compute manager and its resource tracker; the
VIF plugging options live in [DEFAULT], where Nova has them."""

from oslo_config import cfg

compute_group = cfg.OptGroup('compute', title='Compute service options',
                             help='Options of nova-lite-compute.')

compute_opts = [
    cfg.IntOpt('update_resources_interval',
               default=0,
               help="""
Seconds between two runs of the resource tracker's periodic
``update_available_resource``.

Possible values:

* 0: the default periodic interval (60 s)
* negative: disabled
"""),
    cfg.IntOpt('sync_power_state_interval',
               default=600,
               help="""
Seconds between two runs of the periodic power state sync, which records
guests that stopped on their own (the instance becomes SHUTOFF).

Possible values:

* 0: the default periodic interval (60 s)
* negative: disabled
"""),
    cfg.IntOpt('resource_tracker_call_timeout',
               default=15, min=1,
               help="""
Seconds a call to the conductor made while the resource tracker holds its
lock (a claim's instance and compute node saves, the periodic update) waits
for the reply, instead of ``rpc_response_timeout``.  Every build on the
host waits behind that lock, so a reply lost with a killed conductor must
not hold it for a whole ``rpc_response_timeout``: the claim fails (the
build is rescheduled) and the lock is free again.  Keep it above the
conductor's reply time under load; a smaller ``rpc_response_timeout``
wins.

Related options:

* ``[DEFAULT] rpc_response_timeout``
"""),
    cfg.FloatOpt('cpu_allocation_ratio', default=16.0, min=0.0,
                 help='Virtual CPUs per physical CPU the scheduler may '
                      'place on a host.'),
    cfg.FloatOpt('ram_allocation_ratio', default=1.5, min=0.0,
                 help='Virtual RAM per physical RAM the scheduler may place '
                      'on a host.'),
    cfg.FloatOpt('disk_allocation_ratio', default=1.0, min=0.0,
                 help='Virtual disk per physical disk the scheduler may '
                      'place on a host.'),
    cfg.IntOpt('reserved_host_memory_mb', default=512, min=0,
               help='Memory (MiB) kept back for the host itself.'),
    cfg.IntOpt('reserved_host_disk_mb', default=0, min=0,
               help='Disk (MiB) kept back for the host itself.'),
    cfg.StrOpt('availability_zone', default='nova',
               help='Availability zone of this compute host.'),
]

vif_plugging_opts = [
    cfg.BoolOpt('vif_plugging_is_fatal', default=True,
                help="""
Whether a boot fails when the ``network-vif-plugged`` events of its ports
do not arrive within ``vif_plugging_timeout`` (or arrive with status
``failed``).  False: log a warning, resume the guest and go on.

Related options:

* ``vif_plugging_timeout``
"""),
    cfg.IntOpt('vif_plugging_timeout', default=300, min=0,
               help="""
Seconds a boot waits for the ``network-vif-plugged`` events of its ports
(the guest is defined paused meanwhile).

Possible values:

* 0: do not wait for any event (the guest starts running at once), as in
  Nova, whatever ``vif_plugging_is_fatal`` says
* a positive number of seconds

Related options:

* ``vif_plugging_is_fatal``
"""),
]


def register_opts(conf):
    conf.register_group(compute_group)
    conf.register_opts(compute_opts, group=compute_group)
    conf.register_opts(vif_plugging_opts)


def list_opts():
    return {compute_group: compute_opts, 'DEFAULT': vif_plugging_opts}
