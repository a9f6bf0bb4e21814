"""Configuration: one module per option group, registered on one ConfigOpts.

``CONF`` is oslo.config's process-wide object, because the oslo libraries
(oslo.messaging tracing, keystonemiddleware) register their own options
there; :func:`register_all` (called by every entry point and by the test
fixtures) puts ours on it.  Nothing reads an option at import time.
"""

from oslo_config import cfg

from nova_lite.conf import api
from nova_lite.conf import compute
from nova_lite.conf import conductor
from nova_lite.conf import database
from nova_lite.conf import default
from nova_lite.conf import fake_driver
from nova_lite.conf import image
from nova_lite.conf import libvirt
from nova_lite.conf import network
from nova_lite.conf import neutron
from nova_lite.conf import scheduler
from nova_lite.conf import servicegroup
from nova_lite.conf import upgrade_levels
from nova_lite.conf import volume

CONF = cfg.CONF

_MODULES = (default, api, compute, conductor, database, fake_driver, image,
            libvirt, neutron, scheduler, servicegroup, upgrade_levels, network,
            volume)


def register_all(conf=CONF):
    for module in _MODULES:
        for group in module.list_opts():
            if isinstance(group, cfg.OptGroup):
                # ConfigOpts keeps a shallow copy of a registered OptGroup,
                # whose option table (overrides included) would be shared
                # by every ConfigOpts given the same module-level group:
                # each gets a group of its own.
                conf.register_group(cfg.OptGroup(
                    group.name, title=group.title, help=group.help))
        module.register_opts(conf)
    return conf
