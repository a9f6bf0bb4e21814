"""[libvirt] options: the libvirt virt driver (``compute_driver =
libvirt``) and [glance], how a compute fetches images."""

from oslo_config import cfg

from nova_lite.conf import ksa

libvirt_group = cfg.OptGroup('libvirt', title='libvirt virt driver',
                             help='Options of the libvirt/QEMU driver.')
glance_group = cfg.OptGroup('glance', title='Image service client',
                            help='How a compute downloads images (the '
                                 'Glance v2 subset under /image).')

libvirt_opts = [
    cfg.StrOpt('connection_uri', default='qemu:///system',
               help='libvirt connection URI of the hypervisor.'),
    cfg.StrOpt('virt_type', default='qemu', choices=['qemu', 'kvm'],
               help="""
Domain type.  ``qemu`` emulates the CPU (TCG) and works everywhere;
``kvm`` needs working hardware virtualization: it is probed at start
(a tiny guest must run) and the compute refuses to start when it fails.
"""),
    cfg.StrOpt('instances_path',
               help="""
Where instance directories (disks, console logs) and the image cache live.
Unset: ``$state_path/instances``.
"""),
    cfg.StrOpt('netns',
               help="""
Network namespace libvirtd runs in (``ip netns exec NS libvirtd``).  The
driver creates the bridges there, and the network agent looks for taps
there.  Unset: the host's namespace.
"""),
    cfg.StrOpt('bridge_prefix', default='nlbr',
               help='Prefix of the Linux bridge names, one per network '
                    '(prefix + the start of the network id, 15 chars).'),
    cfg.FloatOpt('tap_poll_interval', default=0.2, min=0.05,
                 help='Seconds between two looks of the network agent '
                      'for taps appearing on the bridges.'),
    cfg.BoolOpt('report_vifs', default=True,
                help="""
Whether this host's network agent reports the taps it sees on the bridges
(``update_device_up``), which sets the ports ACTIVE and sends
``network-vif-plugged``.  False imitates a dead agent (tests of
``vif_plugging_timeout``).
"""),
    cfg.IntOpt('shutdown_timeout', default=10, min=0,
               help="""
Seconds a power off or soft reboot waits for the guest OS to shut down
after an ACPI request before cutting the power.
"""),
    cfg.IntOpt('device_detach_timeout', default=20, min=1,
               help="""
Seconds a volume detach from a running guest waits for the guest OS to
release the disk (an ACPI eject); the request is repeated meanwhile.  The
volume stays attached (``in-use``) when the guest does not let go.
"""),
]

_GLANCE_DEFAULTS = {'service_type': 'image',
                    'valid_interfaces': ['internal', 'public']}


def register_opts(conf):
    conf.register_group(libvirt_group)
    conf.register_opts(libvirt_opts, group=libvirt_group)
    conf.register_group(glance_group)
    ksa.register(conf, glance_group.name, **_GLANCE_DEFAULTS)


def list_opts():
    return {libvirt_group: libvirt_opts,
            glance_group: ksa.sample_opts(**_GLANCE_DEFAULTS)}
