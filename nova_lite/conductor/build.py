"""The build workflow of the conductor: schedule, then hand to a compute.

``schedule_and_build`` is the body of the ``build_instances`` cast.  It asks
the scheduler (a *call*: the conductor waits for the answer), then casts
``build_and_run_instance`` to each chosen host.  The compute casts
``build_instances`` back with the retry record when a build fails on it;
after ``[scheduler] max_attempts`` the instance goes to ERROR.
"""

from oslo_log import log as logging
import oslo_messaging as messaging

from nova_lite.compute import rpcapi as compute_rpcapi
from nova_lite.compute import states
from nova_lite import exception
from nova_lite.objects import instance_fault
from nova_lite import rpc
from nova_lite.scheduler import rpcapi as scheduler_rpcapi

LOG = logging.getLogger(__name__)


class Builder:
    def __init__(self, conf):
        self.conf = conf
        self.scheduler = scheduler_rpcapi.SchedulerAPI(conf)
        self.compute = compute_rpcapi.ComputeAPI(conf)

    def schedule_and_build(self, context, instances, request_specs):
        spec = request_specs[0]
        if spec.num_attempts >= self.conf.scheduler.max_attempts:
            reason = ('Exceeded maximum number of retries (%d). Hosts tried: '
                      '%s' % (self.conf.scheduler.max_attempts,
                              ', '.join(spec.retry_hosts)))
            for instance in instances:
                self._set_error(context, instance,
                                exception.NoValidHost(reason=reason))
            return
        # This is an attempt: count it, so the retry record the compute
        # sends back after a failure is bounded by max_attempts.
        for request_spec in request_specs:
            request_spec.num_attempts += 1
        spec.num_instances = len(instances)
        try:
            selections = self.scheduler.select_destinations(
                context, spec, [i.uuid for i in instances])
        except exception.NoValidHost as exc:
            for instance in instances:
                self._set_error(context, instance, exc)
            return
        except messaging.MessagingTimeout as exc:
            for instance in instances:
                self._set_error(context, instance, exception.NoValidHost(
                    reason='the scheduler did not answer in time (%s)' %
                    exc))
            return
        for instance, request_spec, selection in zip(instances,
                                                     request_specs,
                                                     selections):
            LOG.info('Instance %s scheduled to %s', instance.uuid,
                     selection['host'])
            self.compute.build_and_run_instance(
                context, instance=instance, host=selection['host'],
                node=selection['nodename'], request_spec=request_spec)

    def _set_error(self, context, instance, error):
        LOG.warning('Setting instance %s to ERROR: %s', instance.uuid,
                    error.format_message())
        rpc.get_notifier('conductor').error(
            context, 'compute_task.build_instances',
            {'instance_id': instance.uuid, 'reason': error.format_message()})
        try:
            instance.vm_state = states.ERROR
            instance.task_state = None
            instance.save()
            instance_fault.InstanceFault.from_exception(
                context, instance.uuid, error).create()
        except exception.InstanceNotFound:
            LOG.info('Instance %s was deleted while scheduling',
                     instance.uuid)
