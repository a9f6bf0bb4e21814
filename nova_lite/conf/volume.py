"""[volume] options: the volume service, its scheduler and quotas."""

from oslo_config import cfg

volume_group = cfg.OptGroup('volume', title='Block storage',
                            help="""
Options of nova-lite-volume (the file backend), of the volume scheduler in
nova-lite-scheduler and of the Block Storage API in nova-lite-api.
""")

volume_opts = [
    cfg.StrOpt('volumes_dir',
               help="""
Directory holding this host's volume and snapshot files (sparse raw
files).  Unset: ``$state_path/volumes/<host>``.
"""),
    cfg.IntOpt('capacity_gb', default=0, min=0,
               help="""
Capacity this host reports, in GiB.  0: the size of the filesystem of
``volumes_dir`` (statvfs).
"""),
    cfg.StrOpt('storage_availability_zone', default='nova',
               help='Availability zone of this volume host.'),
    cfg.IntOpt('capacity_report_interval', default=10,
               help="""
Seconds between capacity reports of a volume host.  0: the default
periodic interval (60 s); negative disables the report.
"""),
    cfg.StrOpt('volume_scheduler_driver', default='filter',
               choices=[('filter', 'capacity and AZ filters, capacity '
                                   'weigher'),
                        ('chance', 'a random up host'),
                        ('simple', 'the up host with the fewest allocated '
                                   'GiB, up to max_gigabytes')],
               help='How the volume scheduler picks a host.'),
    cfg.IntOpt('max_gigabytes', default=10000, min=1,
               help="""
Largest total of volume GiB the ``simple`` driver places on one host.

Related options:

* ``volume_scheduler_driver``
"""),
    cfg.BoolOpt('snapshot_same_host', default=True,
                help='Create a volume from a snapshot on the host of the '
                     "snapshot's volume, without scheduling."),
    cfg.BoolOpt('allow_reschedule', default=True,
                help='A scheduled create that fails on a volume host is '
                     'tried once more on another host.'),
    cfg.StrOpt('default_volume_type', default='__DEFAULT__',
               help='Name of the volume type of volumes created without '
                    'one.'),
    cfg.IntOpt('quota_volumes', default=10, min=-1,
               help='Volumes per project (-1: unlimited).'),
    cfg.IntOpt('quota_gigabytes', default=1000, min=-1,
               help='GiB of volumes and snapshots per project '
                    '(-1: unlimited).'),
    cfg.IntOpt('quota_snapshots', default=10, min=-1,
               help='Snapshots per project (-1: unlimited).'),
    cfg.IntOpt('reservation_expire', default=86400, min=1,
               help='Seconds after which an uncommitted quota reservation '
                    'no longer counts.'),
]


def register_opts(conf):
    conf.register_group(volume_group)
    conf.register_opts(volume_opts, group=volume_group)


def list_opts():
    return {volume_group: volume_opts}
