"""The conductor's part of rebuild and unshelve (both casts from the API).

* rebuild: on the instance's own host; the conductor records its step
  and hands over to that compute.
* unshelve: a SHELVED instance still has its host, which starts it again;
  an offloaded one is scheduled anew (any host that fits, the old one
  included), and the chosen compute spawns it.  NoValidHost leaves it
  SHELVED_OFFLOADED with a fault.
"""

from oslo_log import log as logging
import oslo_messaging as messaging

from nova_lite.compute import action_events
from nova_lite.compute import rpcapi as compute_rpcapi
from nova_lite.compute import states
from nova_lite import exception
from nova_lite.objects import instance_fault
from nova_lite.objects import request_spec as spec_obj
from nova_lite.scheduler import rpcapi as scheduler_rpcapi

LOG = logging.getLogger(__name__)


class Lifecycle:
    def __init__(self, conf, host):
        self.conf = conf
        self.host = host
        self.scheduler = scheduler_rpcapi.SchedulerAPI(conf)
        self.compute = compute_rpcapi.ComputeAPI(conf)

    def rebuild_instance(self, context, instance, image_ref):
        with action_events.record(context, [instance.uuid],
                                  'conductor_rebuild_server', self.host):
            self.compute.rebuild_instance(context, instance, image_ref)

    def unshelve_instance(self, context, instance):
        with action_events.record(context, [instance.uuid],
                                  'conductor_unshelve_instance',
                                  self.host) as step:
            if instance.vm_state != states.SHELVED_OFFLOADED:
                self.compute.unshelve_instance(context, instance,
                                               instance.host, instance.node)
                return
            try:
                chosen = self._schedule(context, instance)
            except (exception.NoValidHost, messaging.MessagingTimeout) as exc:
                step.failed(exc)
                self._unschedulable(context, instance, exc)
                return
            LOG.info('Unshelving %s onto %s', instance.uuid, chosen['host'])
            self.compute.unshelve_instance(context, instance,
                                           chosen['host'],
                                           chosen['nodename'])

    def _schedule(self, context, instance):
        spec = spec_obj.RequestSpec.get_by_instance_uuid(context,
                                                         instance.uuid)
        spec.flavor = instance.flavor
        spec.ignore_hosts = []
        spec.retry_hosts = []
        spec.retry_reasons = {}
        spec.alternates = []
        spec.num_attempts = 1
        spec.num_instances = 1
        hints = dict(spec.scheduler_hints)
        hints.pop('force_hosts', None)
        spec.scheduler_hints = hints
        return self.scheduler.select_destinations(
            context, spec, [instance.uuid])[0][0]

    @staticmethod
    def _unschedulable(context, instance, error):
        if not isinstance(error, exception.NoValidHost):
            error = exception.NoValidHost(
                reason='The scheduler did not answer in time.')
        LOG.warning('Unshelve of %s: %s', instance.uuid,
                    error.format_message())
        try:
            instance_fault.InstanceFault.from_exception(
                context, instance.uuid, error).create()
            instance.task_state = None
            instance.save(expected_task_state=[states.UNSHELVING])
        except (exception.InstanceNotFound,
                exception.UnexpectedTaskStateError):
            pass
