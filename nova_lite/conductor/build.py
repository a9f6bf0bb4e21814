"""The build workflow of the conductor: schedule, then hand to a compute.

``schedule_and_build`` is the body of the ``build_instances`` cast.  It asks
the scheduler (a *call*: the conductor waits for the answer), then casts
``build_and_run_instance`` to each chosen host.  The compute casts
``build_instances`` back with the retry record when a build fails on it;
a reschedule goes to the next alternate the scheduler ranked, and only when
none is left back to the scheduler.  After ``[scheduler] max_attempts`` the
instance goes to ERROR with a fault listing the hosts tried and why.
Each pass is the ``conductor_schedule_and_build_instances`` event of the
request's instance action (Error when the instances go to ERROR here).
A successful pass hands its event and the scheduler's down with the build:
the compute's claim writes them with its own (one transaction instead of
three, see ``compute/action_events.py``).
"""

from oslo_log import log as logging
import oslo_messaging as messaging

from nova_lite.compute import action_events
from nova_lite.compute import rpcapi as compute_rpcapi
from nova_lite.compute import states
from nova_lite import exception
from nova_lite.objects import instance_fault
from nova_lite import rpc
from nova_lite.scheduler import rpcapi as scheduler_rpcapi

LOG = logging.getLogger(__name__)


class Builder:
    def __init__(self, conf, host):
        self.conf = conf
        self.host = host  # recorded on the instance action events
        self.scheduler = scheduler_rpcapi.SchedulerAPI(conf)
        self.compute = compute_rpcapi.ComputeAPI(conf)

    def schedule_and_build(self, context, instances, request_specs):
        with action_events.record(
                context, [i.uuid for i in instances],
                'conductor_schedule_and_build_instances',
                self.host, at_end=True) as step:
            self._schedule_and_build(context, instances, request_specs,
                                     step)

    def _schedule_and_build(self, context, instances, request_specs, step):
        spec = request_specs[0]
        max_attempts = self.conf.scheduler.max_attempts
        if spec.num_attempts >= max_attempts:
            error = exception.NoValidHost(
                reason='Exceeded maximum number of attempts (%d) to build '
                       'the instance.' % max_attempts,
                details='Hosts tried: %s.' % spec.describe_attempts())
            self._fail_all(context, instances, error, step)
            return
        # This is an attempt: count it, so the retry record the compute
        # sends back after a failure is bounded by max_attempts.
        for request_spec in request_specs:
            request_spec.num_attempts += 1
        if len(instances) == 1 and spec.num_attempts > 1:
            alternate = _next_alternate(spec)
            if alternate is not None:
                LOG.info('Rescheduling %s to alternate %s', instances[0].uuid,
                         alternate['host'])
                self._build(context, instances[0], spec, alternate, step)
                return
        spec.num_instances = len(instances)
        try:
            selections, events = self.scheduler.schedule(
                context, spec, [i.uuid for i in instances])
        except exception.NoValidHost as exc:
            self._fail_all(context, instances, exc, step)
            return
        except messaging.MessagingTimeout as exc:
            error = exception.NoValidHost(
                reason='The scheduler did not answer in time.',
                details=str(exc))
            self._fail_all(context, instances, error, step)
            return
        step.carry_too(events)
        for instance, request_spec, hosts in zip(instances, request_specs,
                                                 selections):
            request_spec.alternates = hosts[1:]
            self._build(context, instance, request_spec, hosts[0], step)

    def _build(self, context, instance, request_spec, selection, step):
        LOG.info('Instance %s scheduled to %s', instance.uuid,
                 selection['host'])
        events = step.hand_off() if self.compute.can_carry_events() else None
        self.compute.build_and_run_instance(
            context, instance=instance, host=selection['host'],
            node=selection['nodename'], request_spec=request_spec,
            events=events)
        if events:
            step.handed(instance.uuid)

    def _fail_all(self, context, instances, error, step):
        step.failed(error)
        for instance in instances:
            self._set_error(context, instance, error)

    def _set_error(self, context, instance, error):
        LOG.warning('Setting instance %s to ERROR: %s', instance.uuid,
                    error.format_message())
        rpc.get_notifier('conductor').error(
            context, 'compute_task.build_instances',
            {'instance_id': instance.uuid, 'reason': error.format_message()})
        try:
            # The fault first: whoever sees ERROR sees why.
            instance_fault.InstanceFault.from_exception(
                context, instance.uuid, error,
                details=error.kwargs.get('details')).create()
            instance.vm_state = states.ERROR
            instance.task_state = None
            instance.save()
        except exception.InstanceNotFound:
            LOG.info('Instance %s was deleted while scheduling',
                     instance.uuid)


def _next_alternate(spec):
    """The first alternate not tried yet (removed from the spec), or None."""
    while spec.alternates:
        alternate = spec.alternates.pop(0)
        if alternate['host'] not in spec.retry_hosts:
            return alternate
    return None
