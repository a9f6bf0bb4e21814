"""Cold migration and resize on the computes (the conductor has chosen
the destination and created the Migration record).

    dest   prep_resize        claim the new flavor, cast the source
    source resize_instance    power the guest off, cast the destination
    dest   finish_resize      ports bound here, guest spawned with the new
                              flavor; instance here, RESIZED (VERIFY_RESIZE)
    source confirm_resize     guest removed: the old flavor is freed
    dest   revert_resize      guest removed, instance back to the source
                              with its old flavor: the new flavor is freed
    source finish_revert_resize  ports back, guest powered on if it ran

While the migration is in progress both resource trackers count it (the
source its old flavor, the destination the new one); each step that ends
a side's hold recounts that host.  A failure records a fault, sets the
migration to ``error`` (its holds end) and clears the task state; the
instance stays where its guest is.  Each step is an event of the
request's instance action and sends ``instance.resize*`` notifications.
"""

from oslo_log import log as logging

from nova_lite.compute import action_events
from nova_lite.compute import states
from nova_lite.compute import volumes as compute_volumes
from nova_lite import exception
from nova_lite import notifications
from nova_lite.objects import instance_fault

LOG = logging.getLogger(__name__)


def _fault(manager, context, instance, action, error):
    try:
        instance_fault.InstanceFault.from_exception(
            context, instance.uuid, exception.InstanceMoveFailed(
                action=action, instance_uuid=instance.uuid,
                reason=getattr(error, 'format_message', lambda: str(error))()
                or error.__class__.__name__),
            host=manager.host).create()
    except Exception:
        LOG.exception('Could not record the fault of %s', instance.uuid)


def _recount(manager, context):
    try:
        manager.resource_tracker.update_available_resource(context)
    except Exception:
        LOG.exception('Resource recount on %s failed', manager.host)


def _fail(manager, context, instance, migration, action, error,
          task_states, vm_state=None):
    """The move stops here: migration ``error``, task state cleared
    (and the server in ``vm_state`` when given)."""
    LOG.warning('%s of instance %s failed on %s: %s', action, instance.uuid,
                manager.host, error)
    _fault(manager, context, instance, action, error)
    try:
        migration.status = 'error'
        migration.save()
    except Exception:
        LOG.exception('Could not mark migration %s failed', migration.id)
    try:
        instance.task_state = None
        if vm_state is not None:
            instance.vm_state = vm_state
        instance.save(expected_task_state=list(task_states))
    except (exception.InstanceNotFound,
            exception.UnexpectedTaskStateError) as exc:
        LOG.info('Instance %s changed meanwhile: %s', instance.uuid,
                 exc.format_message())
    _recount(manager, context)


def _step(manager, context, instance, event, notification=None,
          new_flavor=None):
    """The action event (and the notification) of one step."""
    record = action_events.record(context, [instance.uuid], event,
                                  manager.host)
    if notification is None:
        return record
    return _Both(record, notifications.notify_action(
        context, instance, notification, manager.host,
        new_flavor=new_flavor))


class _Both:
    """Enter an action event and a notification together."""

    def __init__(self, record, notify):
        self.record, self.notify = record, notify

    def __enter__(self):
        step = self.record.__enter__()
        self.notify.__enter__()
        self.step = step
        return self

    def failed(self, error):
        self.step.failed(error)
        self.notify.failed(error)

    def __exit__(self, *exc):
        self.notify.__exit__(*exc)
        return self.record.__exit__(*exc)


def _kind(migration):
    return 'resize' if migration.migration_type == 'resize' else 'migrate'


def prep_resize(manager, context, instance, migration):
    """Destination: claim the new flavor, then ask the source to move."""
    with _step(manager, context, instance, 'compute_prep_resize',
               'resize_prep', migration.new_flavor) as step, \
            manager.instance_lock(instance.uuid):
        try:
            manager.resource_tracker.resize_claim(
                context, instance, migration.new_flavor, migration.dest_node)
        except Exception as exc:
            step.failed(exc)
            _fail(manager, context, instance, migration, 'prep_resize', exc,
                  [states.RESIZE_PREP])
            return
    manager.compute_rpcapi.resize_instance(context, instance, migration)


def resize_instance(manager, context, instance, migration):
    """Source: power the guest off (its disk "moves"), cast the finish."""
    with _step(manager, context, instance, 'compute_resize_instance',
               'resize', migration.new_flavor) as step, \
            manager.instance_lock(instance.uuid):
        try:
            instance.task_state = states.RESIZE_MIGRATING
            instance.save(expected_task_state=[states.RESIZE_PREP])
            migration.status = 'migrating'
            migration.save()
            manager.driver.power_off(context, instance)
            migration.status = 'post-migrating'
            migration.save()
            instance.task_state = states.RESIZE_MIGRATED
            instance.power_state = states.SHUTDOWN
            instance.save(expected_task_state=[states.RESIZE_MIGRATING])
        except Exception as exc:
            step.failed(exc)
            _restart_source(manager, context, instance, migration)
            _fail(manager, context, instance, migration, 'resize_instance',
                  exc, [states.RESIZE_PREP, states.RESIZE_MIGRATING])
            return
    manager.compute_rpcapi.finish_resize(context, instance, migration)


def _restart_source(manager, context, instance, migration):
    if migration.old_vm_state != states.ACTIVE:
        return
    try:
        manager.driver.power_on(context, instance)
    except Exception:
        LOG.exception('Could not power %s back on', instance.uuid)


