"""An RPC service: the start sequence every daemon but the API follows.

1. get or create the Service record (a sibling worker may race us),
2. ``manager.init_host()``, then ``manager.pre_start_hook()``,
3. the RPC server on ``Target(topic, server=host)`` with the manager's
   endpoints and the base ``ping`` endpoint,
4. ``manager.post_start_hook()``,
5. join the service group (heartbeats),
6. the periodic task timer, first run after a random delay.
"""

import random

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_service import service as o_service

from nova_lite import baserpc
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite.objects import service as service_obj
from nova_lite import rpc
from nova_lite.servicegroup import api as servicegroup

LOG = logging.getLogger(__name__)


class Service(o_service.Service):
    def __init__(self, conf, binary, topic, manager, host=None,
                 extra_endpoints=()):
        super().__init__()
        self.conf = conf
        self.binary = binary
        self.topic = topic
        self.host = host or conf.host
        self.manager = manager
        self.extra_endpoints = list(extra_endpoints)
        self.servicegroup = servicegroup.API(conf)
        self.service_ref = None
        self.model_disconnected = False
        self.rpcserver = None
        self._timers = []

    def _get_or_create_record(self, context):
        try:
            return service_obj.Service.get_by_host_and_binary(
                context, self.host, self.binary)
        except exception.ServiceNotFound:
            pass
        record = service_obj.Service(context, host=self.host,
                                     binary=self.binary, topic=self.topic)
        try:
            record.create()
        except exception.ServiceExists:
            # A sibling worker created it between our read and our insert.
            return service_obj.Service.get_by_host_and_binary(
                context, self.host, self.binary)
        return record

    def start(self):
        context = nl_context.get_admin_context()
        self.service_ref = self._get_or_create_record(context)
        self.manager.init_host()
        self.manager.pre_start_hook()
        target = messaging.Target(topic=self.topic, server=self.host)
        endpoints = [self.manager] + self.extra_endpoints + [
            baserpc.BaseRPCEndpoint(self.binary, self.host)]
        self.rpcserver = rpc.get_server(target, endpoints)
        self.rpcserver.start()
        self.manager.post_start_hook()
        self._timers.append(self.servicegroup.join(self))
        if self.conf.periodic_enable:
            self._start_periodic_tasks()
        LOG.info('%s started on host %s (topic %s)', self.binary, self.host,
                 self.topic)

    def _start_periodic_tasks(self):
        from oslo_service import loopingcall  # backend chosen at run time
        delay = random.randint(0, self.conf.periodic_fuzzy_delay) \
            if self.conf.periodic_fuzzy_delay else None
        timer = loopingcall.DynamicLoopingCall(self.periodic_tasks)
        timer.start(initial_delay=delay,
                    periodic_interval_max=self.conf.periodic_interval_max)
        self._timers.append(timer)

    def periodic_tasks(self, raise_on_error=False):
        """Run the due tasks; returns the seconds until the next one."""
        context = nl_context.get_admin_context()
        return self.manager.periodic_tasks(context,
                                           raise_on_error=raise_on_error)

    def stop_consuming(self):
        """First half of stop: take no new RPC messages (idempotent)."""
        if self.rpcserver is not None:
            self.rpcserver.stop()

    def stop(self, graceful=False):
        for timer in self._timers:
            timer.stop()
        self._timers = []
        if self.rpcserver is not None:
            try:
                self.rpcserver.stop()
                self.rpcserver.wait()
            except Exception:
                LOG.exception('Stopping the RPC server of %s failed',
                              self.binary)
            self.rpcserver = None
        cleanup = getattr(self.manager, 'cleanup_host', None)
        if cleanup is not None:
            cleanup()
        super().stop(graceful)

    def wait(self):
        for timer in self._timers:
            timer.wait()
        super().wait()


def conductor_service(conf, host=None):
    from nova_lite.conductor import manager
    from nova_lite.conductor import rpcapi
    return Service(conf, 'nova-lite-conductor', rpcapi.TOPIC,
                   manager.ConductorManager(conf), host=host,
                   extra_endpoints=[manager.ComputeTaskManager(
                       conf, host=host or conf.host)])


def scheduler_service(conf, host=None):
    from nova_lite.scheduler import manager
    from nova_lite.scheduler import rpcapi
    from nova_lite.scheduler.volume import manager as volume_manager
    return Service(conf, 'nova-lite-scheduler', rpcapi.TOPIC,
                   manager.SchedulerManager(conf, host=host or conf.host),
                   host=host,
                   extra_endpoints=[volume_manager.VolumeSchedulerManager(
                       conf, host or conf.host)])


def compute_service(conf, host=None):
    from nova_lite.compute import manager
    from nova_lite.compute import rpcapi
    return Service(conf, 'nova-lite-compute', rpcapi.TOPIC,
                   manager.ComputeManager(conf, host or conf.host),
                   host=host)


def volume_service(conf, host=None):
    from nova_lite.volume import manager
    from nova_lite.volume import rpcapi
    return Service(conf, 'nova-lite-volume', rpcapi.TOPIC,
                   manager.VolumeManager(conf, host or conf.host),
                   host=host)
