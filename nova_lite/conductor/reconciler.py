"""The reconciler: no instance stays in a transitional state forever.

Run periodically by every conductor (several may run it at once: each
change is a compare-and-swap on the task state, so one wins and the others
skip).  An instance in BUILD whose record has not moved for
``[conductor] instance_build_timeout`` goes to ERROR with a fault saying
where it stopped; a delete stuck on a compute that is down is finished
(record deleted, its ports released in the network service).  An action
stuck in its task state for ``[conductor] task_state_timeout`` (its
compute died or lost the request) is ended by :func:`recover_actions`.
"""

import datetime

from oslo_log import log as logging

from nova_lite.compute import states
from nova_lite import exception
from nova_lite.objects import instance as instance_obj
from nova_lite.objects import instance_fault
from nova_lite.objects import migration as migration_obj
from nova_lite.objects import service as service_obj
from nova_lite import utils

LOG = logging.getLogger(__name__)


class BuildTimedOut(exception.NovaLiteException):
    msg_fmt = 'Build of the instance did not finish in %(timeout)d s ' \
              '(stopped at task state %(task_state)s on host %(host)s).'


def reconcile(context, conf, servicegroup, network_api=None):
    """Returns (instances moved to ERROR, deletes finished)."""
    timeout = conf.conductor.instance_build_timeout
    if not timeout:
        return 0, 0
    cutoff = utils.utcnow() - datetime.timedelta(seconds=timeout)
    return (_fail_stuck_builds(context, timeout, cutoff),
            _finish_stuck_deletes(context, servicegroup, cutoff,
                                  network_api))


def _fail_stuck_builds(context, timeout, cutoff):
    failed = 0
    for instance in instance_obj.InstanceList.get_by_filters(
            context, {'vm_state': [states.BUILDING],
                      'updated_before': cutoff}, sort_key='id'):
        error = BuildTimedOut(timeout=timeout,
                              task_state=instance.task_state,
                              host=instance.host or '(none)')
        task_state = instance.task_state
        instance.vm_state = states.ERROR
        instance.task_state = None
        try:
            instance.save(expected_task_state=[task_state],
                          expected_vm_state=[states.BUILDING])
        except (exception.UnexpectedTaskStateError,
                exception.InstanceNotFound):
            continue  # it moved on meanwhile, or another conductor won
        instance_fault.InstanceFault.from_exception(
            context, instance.uuid, error, host=instance.host).create()
        LOG.warning('Instance %s: %s', instance.uuid, error.format_message())
        failed += 1
    return failed


def _finish_stuck_deletes(context, servicegroup, cutoff, network_api):
    finished = 0
    computes = {s.host: s for s in service_obj.ServiceList.get_all(
        context, binary='nova-lite-compute')}
    for instance in instance_obj.InstanceList.get_by_filters(
            context, {'task_state': [states.DELETING],
                      'updated_before': cutoff}, sort_key='id'):
        service = computes.get(instance.host)
        if service is not None and servicegroup.service_is_up(service):
            continue  # its compute is alive and will finish it
        try:
            instance.destroy()
        except exception.InstanceNotFound:
            continue
        LOG.warning('Instance %s: delete finished by the reconciler (host '
                    '%s is down)', instance.uuid, instance.host)
        finished += 1
        if network_api is not None:
            _release_ports(context, network_api, instance)
    return finished


def _release_ports(context, network_api, instance):
    try:
        network_api.deallocate_for_instance(context, instance)
    except (exception.NetworkServiceUnavailable,
            exception.NetworkRequestFailed) as exc:
        LOG.warning('Could not release the ports of %s: %s', instance.uuid,
                    exc.format_message())


class ActionTimedOut(exception.NovaLiteException):
    msg_fmt = 'The action stopped at task state %(task_state)s on host ' \
              '%(host)s (%(why)s) and was ended after %(timeout)d s.'


# Task states an action may strand; those whose guest may be gone
# half-way leave the server in ERROR.
_RECOVERABLE = (
    states.POWERING_OFF, states.POWERING_ON, states.REBOOTING,
    states.REBOOT_STARTED, states.REBOOTING_HARD, states.REBOOT_STARTED_HARD,
    states.SHELVING, states.SHELVING_OFFLOADING, states.UNSHELVING,
    states.RESIZE_CONFIRMING) + states.RESIZE_TASK_STATES + (
    states.RESIZE_REVERTING, states.REBUILDING, states.REBUILD_SPAWNING)
_TO_ERROR = (states.REBUILDING, states.REBUILD_SPAWNING,
             states.RESIZE_FINISH, states.RESIZE_REVERTING)
_RESIZING = states.RESIZE_TASK_STATES + (states.RESIZE_REVERTING,
                                         states.RESIZE_CONFIRMING)


def recover_actions(context, conf, servicegroup):
    """End actions stuck past the timeout; returns how many."""
    timeout = conf.conductor.task_state_timeout
    if not timeout:
        return 0
    cutoff = utils.utcnow() - datetime.timedelta(seconds=timeout)
    computes = {s.host: s for s in service_obj.ServiceList.get_all(
        context, binary='nova-lite-compute')}
    recovered = 0
    for instance in instance_obj.InstanceList.get_by_filters(
            context, {'task_state': list(_RECOVERABLE),
                      'updated_before': cutoff}, sort_key='id'):
        service = computes.get(instance.host)
        up = service is not None and servicegroup.service_is_up(service)
        if _recover_one(context, instance, timeout,
                        'compute up, request lost' if up else
                        'compute down'):
            recovered += 1
    return recovered


def _recover_one(context, instance, timeout, why):
    task_state = instance.task_state
    error = ActionTimedOut(task_state=task_state,
                           host=instance.host or '(none)', why=why,
                           timeout=timeout)
    instance.task_state = None
    if task_state in _TO_ERROR:
        instance.vm_state = states.ERROR
    try:
        instance.save(expected_task_state=[task_state])
    except (exception.UnexpectedTaskStateError, exception.InstanceNotFound):
        return False  # it moved on meanwhile, or another conductor won
    instance_fault.InstanceFault.from_exception(
        context, instance.uuid, error, host=instance.host).create()
    if task_state in _RESIZING:
        for migration in migration_obj.MigrationList.get_by_filters(
                context, {'instance_uuid': instance.uuid,
                          'in_progress': True}):
            migration.status = 'error'
            migration.save()
    LOG.warning('Instance %s: %s', instance.uuid, error.format_message())
    return True