def finish_resize(manager, context, instance, migration):
    """Destination: the instance lives here now, waiting for confirm."""
    with _step(manager, context, instance, 'compute_finish_resize',
               'resize_finish', migration.new_flavor) as step, \
            manager.instance_lock(instance.uuid):
        try:
            _finish(manager, context, instance, migration)
        except Exception as exc:
            step.failed(exc)
            try:
                manager.driver.destroy(context, instance)
            except Exception:
                LOG.exception('Cleanup of guest %s failed', instance.uuid)
            # As in Nova: half-moved, the server is ERROR (its old guest,
            # powered off, stays on the source for an admin to recover).
            _fail(manager, context, instance, migration, 'finish_resize',
                  exc, [states.RESIZE_MIGRATED, states.RESIZE_FINISH],
                  vm_state=states.ERROR)
            return
    _recount(manager, context)
    LOG.info('Instance %s moved %s -> %s (%s), waiting for confirm',
             instance.uuid, migration.source_compute, manager.host,
             migration.migration_type)


def _finish(manager, context, instance, migration):
    flavor = migration.new_flavor
    instance.task_state = states.RESIZE_FINISH
    instance.host = manager.host
    instance.node = migration.dest_node
    instance.flavor = flavor
    instance.memory_mb = flavor.memory_mb
    instance.vcpus = flavor.vcpus
    instance.root_gb = flavor.root_gb
    instance.ephemeral_gb = flavor.ephemeral_gb
    instance.save(expected_task_state=[states.RESIZE_MIGRATED])
    network_info = instance.network_info or []
    if network_info:
        network_info = manager.network_api.bind_to_host(
            context, instance, manager.host)
        instance.network_info = network_info
    manager.driver.spawn(context, instance, {'id': instance.image_ref},
                         network_info)
    compute_volumes.reattach_all(manager, context, instance)
    if migration.old_vm_state != states.ACTIVE:
        manager.driver.power_off(context, instance)
    migration.status = 'finished'
    migration.save()
    instance.power_state = manager.driver.get_info(instance).state
    instance.vm_state = states.RESIZED
    instance.task_state = None
    instance.save(expected_task_state=[states.RESIZE_FINISH])


def confirm_resize(manager, context, instance, migration):
    """Source: remove the old guest; the old flavor is freed here."""
    with _step(manager, context, instance, 'compute_confirm_resize',
               'resize_confirm') as step, \
            manager.instance_lock(instance.uuid):
        try:
            # The ports are bound to the destination now: no unplug here.
            manager.driver.destroy(context, instance, None)
            migration.status = 'confirmed'
            migration.save()
        except Exception as exc:
            step.failed(exc)
            _fail(manager, context, instance, migration, 'confirm_resize',
                  exc, [states.RESIZE_CONFIRMING])
            return
        try:
            instance.vm_state = states.ACTIVE \
                if migration.old_vm_state == states.ACTIVE else \
                states.STOPPED
            instance.task_state = None
            instance.save(expected_task_state=[states.RESIZE_CONFIRMING])
        except (exception.InstanceNotFound,
                exception.UnexpectedTaskStateError) as exc:
            # deleted meanwhile: the source side is clean all the same
            LOG.info('Confirm of %s: %s', instance.uuid,
                     exc.format_message())
    _recount(manager, context)


def revert_resize(manager, context, instance, migration):
    """Destination: remove the new guest, give the instance back to the
    source with its old flavor; the new flavor is freed here."""
    with _step(manager, context, instance, 'compute_revert_resize',
               'resize_revert') as step, \
            manager.instance_lock(instance.uuid):
        try:
            manager.driver.destroy(context, instance, None)
            flavor = migration.old_flavor
            instance.host = migration.source_compute
            instance.node = migration.source_node
            instance.flavor = flavor
            instance.memory_mb = flavor.memory_mb
            instance.vcpus = flavor.vcpus
            instance.root_gb = flavor.root_gb
            instance.ephemeral_gb = flavor.ephemeral_gb
            instance.save(expected_task_state=[states.RESIZE_REVERTING])
            migration.status = 'reverted'
            migration.save()
        except Exception as exc:
            step.failed(exc)
            _fail(manager, context, instance, migration, 'revert_resize',
                  exc, [states.RESIZE_REVERTING])
            return
    _recount(manager, context)
    manager.compute_rpcapi.finish_revert_resize(context, instance, migration)


def finish_revert_resize(manager, context, instance, migration):
    """Source: ports back here, the old guest runs again if it ran."""
    with _step(manager, context, instance, 'compute_finish_revert_resize',
               None) as step, manager.instance_lock(instance.uuid):
        try:
            if instance.network_info:
                instance.network_info = manager.network_api.bind_to_host(
                    context, instance, manager.host)
            if migration.old_vm_state == states.ACTIVE:
                manager.driver.power_on(context, instance)
            instance.power_state = manager.driver.get_info(instance).state
            instance.vm_state = migration.old_vm_state or states.ACTIVE
            instance.task_state = None
            instance.save(expected_task_state=[states.RESIZE_REVERTING])
        except Exception as exc:
            step.failed(exc)
            _fault(manager, context, instance, 'finish_revert_resize', exc)
            try:
                instance.task_state = None
                instance.save(expected_task_state=[states.RESIZE_REVERTING])
            except Exception:
                LOG.exception('Could not clear the task state of %s',
                              instance.uuid)
    _recount(manager, context)
