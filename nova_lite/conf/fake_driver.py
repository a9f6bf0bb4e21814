"""[fake_driver] options: resources and behaviour of the fake hypervisor."""

from oslo_config import cfg

fake_group = cfg.OptGroup('fake_driver', title='Fake virt driver',
                          help='Options of the in-memory fake hypervisor.')

fake_opts = [
    cfg.IntOpt('nodes', default=1, min=1,
               help="""
Hypervisor nodes this host reports.  1: one node named after the host;
more: ``<host>-node<N>``, each with the resources below.
"""),
    cfg.StrOpt('cpu_arch', default='x86_64',
               help='CPU architecture the fake host reports.'),
    cfg.IntOpt('vcpus', default=8, min=1,
               help='Physical CPUs the fake host reports.'),
    cfg.IntOpt('memory_mb', default=16384, min=1,
               help='Memory (MiB) the fake host reports.'),
    cfg.IntOpt('local_gb', default=200, min=1,
               help='Local disk (GiB) the fake host reports.'),
    cfg.FloatOpt('spawn_delay', default=0.0, min=0.0,
                 help='Seconds a spawn takes, to imitate a real hypervisor.'),
    cfg.BoolOpt('plug_vifs', default=True,
                help="""
Whether the fake host's network agent reports the VIFs of a guest plugged
(``update_device_up`` to the network service) after ``vif_plug_delay``.
False imitates a broken agent: ports never go ACTIVE and builds wait for
``network-vif-plugged`` events that never come.
"""),
    cfg.FloatOpt('vif_plug_delay', default=0.1, min=0.0,
                 help='Seconds between plugging a VIF and reporting it up, '
                      'as a real agent notices a tap device late.'),
    cfg.StrOpt('fail_spawn_name_prefix',
               help="""
Failure injection for tests: a spawn of an instance whose display name
starts with this prefix raises an error.  Unset: never.
"""),
]


def register_opts(conf):
    conf.register_group(fake_group)
    conf.register_opts(fake_opts, group=fake_group)


def list_opts():
    return {fake_group: fake_opts}
