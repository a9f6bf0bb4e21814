"""[DEFAULT] options: this host, service heartbeats, periodic tasks."""

import socket

from oslo_config import cfg

service_opts = [
    cfg.StrOpt('host',
               sample_default='<current hostname>',
               default=socket.gethostname(),
               help="""
Name of this node, used as the RPC server name of compute services and as
the ``host`` of every service record.

Possible values:

* Any string unique among the services of the same binary.
"""),
    cfg.StrOpt('state_path',
               default='/var/lib/nova_lite',
               help='Top-level directory for the state nova_lite keeps on '
                    'disk (SQLite file, image store).'),
    cfg.IntOpt('report_interval',
               default=10, min=1,
               help="""
Seconds between two service heartbeats (``report_count`` increments).

Related options:

* ``service_down_time``: must be larger; otherwise it is raised to
  2.5 x ``report_interval``.
"""),
    cfg.IntOpt('service_down_time',
               default=60, min=1,
               help="""
Maximum seconds since the last heartbeat for a service to be considered up.

Related options:

* ``report_interval``
"""),
    cfg.BoolOpt('periodic_enable',
                default=True,
                help='Run the periodic tasks of the service manager.'),
    cfg.IntOpt('periodic_fuzzy_delay',
               default=60, min=0,
               help="""
Upper bound, in seconds, of the random delay before the first run of the
periodic task timer, so that many services started together spread their
periodic load.  0 disables the delay.
"""),
    cfg.IntOpt('periodic_interval_max',
               default=60, min=1,
               help='Longest sleep, in seconds, of the periodic task timer '
                    'between two checks for due tasks.'),
    cfg.StrOpt('compute_driver',
               default='fake',
               choices=[('fake', 'In-memory fake hypervisor for tests and '
                                 'control-plane benchmarks.'),
                        ('libvirt', 'Real guests through libvirt/QEMU '
                                    '(see [libvirt]).')],
               help='Virt driver the compute service runs instances with.'),
]

move_opts = [
    cfg.BoolOpt('allow_resize_to_same_host',
                default=False,
                help="""
Let the scheduler pick the instance's own host for a resize (never for a
cold migration, which must change host).  Useful on single-host clouds.
"""),
    cfg.IntOpt('shelved_offload_time',
               default=0,
               help="""
Seconds a shelved server keeps its host's resources before it is offloaded.

Possible values:

* 0: offload at once when shelving
* -1: never offload automatically (only ``shelveOffload`` does)
* positive: offloaded by the periodic task of its compute after that time
"""),
]

notification_opts = [
    cfg.ListOpt('versioned_notifications_topics',
                default=['versioned_notifications'],
                help='Topics the versioned notifications (instance.*, '
                     'compute.exception) are sent on, with the '
                     '[oslo_messaging_notifications] driver (messagingv2 to '
                     'send them; none configured sends nothing).'),
]


def register_opts(conf):
    conf.register_opts(service_opts)
    conf.register_opts(move_opts)
    conf.register_opts(notification_opts, group='notifications')


def list_opts():
    return {'DEFAULT': service_opts + move_opts,
            'notifications': notification_opts}
