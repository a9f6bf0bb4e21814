"""Volume scheduler RPC endpoint (namespace ``volume_scheduler``): thin;
the work is the taskflow flow in ``flow.py``."""

import oslo_messaging as messaging

from nova_lite import manager
from nova_lite.scheduler.volume import drivers
from nova_lite.scheduler.volume import flow
from nova_lite.scheduler.volume import rpcapi
from nova_lite.servicegroup import api as servicegroup
from nova_lite.volume import rpcapi as volume_rpcapi

# Version 1.0: create_volume
RPC_API_VERSION = '1.0'


class VolumeSchedulerManager(manager.Manager):
    target = messaging.Target(namespace=rpcapi.NAMESPACE,
                              version=RPC_API_VERSION)

    def __init__(self, conf, host):
        super().__init__(conf)
        self.host = host
        self.driver = drivers.load(conf)
        self.servicegroup = servicegroup.API(conf)
        self.volume_rpcapi = volume_rpcapi.VolumeAPI(conf)

    def create_volume(self, context, volume, request_spec=None):
        flow.run(context, volume, request_spec, driver=self.driver,
                 servicegroup=self.servicegroup,
                 volume_rpcapi=self.volume_rpcapi,
                 allow_reschedule=self.conf.volume.allow_reschedule,
                 host=self.host)
