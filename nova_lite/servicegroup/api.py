"""Service group: who is up, behind ``[servicegroup] driver``.

A member joins by starting a heartbeat every ``report_interval``;
``service_is_up`` answers whether that heartbeat is younger than
``service_down_time``.  ``db`` (default): the heartbeat increments the
record's ``report_count`` (through the conductor where the process has no
DB).  ``tooz``: the heartbeat keeps a membership alive in a coordination
backend (see ``tooz_driver``); tooz is imported only when chosen.
"""

from oslo_log import log as logging

from nova_lite import rpc
from nova_lite.servicegroup import db as db_driver

LOG = logging.getLogger(__name__)


def effective_down_time(conf):
    """``service_down_time``, raised to 2.5 x report_interval if too small."""
    down_time = conf.service_down_time
    if down_time <= conf.report_interval:
        new = int(2.5 * conf.report_interval)
        LOG.warning('service_down_time (%d) must be greater than '
                    'report_interval (%d); using %d instead.', down_time,
                    conf.report_interval, new)
        down_time = new
    return down_time


def heartbeat_timeout(conf, down_time):
    """How long one heartbeat waits for the conductor's reply.

    A heartbeat whose reply is lost (the conductor died holding it) must
    fail well before ``service_down_time``, so the next one can go out and
    the service does not look down: at most a third of the down time, at
    most one ``report_interval``, at least 2 s (and never more than
    ``rpc_response_timeout``).  The default 10 s / 60 s
    gives 10 s instead of ``rpc_response_timeout`` (60 s), which the
    scheduler saw as every compute down for a minute.
    """
    return rpc.bounded(conf, max(2.0, min(float(conf.report_interval),
                                          down_time / 3.0)))


class API:
    def __init__(self, conf):
        self.conf = conf
        down_time = effective_down_time(conf)
        timeout = heartbeat_timeout(conf, down_time)
        if conf.servicegroup.driver == 'tooz':
            from nova_lite.servicegroup import tooz_driver
            self.driver = tooz_driver.ToozDriver(conf, down_time,
                                                 timeout)
        else:
            self.driver = db_driver.DbDriver(conf, down_time, timeout)

    def join(self, service):
        """Start ``service``'s heartbeat; returns the running timer."""
        return self.driver.join(service)

    def service_is_up(self, service_ref):
        return self.driver.is_up(service_ref)

    def up_ids(self, service_refs):
        """The ids of the services up among ``service_refs`` (records with
        ``id``, ``host``, ``binary``, ``forced_down`` and timestamps): what
        ``service_is_up`` says of each, in one pass."""
        return self.driver.up_ids(service_refs)
