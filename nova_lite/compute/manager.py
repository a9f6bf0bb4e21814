"""Compute RPC endpoint: thin.  Builds run in ``compute/build.py``, power
actions and the power state sync in ``compute/power.py``, cold migration
and resize in ``compute/migrate.py``, rebuild and shelve in
``compute/rebuild.py`` and ``compute/shelve.py``.

This process has no database: every object method goes to the conductor
(indirection API set by ``nova-lite-compute`` at start).
"""

from oslo_concurrency import lockutils
from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_service import periodic_task

from nova_lite.compute import action_events
from nova_lite.compute import build
from nova_lite.compute import events as compute_events
from nova_lite.compute import migrate
from nova_lite.compute import power
from nova_lite.compute import rebuild
from nova_lite.compute import resource_tracker
from nova_lite.compute import rpcapi as compute_rpcapi
from nova_lite.compute import shelve
from nova_lite.compute import states
from nova_lite.compute import volumes as compute_volumes
from nova_lite.conductor import rpcapi as conductor_rpcapi
from nova_lite import exception
from nova_lite import manager
from nova_lite import notifications
from nova_lite.network import neutron
from nova_lite import utils
from nova_lite.virt import driver as virt_driver
from nova_lite.volume import rpcapi as volume_rpcapi

LOG = logging.getLogger(__name__)

# 1.2: stop_instance, start_instance, reboot_instance
# 1.3: prep_resize, resize_instance, finish_resize, confirm_resize,
#      revert_resize, finish_revert_resize, rebuild_instance,
#      shelve_instance, shelve_offload_instance, unshelve_instance
# (see compute/rpcapi.py)
# 1.5: get_console_output (see compute/rpcapi.py)
# 1.6: attach_volume, detach_volume (see compute/rpcapi.py)
# 1.7: build_and_run_instance(events)
RPC_API_VERSION = '1.7'


