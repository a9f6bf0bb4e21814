"""The build of one instance on this host (runs in its own green thread).

claim -> ports bound to this host -> guest defined *paused* with its VIFs
plugged -> wait for the ``network-vif-plugged`` events of the ports that
are not ACTIVE yet -> resume -> ACTIVE.

A failure another host might not have (claim, ports, driver error, VIF
events missing or failed when ``vif_plugging_is_fatal``) cleans up here
(guest destroyed, ports released, claim dropped) and casts
``build_instances`` back to the conductor with this host added to the retry
record.  An instance deleted while it builds is cleaned up quietly.
The build is the ``compute__do_build_and_run_instance`` event of the
request's instance action, Error when it did not end ACTIVE here.
"""

from oslo_log import log as logging

from nova_lite.compute import action_events
from nova_lite.compute import states
from nova_lite import exception
from nova_lite import notifications
from nova_lite.objects import instance_fault
from nova_lite import utils

LOG = logging.getLogger(__name__)

VIF_PLUGGED = 'network-vif-plugged'


class BuildTask:
    def __init__(self, manager, context, instance, request_spec, node,
                 events=None):
        self.manager = manager
        self.events = events or []  # of the steps before, for the claim
        self.conf = manager.conf
        self.context = context
        self.instance = instance
        self.request_spec = request_spec
        self.node = node
        self.claimed = False
        self.network_info = None

    def run(self):
        # The claim's binding carries the event's start (and the events
        # the conductor handed down) and the ACTIVE save its end: no
        # conductor call of their own.
        with action_events.record(self.context, [self.instance.uuid],
                                  'compute__do_build_and_run_instance',
                                  self.manager.host, carried=True) as step, \
                notifications.notify_action(self.context, self.instance,
                                            'create',
                                            self.manager.host) as note:
            step.carry_too(self.events)
            with self.manager.instance_lock(self.instance.uuid):
                self._run(step)
            if step.error is not None:
                note.failed(step.error)

    def _run(self, step):
        instance = self.instance
        try:
            self._claim(step)
            self._allocate_network()
            self._spawn()
            instance.vm_state = states.ACTIVE
            instance.task_state = None
            instance.power_state = states.RUNNING
            instance.launched_at = utils.utcnow()
            instance.save(expected_task_state=states.SPAWNING,
                          action_event=step.carry_end())
            step.carried()
            LOG.info('Instance %s is ACTIVE on %s', instance.uuid,
                     self.manager.host)
        except (exception.InstanceNotFound,
                exception.UnexpectedTaskStateError) as exc:
            LOG.info('Build of %s stopped: %s', instance.uuid,
                     exc.format_message())
            step.failed(exc)
            self._cleanup()
        except Exception as exc:
            LOG.warning('Build of %s failed on %s: %s', instance.uuid,
                        self.manager.host, exc)
            step.failed(exc)
            self._cleanup()
            self._reschedule_or_fail(exc)

    def _claim(self, step):
        self.manager.resource_tracker.instance_claim(
            self.context, self.instance, self.node,
            action_event=step.carry_start())
        self.claimed = True
        step.carried()

    def _allocate_network(self):
        requested = self.request_spec.requested_networks \
            if self.request_spec.obj_attr_is_set('requested_networks') \
            else []
        if not requested:
            self.network_info = []
            return
        # Set first: a failure half-way is released by _cleanup, which
        # finds the ports by device id.
        self.network_info = []
        self.network_info = self.manager.network_api.allocate_for_instance(
            self.context, self.instance, requested, self.manager.host)
        self.instance.network_info = self.network_info
        self.instance.save(expected_task_state=states.SPAWNING)

    def _vif_events(self):
        """The plug events to wait for: ports not ACTIVE yet; none when
        ``vif_plugging_timeout`` is 0."""
        if not self.conf.vif_plugging_timeout:
            return []
        return [(VIF_PLUGGED, vif['id']) for vif in self.network_info
                if not vif.get('active')]

    def _spawn(self):
        events = self._vif_events()
        # the wait for the network is a hop of its own in the timeline
        wait = None
        try:
            with self.manager.wait_for_instance_event(
                    self.instance, events,
                    deadline=self.conf.vif_plugging_timeout,
                    error_callback=self._vif_failed):
                self.manager.driver.spawn(
                    self.context, self.instance,
                    {'id': self.instance.image_ref}, self.network_info,
                    paused=bool(events))
                if events:
                    wait = action_events.start(
                        self.context, [self.instance.uuid],
                        'compute_wait_for_vif_plugged', self.manager.host)
        except exception.InstanceEventTimeout as exc:
            if wait is not None:
                wait.failed(exc)
            if self.conf.vif_plugging_is_fatal:
                raise exception.VirtualInterfaceCreateException(
                    reason=exc.format_message())
            LOG.warning('Instance %s: %s; resuming it anyway '
                        '(vif_plugging_is_fatal = False)',
                        self.instance.uuid, exc.format_message())
        except Exception as exc:
            if wait is not None:
                wait.failed(exc)
            raise
        finally:
            if wait is not None:
                wait.finish()
        if events:
            self.manager.driver.unpause(self.context, self.instance)

    def _vif_failed(self, event_name, instance):
        """A plug event arrived with a status other than ``completed``."""
        if self.conf.vif_plugging_is_fatal:
            raise exception.VirtualInterfaceCreateException(
                reason='event %s of instance %s failed' % (event_name,
                                                           instance.uuid))
        LOG.warning('Event %s of instance %s failed; going on '
                    '(vif_plugging_is_fatal = False)', event_name,
                    instance.uuid)
        return True

    def _cleanup(self):
        try:
            self.manager.driver.destroy(self.context, self.instance,
                                        self.network_info)
        except Exception:
            LOG.exception('Cleanup of guest %s failed', self.instance.uuid)
        if self.network_info is not None:
            try:
                self.manager.network_api.deallocate_for_instance(
                    self.context, self.instance)
            except Exception:
                LOG.exception('Releasing the ports of %s failed',
                              self.instance.uuid)
            self.network_info = None
        if self.claimed:
            self.manager.resource_tracker.drop_claim(self.context,
                                                     self.instance, self.node)
            self.claimed = False

    def _reschedule_or_fail(self, error):
        instance = self.instance
        spec = self.request_spec
        spec.retry_hosts = list(spec.retry_hosts) + [self.manager.host]
        reason = error.format_message() if hasattr(error, 'format_message') \
            else str(error) or error.__class__.__name__
        spec.retry_reasons = dict(spec.retry_reasons,
                                  **{self.manager.host: reason[:500]})
        try:
            instance_fault.InstanceFault.from_exception(
                self.context, instance.uuid, error,
                host=self.manager.host).create()
            instance.host = None
            instance.node = None
            instance.network_info = []
            instance.task_state = states.SCHEDULING
            instance.save(expected_task_state=[states.SPAWNING,
                                               states.SCHEDULING])
        except (exception.InstanceNotFound,
                exception.UnexpectedTaskStateError):
            return
        LOG.info('Rescheduling %s away from %s', instance.uuid,
                 self.manager.host)
        self.manager.compute_task_api.build_instances(
            self.context, instances=[instance], request_specs=[spec])
