"""[upgrade_levels] options: RPC version caps for rolling upgrades."""

from oslo_config import cfg

upgrade_group = cfg.OptGroup('upgrade_levels', title='RPC version caps',
                             help="""
Cap the RPC version a client sends, so that old and new services can run
side by side during an upgrade.  Unset: the newest version the client knows.
""")

upgrade_opts = [
    cfg.StrOpt('compute', help='Version cap of the compute RPC API.'),
    cfg.StrOpt('conductor', help='Version cap of the conductor RPC APIs.'),
    cfg.StrOpt('scheduler', help='Version cap of the scheduler RPC API.'),
    cfg.StrOpt('volume', help='Version cap of the volume RPC API.'),
    cfg.StrOpt('baseapi', help='Version cap of the base (ping) RPC API.'),
]


def register_opts(conf):
    conf.register_group(upgrade_group)
    conf.register_opts(upgrade_opts, group=upgrade_group)


def list_opts():
    return {upgrade_group: upgrade_opts}
