"""Service group: who is up.  The ``db`` driver is the only one so far.

A member joins by starting a heartbeat every ``report_interval`` that
increments its ``report_count`` (through the conductor where the process
has no DB).  ``service_is_up`` compares the last heartbeat with
``service_down_time``.
"""

from oslo_log import log as logging

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


class API:
    def __init__(self, conf):
        self.conf = conf
        self.driver = db_driver.DbDriver(conf, effective_down_time(conf))

    def join(self, service):
        """Start ``service``'s heartbeat; returns the running timer."""
        return self.driver.join(service)

    def service_is_up(self, service_ref):
        return self.driver.is_up(service_ref)
