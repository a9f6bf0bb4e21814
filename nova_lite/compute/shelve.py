"""Shelve, offload and unshelve on the computes.

* shelve: the guest is powered off; the instance is SHELVED and keeps its
  host (and its resources there) -- unless ``shelved_offload_time`` is 0,
  then it is offloaded at once.
* offload: the guest is removed, the ports unbound from the host, the
  instance loses host and node (SHELVED_OFFLOADED) and the host's
  resources are recounted without it.
* unshelve of a SHELVED instance powers the guest on again here; of an
  offloaded one (the conductor scheduled a host) claims resources, binds
  the ports here and spawns the guest.  A failed unshelve leaves the
  instance offloaded with a fault.

Each is the ``compute_<name>_instance`` event of its request and sends
``instance.shelve*`` / ``instance.unshelve.*`` notifications.
"""

import datetime

from oslo_log import log as logging

from nova_lite.compute import action_events
from nova_lite.compute import states
from nova_lite.compute import volumes as compute_volumes
from nova_lite import exception
from nova_lite import notifications
from nova_lite.objects import instance as instance_obj
from nova_lite.objects import instance_fault
from nova_lite import utils

LOG = logging.getLogger(__name__)
_CHANGED = (exception.InstanceNotFound, exception.UnexpectedTaskStateError)


def _step(manager, context, instance, event, notification):
    return (action_events.record(context, [instance.uuid], event,
                                 manager.host),
            notifications.notify_action(context, instance, notification,
                                        manager.host))


def _fault(manager, context, instance, error):
    try:
        instance_fault.InstanceFault.from_exception(
            context, instance.uuid, error, host=manager.host).create()
    except Exception:
        LOG.exception('Could not record the fault of %s', instance.uuid)


def shelve(manager, context, instance, offload):
    record, notify = _step(manager, context, instance,
                           'compute_shelve_instance', 'shelve')
    with record as step, notify as note, \
            manager.instance_lock(instance.uuid):
        try:
            manager.driver.power_off(context, instance)
            instance.power_state = manager.driver.get_info(instance).state
            instance.vm_state = states.SHELVED
            instance.task_state = states.SHELVING_OFFLOADING if offload \
                else None
            instance.save(expected_task_state=[states.SHELVING])
        except Exception as exc:
            step.failed(exc)
            note.failed(exc)
            if not isinstance(exc, _CHANGED):
                _fault(manager, context, instance, exc)
                _clear(instance, states.SHELVING)
            return
    if offload:
        shelve_offload(manager, context, instance)


def _clear(instance, task_state):
    try:
        instance.task_state = None
        instance.save(expected_task_state=[task_state])
    except _CHANGED:
        pass


def shelve_offload(manager, context, instance):
    record, notify = _step(manager, context, instance,
                           'compute_shelve_offload_instance',
                           'shelve_offload')
    with record as step, notify as note, \
            manager.instance_lock(instance.uuid):
        try:
            manager.driver.destroy(context, instance, None)
            if instance.network_info:
                instance.network_info = manager.network_api.bind_to_host(
                    context, instance, '')
            instance.host = None
            instance.node = None
            instance.power_state = states.NOSTATE
            instance.vm_state = states.SHELVED_OFFLOADED
            instance.task_state = None
            instance.save(expected_task_state=[states.SHELVING_OFFLOADING])
        except Exception as exc:
            step.failed(exc)
            note.failed(exc)
            if not isinstance(exc, _CHANGED):
                _fault(manager, context, instance, exc)
                _clear(instance, states.SHELVING_OFFLOADING)
            return
    manager.resource_tracker.update_available_resource(context)


def unshelve(manager, context, instance, node):
    record, notify = _step(manager, context, instance,
                           'compute_unshelve_instance', 'unshelve')
    with record as step, notify as note, \
            manager.instance_lock(instance.uuid):
        offloaded = instance.vm_state == states.SHELVED_OFFLOADED
        claimed = False
        try:
            if offloaded:
                manager.resource_tracker.unshelve_claim(context, instance,
                                                        node)
                claimed = True
                if instance.network_info:
                    instance.network_info = \
                        manager.network_api.bind_to_host(
                            context, instance, manager.host)
                manager.driver.spawn(context, instance,
                                     {'id': instance.image_ref},
                                     instance.network_info or [])
                compute_volumes.reattach_all(manager, context, instance)
            else:
                manager.driver.power_on(context, instance)
            instance.power_state = manager.driver.get_info(instance).state
            instance.vm_state = states.ACTIVE
            instance.task_state = None
            instance.save(expected_task_state=[states.UNSHELVING])
        except Exception as exc:
            step.failed(exc)
            note.failed(exc)
            if not isinstance(exc, _CHANGED):
                _unshelve_failed(manager, context, instance, exc, offloaded,
                                 claimed, node)
            return
    LOG.info('Instance %s unshelved on %s', instance.uuid, manager.host)


def _unshelve_failed(manager, context, instance, error, offloaded, claimed,
                     node):
    LOG.warning('Unshelve of %s failed on %s: %s', instance.uuid,
                manager.host, error)
    _fault(manager, context, instance, error)
    if offloaded:
        try:
            manager.driver.destroy(context, instance, None)
        except Exception:
            LOG.exception('Cleanup of guest %s failed', instance.uuid)
    if claimed:
        manager.resource_tracker.drop_claim(context, instance, node)
    try:
        if offloaded:
            instance.host = None
            instance.node = None
        instance.task_state = None
        instance.save(expected_task_state=[states.UNSHELVING])
    except _CHANGED:
        pass


def offload_expired(manager, context):
    """Periodic: offload what stayed shelved ``shelved_offload_time`` s."""
    wait = manager.conf.shelved_offload_time
    if wait <= 0:
        return
    cutoff = utils.utcnow() - datetime.timedelta(seconds=wait)
    for instance in instance_obj.InstanceList.get_by_host(context,
                                                          manager.host):
        since = instance.updated_at or instance.created_at
        if instance.vm_state != states.SHELVED or \
                instance.task_state is not None or \
                utils.as_naive_utc(since) > utils.as_naive_utc(cutoff):
            continue
        try:
            instance.task_state = states.SHELVING_OFFLOADING
            instance.save(expected_task_state=[None],
                          expected_vm_state=[states.SHELVED])
        except _CHANGED:
            continue
        LOG.info('Offloading %s: shelved for more than %d s',
                 instance.uuid, wait)
        shelve_offload(manager, context, instance)
