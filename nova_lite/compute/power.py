"""Power actions on this host's guests, and the power state sync.

The API has already moved the instance to its task state (``powering-off``,
``powering-on``, ``rebooting*``) with a compare-and-swap; here, under the
instance lock, the driver acts and the result is saved with the task state
expected.  A driver failure puts the task state back to None (the server
stays where it was) and records an InstanceFault.  A task state changed
meanwhile (the instance is being deleted) means someone else owns it now:
the action stops quietly.  Each action is the ``compute_<action>_instance``
event of the request's instance action (Error when it did not happen).

The sync (a periodic task) records what the hypervisor did behind our
back: a guest that stopped on its own makes its instance ``stopped``.
"""

from oslo_log import log as logging

from nova_lite.compute import action_events
from nova_lite.compute import states
from nova_lite import exception
from nova_lite import notifications
from nova_lite.objects import instance as instance_obj
from nova_lite.objects import instance_fault

LOG = logging.getLogger(__name__)


# Nova's notification names of the power actions
_NOTIFICATION = {'stop': 'power_off', 'start': 'power_on',
                 'reboot': 'reboot'}


def _fail(manager, context, instance, action, task_state, error):
    LOG.warning('Could not %s instance %s: %s', action, instance.uuid, error)
    try:
        instance_fault.InstanceFault.from_exception(
            context, instance.uuid, exception.InstancePowerActionFailed(
                action=action, instance_uuid=instance.uuid,
                reason=error), host=manager.host).create()
        instance.task_state = None
        instance.save(expected_task_state=task_state)
    except (exception.InstanceNotFound,
            exception.UnexpectedTaskStateError) as exc:
        LOG.info('Instance %s changed meanwhile: %s', instance.uuid,
                 exc.format_message())


def _run(manager, context, instance, action, task_states, act, vm_state):
    """Drive one action: ``act()`` calls the driver, then the instance
    rests in ``vm_state`` with the driver's power state."""
    with action_events.record(context, [instance.uuid],
                              'compute_%s_instance' % action,
                              manager.host) as step, \
            notifications.notify_action(
                context, instance, _NOTIFICATION[action],
                manager.host) as note, \
            manager.instance_lock(instance.uuid):
        try:
            act()
            instance.power_state = manager.driver.get_info(instance).state
            instance.vm_state = vm_state
            instance.task_state = None
            instance.save(expected_task_state=list(task_states))
        except (exception.InstanceNotFound,
                exception.UnexpectedTaskStateError) as exc:
            LOG.info('%s of instance %s stopped: %s', action, instance.uuid,
                     exc.format_message())
            step.failed(exc)
            note.failed(exc)
            return
        except Exception as exc:
            step.failed(exc)
            note.failed(exc)
            _fail(manager, context, instance, action, list(task_states),
                  str(exc) or exc.__class__.__name__)
            return
    LOG.info('Instance %s: %s done, now %s', instance.uuid, action,
             vm_state)


def stop(manager, context, instance):
    _run(manager, context, instance, 'stop', [states.POWERING_OFF],
         lambda: manager.driver.power_off(context, instance),
         states.STOPPED)


def start(manager, context, instance):
    _run(manager, context, instance, 'start', [states.POWERING_ON],
         lambda: manager.driver.power_on(context, instance),
         states.ACTIVE)


def reboot(manager, context, instance, reboot_type):
    hard = reboot_type == 'HARD'
    pending = states.REBOOTING_HARD if hard else states.REBOOTING
    started = states.REBOOT_STARTED_HARD if hard else \
        states.REBOOT_STARTED

    def act():
        instance.task_state = started
        instance.save(expected_task_state=[pending])
        manager.driver.reboot(context, instance, reboot_type)

    _run(manager, context, instance, 'reboot', [pending, started], act,
         states.ACTIVE)


def sync_power_states(manager, context):
    """Compare each settled instance of this host with its guest."""
    instances = instance_obj.InstanceList.get_by_host(context, manager.host)
    for instance in instances:
        if instance.task_state is not None:
            continue  # an action is under way and will set the state
        with manager.instance_lock(instance.uuid):
            try:
                _sync_one(manager, instance)
            except (exception.InstanceNotFound,
                    exception.UnexpectedTaskStateError) as exc:
                LOG.info('Power sync of %s skipped: %s', instance.uuid,
                         exc.format_message())


def _sync_one(manager, instance):
    power_state = manager.driver.get_info(instance).state
    if power_state == instance.power_state:
        return
    instance.power_state = power_state
    if instance.vm_state == states.ACTIVE and \
            power_state in (states.SHUTDOWN, states.NOSTATE):
        LOG.warning('Instance %s stopped on its own (power state %s): '
                    'recording it as stopped', instance.uuid, power_state)
        instance.vm_state = states.STOPPED
        instance.save(expected_task_state=[None],
                      expected_vm_state=[states.ACTIVE])
        return
    instance.save(expected_task_state=[None])
