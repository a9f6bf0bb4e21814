"""Client of the compute RPC API (topic ``compute``, server = host)."""

from oslo_log import log as logging
import oslo_messaging as messaging

from nova_lite import exception
from nova_lite import rpc

LOG = logging.getLogger(__name__)

TOPIC = 'compute'
RPC_API_VERSION = '1.7'


class ComputeAPI:
    # Version 1.0: build_and_run_instance, terminate_instance
    # Version 1.1: external_instance_event
    # Version 1.2: stop_instance, start_instance, reboot_instance
    # Version 1.3: prep_resize, resize_instance, finish_resize,
    #              confirm_resize, revert_resize, finish_revert_resize,
    #              rebuild_instance, shelve_instance,
    #              shelve_offload_instance, unshelve_instance
    # Version 1.5: get_console_output
    # Version 1.6: attach_volume, detach_volume
    # Version 1.7: build_and_run_instance(events)

    def __init__(self, conf):
        target = messaging.Target(topic=TOPIC, version=RPC_API_VERSION)
        self.client = rpc.get_client(target,
                                     rpc.version_cap(conf, 'compute'))

    def can_carry_events(self):
        """Whether a build can take the events of the steps before it
        (1.7); if not, those steps write their own."""
        return self.client.can_send_version('1.7')

    def build_and_run_instance(self, context, instance, host, node,
                               request_spec, events=None):
        """Cast; ``events``: the finished instance-action events of the
        conductor and the scheduler, for the claim to write (1.7, see
        :meth:`can_carry_events`)."""
        if events:
            cctxt = self.client.prepare(server=host, version='1.7')
            cctxt.cast(context, 'build_and_run_instance', instance=instance,
                       node=node, request_spec=request_spec, events=events)
            return
        cctxt = self.client.prepare(server=host, version='1.0')
        cctxt.cast(context, 'build_and_run_instance', instance=instance,
                   node=node, request_spec=request_spec)

    def terminate_instance(self, context, instance):
        cctxt = self.client.prepare(server=instance.host, version='1.0')
        cctxt.cast(context, 'terminate_instance', instance=instance)

    def external_instance_event(self, context, host, instances, events):
        """Cast ``host`` the events of its ``instances``.

        A compute capped below 1.1 predates event waiters: nobody there
        can wait for an event, so the events are dropped here, as that
        compute would drop them.
        """
        if not self.client.can_send_version('1.1'):
            LOG.warning('Compute RPC is capped below 1.1: dropping %d '
                        'external event(s) for host %s', len(events), host)
            return
        cctxt = self.client.prepare(server=host, version='1.1')
        cctxt.cast(context, 'external_instance_event', instances=instances,
                   events=events)

    def can_power_action(self):
        """Whether the version cap lets stop/start/reboot through (1.2)."""
        return self.client.can_send_version('1.2')

    def _power_action(self, context, method, instance, **kwargs):
        # The API asks can_power_action before it changes any state; this
        # guards other callers.
        if not self.can_power_action():
            raise exception.Conflict(
                reason='compute RPC is capped below 1.2: %s is not '
                       'available during this upgrade' % method)
        cctxt = self.client.prepare(server=instance.host, version='1.2')
        cctxt.cast(context, method, instance=instance, **kwargs)

    def stop_instance(self, context, instance):
        self._power_action(context, 'stop_instance', instance)

    def start_instance(self, context, instance):
        self._power_action(context, 'start_instance', instance)

    def reboot_instance(self, context, instance, reboot_type):
        self._power_action(context, 'reboot_instance', instance,
                           reboot_type=reboot_type)

    def can_move(self):
        """Whether the version cap lets the move, rebuild and shelve
        methods through (1.3)."""
        return self.client.can_send_version('1.3')

    def _cast13(self, context, host, method, **kwargs):
        if not self.can_move():
            raise exception.Conflict(
                reason='compute RPC is capped below 1.3: %s is not '
                       'available during this upgrade' % method)
        cctxt = self.client.prepare(server=host, version='1.3')
        cctxt.cast(context, method, **kwargs)

    def prep_resize(self, context, instance, migration, host):
        """Cast to the destination: claim, then ask the source to move."""
        self._cast13(context, host, 'prep_resize', instance=instance,
                     migration=migration)

    def resize_instance(self, context, instance, migration):
        self._cast13(context, migration.source_compute, 'resize_instance',
                     instance=instance, migration=migration)

    def finish_resize(self, context, instance, migration):
        self._cast13(context, migration.dest_compute, 'finish_resize',
                     instance=instance, migration=migration)

    def confirm_resize(self, context, instance, migration):
        self._cast13(context, migration.source_compute, 'confirm_resize',
                     instance=instance, migration=migration)

    def revert_resize(self, context, instance, migration):
        self._cast13(context, migration.dest_compute, 'revert_resize',
                     instance=instance, migration=migration)

    def finish_revert_resize(self, context, instance, migration):
        self._cast13(context, migration.source_compute,
                     'finish_revert_resize', instance=instance,
                     migration=migration)

    def rebuild_instance(self, context, instance, image_ref):
        self._cast13(context, instance.host, 'rebuild_instance',
                     instance=instance, image_ref=image_ref)

    def shelve_instance(self, context, instance, offload):
        self._cast13(context, instance.host, 'shelve_instance',
                     instance=instance, offload=offload)

    def shelve_offload_instance(self, context, instance):
        self._cast13(context, instance.host, 'shelve_offload_instance',
                     instance=instance)

    def unshelve_instance(self, context, instance, host, node,
                          request_spec=None):
        """Start a shelved guest (same host) or spawn an offloaded one on
        the host the conductor scheduled."""
        self._cast13(context, host, 'unshelve_instance', instance=instance,
                     node=node, request_spec=request_spec)
    def get_console_output(self, context, instance, tail_length=None):
        """Call: the last ``tail_length`` lines of the guest's console
        (all when None)."""
        if not self.client.can_send_version('1.5'):
            raise exception.ConsoleNotAvailable(
                reason='compute RPC is capped below 1.5')
        cctxt = self.client.prepare(server=instance.host, version='1.5')
        return cctxt.call(context, 'get_console_output', instance=instance,
                          tail_length=tail_length)

    def _volume_cast(self, context, instance, method, **kwargs):
        if not self.client.can_send_version('1.6'):
            raise exception.Conflict(
                reason='compute RPC is capped below 1.6: %s is not '
                       'available during this upgrade' % method)
        cctxt = self.client.prepare(server=instance.host, version='1.6')
        cctxt.cast(context, method, instance=instance, **kwargs)

    def attach_volume(self, context, instance, volume_id, mountpoint):
        """Cast: connect the reserved (``attaching``) volume to the
        guest."""
        self._volume_cast(context, instance, 'attach_volume',
                          volume_id=volume_id, mountpoint=mountpoint)

    def detach_volume(self, context, instance, volume_id):
        """Cast: disconnect a ``detaching`` volume from the guest."""
        self._volume_cast(context, instance, 'detach_volume',
                          volume_id=volume_id)
