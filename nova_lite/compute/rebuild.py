"""Rebuild on the instance's own host: the guest is recreated from the new
image (the API already wrote ``image_ref``, name and metadata and set the
task state ``rebuilding``).  A stopped server stays stopped afterwards.

``compute_rebuild_instance`` event, ``instance.rebuild.*`` notifications;
a driver failure sets the instance to ERROR with a fault (its old guest
is gone by then, as in Nova).
"""

from oslo_log import log as logging

from nova_lite.compute import action_events
from nova_lite.compute import states
from nova_lite.compute import volumes as compute_volumes
from nova_lite import exception
from nova_lite import notifications
from nova_lite.objects import instance_fault

LOG = logging.getLogger(__name__)


def rebuild(manager, context, instance, image_ref):
    with action_events.record(context, [instance.uuid],
                              'compute_rebuild_instance',
                              manager.host) as step, \
            notifications.notify_action(context, instance, 'rebuild',
                                        manager.host) as note, \
            manager.instance_lock(instance.uuid):
        was_stopped = instance.vm_state == states.STOPPED
        try:
            instance.task_state = states.REBUILD_SPAWNING
            instance.save(expected_task_state=[states.REBUILDING])
            manager.driver.destroy(context, instance, None)
            manager.driver.spawn(context, instance, {'id': image_ref},
                                 instance.network_info or [])
            compute_volumes.reattach_all(manager, context, instance)
            if was_stopped:
                manager.driver.power_off(context, instance)
            instance.power_state = manager.driver.get_info(instance).state
            instance.vm_state = states.STOPPED if was_stopped else \
                states.ACTIVE
            instance.task_state = None
            instance.save(expected_task_state=[states.REBUILD_SPAWNING])
        except (exception.InstanceNotFound,
                exception.UnexpectedTaskStateError) as exc:
            LOG.info('Rebuild of %s stopped: %s', instance.uuid,
                     exc.format_message())
            step.failed(exc)
            note.failed(exc)
            return
        except Exception as exc:
            step.failed(exc)
            note.failed(exc)
            _error(manager, context, instance, exc)
            return
    LOG.info('Instance %s rebuilt from image %s', instance.uuid, image_ref)


def _error(manager, context, instance, error):
    LOG.warning('Rebuild of %s failed: %s', instance.uuid, error)
    try:
        instance_fault.InstanceFault.from_exception(
            context, instance.uuid, error, host=manager.host).create()
        instance.vm_state = states.ERROR
        instance.task_state = None
        instance.save(expected_task_state=[states.REBUILDING,
                                           states.REBUILD_SPAWNING])
    except (exception.InstanceNotFound,
            exception.UnexpectedTaskStateError) as exc:
        LOG.info('Instance %s changed meanwhile: %s', instance.uuid,
                 exc.format_message())