class ComputeManager(manager.Manager):
    target = messaging.Target(version=RPC_API_VERSION)

    def __init__(self, conf, host, driver=None):
        super().__init__(conf)
        self.host = host
        self.driver = driver or virt_driver.load_driver(conf)
        self.resource_tracker = resource_tracker.ResourceTracker(
            conf, host, self.driver)
        self.compute_task_api = conductor_rpcapi.ComputeTaskAPI(conf)
        self.compute_rpcapi = compute_rpcapi.ComputeAPI(conf)
        self.network_api = neutron.API(conf)
        self.volume_rpcapi = volume_rpcapi.VolumeAPI(conf)
        self.instance_events = compute_events.InstanceEvents()
        self.set_task_spacing('update_available_resource',
                              conf.compute.update_resources_interval)
        self.set_task_spacing('_sync_power_states',
                              conf.compute.sync_power_state_interval)

    def instance_lock(self, instance_uuid):
        """Serialises build, delete and power actions of one instance on
        this host."""
        return lockutils.internal_lock('instance-%s' % instance_uuid)

    def init_host(self):
        self.driver.init_host(self.host)

    def pre_start_hook(self):
        """Know our resources before the first build request can arrive.

        A failure here (a conductor too busy to answer in time) is logged,
        not fatal: the service record already shows us up, so dying would
        leave a host that looks alive and never gets a node.  The
        update_available_resource periodic task tries again."""
        from nova_lite import context as nl_context
        try:
            self.resource_tracker.update_available_resource(
                nl_context.get_admin_context())
        except Exception:
            LOG.exception('The first resource update of %s failed; the '
                          'next update_available_resource run retries',
                          self.host)

    def build_and_run_instance(self, context, instance, node, request_spec,
                               events=None):
        """Cast: start the build in the background, free the RPC worker.
        ``events``: the conductor's and the scheduler's, for the claim to
        write."""
        task = build.BuildTask(self, context, instance, request_spec, node,
                               events=events)
        utils.spawn(task.run)

    def terminate_instance(self, context, instance):
        # A build blocked waiting for events fails fast and frees the lock.
        self.instance_events.clear_events_for_instance(instance.uuid)
        with action_events.record(context, [instance.uuid],
                                  'compute_terminate_instance', self.host), \
                notifications.notify_action(context, instance, 'delete',
                                            self.host), \
                self.instance_lock(instance.uuid):
            self.driver.destroy(context, instance, instance.network_info)
            compute_volumes.detach_all(self, context, instance)
            self._release_ports(context, instance)
            if instance.node:
                self.resource_tracker.drop_claim(context, instance,
                                                 instance.node)
            try:
                instance.destroy()
            except exception.InstanceNotFound:
                pass
            LOG.info('Instance %s deleted', instance.uuid)

    def _release_ports(self, context, instance):
        try:
            self.network_api.deallocate_for_instance(context, instance)
        except exception.NetworkServiceUnavailable as exc:
            # The record goes anyway; the ports stay bound to a device that
            # no longer exists, visible in the network service's port list.
            LOG.warning('Could not release the ports of %s: %s',
                        instance.uuid, exc.format_message())

    def refresh_network_info(self, context, instance):
        """Re-read the instance's ports, update its network info cache."""
        with self.instance_lock(instance.uuid):
            try:
                instance.network_info = \
                    self.network_api.get_instance_nw_info(context, instance)
                instance.save()
            except exception.InstanceNotFound:
                return
            except (exception.NetworkServiceUnavailable,
                    exception.NetworkRequestFailed) as exc:
                LOG.warning('Could not refresh the network info of %s: %s',
                            instance.uuid, exc.format_message())

    @periodic_task.periodic_task(run_immediately=False)
    def update_available_resource(self, context):
        self.resource_tracker.update_available_resource(context)

    @periodic_task.periodic_task(spacing=10, run_immediately=False)
    def _poll_shelved_instances(self, context):
        shelve.offload_expired(self, context)

    @periodic_task.periodic_task(run_immediately=False)
    def _sync_power_states(self, context):
        power.sync_power_states(self, context)

    # -- power actions (compute RPC 1.2) ----------------------------------

    def stop_instance(self, context, instance):
        power.stop(self, context, instance)

    def start_instance(self, context, instance):
        power.start(self, context, instance)

    def reboot_instance(self, context, instance, reboot_type):
        power.reboot(self, context, instance, reboot_type)

    # -- cold migration and resize (compute RPC 1.3) ----------------------

    def prep_resize(self, context, instance, migration):
        migrate.prep_resize(self, context, instance, migration)

    def resize_instance(self, context, instance, migration):
        migrate.resize_instance(self, context, instance, migration)

    def finish_resize(self, context, instance, migration):
        migrate.finish_resize(self, context, instance, migration)

    def confirm_resize(self, context, instance, migration):
        migrate.confirm_resize(self, context, instance, migration)

    def revert_resize(self, context, instance, migration):
        migrate.revert_resize(self, context, instance, migration)

    def finish_revert_resize(self, context, instance, migration):
        migrate.finish_revert_resize(self, context, instance, migration)

    # -- rebuild and shelve (compute RPC 1.3) ------------------------------

    def rebuild_instance(self, context, instance, image_ref):
        rebuild.rebuild(self, context, instance, image_ref)

    def shelve_instance(self, context, instance, offload):
        shelve.shelve(self, context, instance, offload)

    def shelve_offload_instance(self, context, instance):
        shelve.shelve_offload(self, context, instance)

    def unshelve_instance(self, context, instance, node, request_spec=None):
        shelve.unshelve(self, context, instance, node)
    @messaging.expected_exceptions(exception.InstanceNotFound,
                                   exception.ConsoleNotAvailable)
    def get_console_output(self, context, instance, tail_length=None):
        """Call (1.5): the guest's console log, its last ``tail_length``
        lines when given."""
        output = self.driver.get_console_output(context, instance)
        if tail_length is not None:
            lines = output.splitlines(keepends=True)
            output = ''.join(lines[-tail_length:]) if tail_length else ''
        return output

    # -- volumes (compute RPC 1.6) -----------------------------------------

    def attach_volume(self, context, instance, volume_id, mountpoint):
        with self.instance_lock(instance.uuid):
            compute_volumes.attach(self, context, instance, volume_id,
                                   mountpoint)

    def detach_volume(self, context, instance, volume_id):
        with self.instance_lock(instance.uuid):
            compute_volumes.detach(self, context, instance, volume_id)

    # -- external events (compute RPC 1.1) --------------------------------

    def wait_for_instance_event(self, instance, event_names, deadline=300,
                                error_callback=None):
        """Context manager waiting for events; see ``compute/events.py``."""
        return compute_events.wait_for_instance_event(
            self.instance_events, instance, event_names, deadline,
            error_callback=error_callback)

    def external_instance_event(self, context, instances, events):
        """Cast: events other services reported for instances here.

        ``network-changed`` and ``network-vif-deleted`` refresh the network
        info cache (in the background: the refresh takes the instance lock,
        which a build holds while it waits for events this very endpoint
        delivers); every event but ``network-changed`` also goes to whoever
        waits for it, or is logged and dropped.
        """
        by_uuid = {instance.uuid: instance for instance in instances}
        for event in events:
            instance = by_uuid.get(event.instance_uuid)
            if instance is None:
                LOG.warning('Event %s names instance %s, not sent along',
                            event.key, event.instance_uuid)
                continue
            if event.name in ('network-changed', 'network-vif-deleted') \
                    and instance.task_state != states.DELETING:
                # (a delete's own port removal needs no cache refresh)
                utils.spawn(self.refresh_network_info, context, instance)
            if event.name == 'network-changed':
                continue
            waiter = self.instance_events.pop_event(event)
            if waiter is None:
                LOG.info('Nobody waits for event %s (%s) of instance %s on '
                         '%s: dropped', event.key, event.status,
                         instance.uuid, self.host)
            else:
                LOG.debug('Delivering event %s (%s) of instance %s',
                          event.key, event.status, instance.uuid)
                waiter.deliver(event)
