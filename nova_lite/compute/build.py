"""The build of one instance on this host (runs in its own green thread).

claim -> spawn -> ACTIVE.  A failure another host might not have (claim,
driver error) cleans up here and casts ``build_instances`` back to the
conductor with this host added to the retry record.  An instance deleted
while it builds is cleaned up quietly.
"""

from oslo_log import log as logging

from nova_lite.compute import states
from nova_lite import exception
from nova_lite.objects import instance_fault
from nova_lite import utils

LOG = logging.getLogger(__name__)


class BuildTask:
    def __init__(self, manager, context, instance, request_spec, node):
        self.manager = manager
        self.context = context
        self.instance = instance
        self.request_spec = request_spec
        self.node = node
        self.claimed = False

    def run(self):
        instance = self.instance
        with self.manager.instance_lock(instance.uuid):
            try:
                self._claim()
                self.manager.driver.spawn(self.context, instance,
                                          {'id': instance.image_ref})
                instance.vm_state = states.ACTIVE
                instance.task_state = None
                instance.power_state = states.RUNNING
                instance.launched_at = utils.utcnow()
                instance.save(expected_task_state=states.SPAWNING)
                LOG.info('Instance %s is ACTIVE on %s', instance.uuid,
                         self.manager.host)
            except (exception.InstanceNotFound,
                    exception.UnexpectedTaskStateError) as exc:
                LOG.info('Build of %s stopped: %s', instance.uuid,
                         exc.format_message())
                self._cleanup()
            except Exception as exc:
                LOG.warning('Build of %s failed on %s: %s', instance.uuid,
                            self.manager.host, exc)
                self._cleanup()
                self._reschedule_or_fail(exc)

    def _claim(self):
        self.manager.resource_tracker.instance_claim(self.context,
                                                     self.instance, self.node)
        self.claimed = True

    def _cleanup(self):
        try:
            self.manager.driver.destroy(self.context, self.instance)
        except Exception:
            LOG.exception('Cleanup of guest %s failed', self.instance.uuid)
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
                                  **{self.manager.host: reason[:200]})
        try:
            instance_fault.InstanceFault.from_exception(
                self.context, instance.uuid, error,
                host=self.manager.host).create()
            instance.host = None
            instance.node = None
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
