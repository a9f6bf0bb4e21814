"""The DB service-group driver: heartbeats are row updates."""

import datetime

from oslo_log import log as logging
from oslo_utils import timeutils

from nova_lite import rpc
from nova_lite import utils

LOG = logging.getLogger(__name__)


class DbDriver:
    def __init__(self, conf, down_time, timeout=None):
        self.conf = conf
        self.down_time = down_time
        self.timeout = timeout  # of one heartbeat's call (None: default)

    def join(self, service):
        from oslo_service import loopingcall  # backend chosen at run time
        timer = loopingcall.FixedIntervalLoopingCall(
            report_state, service, timeout=self.timeout)
        timer.start(interval=self.conf.report_interval,
                    initial_delay=self.conf.report_interval)
        return timer

    def is_up(self, service_ref):
        if service_ref.forced_down:
            return False
        last = service_ref.last_seen_up or service_ref.updated_at or \
            service_ref.created_at
        if last is None:
            return False
        elapsed = timeutils.delta_seconds(utils.as_naive_utc(last),
                                          utils.utcnow())
        return abs(elapsed) <= self.down_time

    def up_ids(self, service_refs):
        """ids of the services up among ``service_refs``: ``is_up`` of
        each, against one reading of the clock."""
        now = utils.utcnow()
        window = datetime.timedelta(seconds=self.down_time)
        low, high = now - window, now + window
        up = set()
        for ref in service_refs:
            if ref.forced_down:
                continue
            last = ref.last_seen_up or ref.updated_at or ref.created_at
            if last is not None and \
                    low <= utils.as_naive_utc(last) <= high:
                up.add(ref.id)
        return up


def report_state(service, timeout=None):
    """One heartbeat.  Failures are logged once, then once on recovery.

    ``timeout`` bounds the save's call to the conductor (where the process
    has no DB), see ``servicegroup.api.heartbeat_timeout``.
    """
    record = service.service_ref
    try:
        record.report_count += 1
        record.last_seen_up = utils.utcnow()
        with rpc.call_timeout(timeout):
            record.save()
    except Exception:
        if not service.model_disconnected:
            service.model_disconnected = True
            LOG.exception('Heartbeat of %s on %s failed: model server '
                          'went away', service.binary, service.host)
        # A failed save leaves the increment pending in the changes; the
        # next successful report carries it.
        return
    if service.model_disconnected:
        service.model_disconnected = False
        LOG.info('Heartbeat of %s on %s recovered: model server is back',
                 service.binary, service.host)
