"""Scheduler RPC endpoint: thin, hands the request to the filter scheduler.

Each request is the ``scheduler_select_destinations`` event of the
instances' action (Error on NoValidHost).
"""

import oslo_messaging as messaging

from nova_lite.compute import action_events
from nova_lite import exception
from nova_lite import manager
from nova_lite.scheduler import filter_scheduler

# Version 1.0: select_destinations
# Version 1.1: select_destinations(return_alternates)
RPC_API_VERSION = '1.1'


class SchedulerManager(manager.Manager):
    target = messaging.Target(version=RPC_API_VERSION)

    def __init__(self, conf, host=None):
        super().__init__(conf)
        self.host = host or conf.host
        self.driver = filter_scheduler.FilterScheduler(conf)

    @messaging.expected_exceptions(exception.NoValidHost)
    def select_destinations(self, context, spec_obj, instance_uuids,
                            return_alternates=False):
        with action_events.record(context, instance_uuids,
                                  'scheduler_select_destinations',
                                  self.host, at_end=True):
            return self.driver.select_destinations(
                context, spec_obj, instance_uuids,
                return_alternates=return_alternates)
