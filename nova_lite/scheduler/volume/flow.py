"""The scheduler's create_volume flow (taskflow): the request is injected
into the store, the scheduler spec extracted from it, then scheduled.

Scheduling picks a host under a lock, writes ``host`` and
``scheduled_at`` on the volume (so the next pick counts it) and casts
``create_volume`` to that host.  ``NoValidHost`` is expected: error
notification, a log line without traceback, volume ``error``, and the flow
ends normally.  Any other exception does the same, then propagates.
"""

import threading

from oslo_log import log as logging
from taskflow import engines
from taskflow.patterns import linear_flow
from taskflow import task

from nova_lite import exception
from nova_lite.scheduler.volume import host_state
from nova_lite import utils
from nova_lite.volume import notify

LOG = logging.getLogger(__name__)

FLOW_NAME = 'volume_create_scheduler'
# One pick at a time in this process: read allocations, choose, write host.
_PICK_LOCK = threading.Lock()


class ExtractSchedulerSpecTask(task.Task):
    default_provides = 'spec'

    def execute(self, volume, request_spec):
        zone = volume.availability_zone
        force_host = request_spec.get('force_host')
        retry = request_spec.get('retry') or {}
        return {'volume_id': volume.id, 'size': volume.size,
                'availability_zone': None if force_host else zone,
                'force_host': force_host,
                'ignore_hosts': list(retry.get('hosts') or ())}


class ScheduleCreateVolumeTask(task.Task):
    default_provides = 'chosen_host'

    def __init__(self, driver, servicegroup, volume_rpcapi,
                 allow_reschedule, host):
        super().__init__(name='schedule_create_volume')
        self.driver = driver
        self.servicegroup = servicegroup
        self.volume_rpcapi = volume_rpcapi
        self.allow_reschedule = allow_reschedule
        self.host = host

    def execute(self, context, volume, request_spec, spec):
        try:
            with _PICK_LOCK:
                states = host_state.get_all(context, self.servicegroup)
                chosen = self.driver.select(context, spec, states)
                volume.host = chosen.host
                volume.scheduled_at = utils.utcnow()
                volume.save(expected_status=['creating'])
        except exception.NoValidHost as exc:
            self._error(context, volume, exc)
            return None
        except Exception as exc:
            self._error(context, volume, exc)
            raise
        LOG.info('Volume %s (%d GiB) scheduled to %s', volume.id,
                 volume.size, chosen.host)
        self.volume_rpcapi.create_volume(
            context, volume=volume, request_spec=request_spec,
            allow_reschedule=self.allow_reschedule)
        return chosen.host

    def _error(self, context, volume, error):
        reason = error.format_message() if isinstance(
            error, exception.NovaLiteException) else str(error)
        if isinstance(error, exception.NoValidHost):
            LOG.warning('Volume %s not scheduled: %s', volume.id, reason)
        else:
            LOG.error('Scheduling volume %s failed: %s', volume.id, reason)
        notify.notify_volume(context, volume,
                             'scheduler.create_volume.error', self.host,
                             reason=reason)
        try:
            volume.status = 'error'
            volume.status_reason = reason
            volume.save()
        except exception.VolumeNotFound:
            LOG.info('Volume %s was deleted while scheduling', volume.id)


def get_flow(driver, servicegroup, volume_rpcapi, allow_reschedule, host):
    flow = linear_flow.Flow(FLOW_NAME)
    flow.add(ExtractSchedulerSpecTask(),
             ScheduleCreateVolumeTask(driver, servicegroup, volume_rpcapi,
                                      allow_reschedule, host))
    return flow


def run(context, volume, request_spec, **kwargs):
    """Run the flow; returns the chosen host, or None (volume in error)."""
    engine = engines.load(get_flow(**kwargs), store={
        'context': context, 'volume': volume,
        'request_spec': dict(request_spec or {})})
    engine.run()
    return engine.storage.fetch('chosen_host')
