"""Scheduler RPC endpoint: thin, hands the request to the filter scheduler.

Each request is the ``scheduler_select_destinations`` event of the
instances' action (Error on NoValidHost).  A caller that asks for it
(``return_event``, 1.2) gets a successful event back with the answer and
writes it along with its own (see ``compute/action_events.py``); a failed
request writes its event here.
"""

import oslo_messaging as messaging

from nova_lite.compute import action_events
from nova_lite import exception
from nova_lite import manager
from nova_lite.scheduler import filter_scheduler

# Version 1.0: select_destinations
# Version 1.1: select_destinations(return_alternates)
# Version 1.2: select_destinations(return_event)
RPC_API_VERSION = '1.2'


class SchedulerManager(manager.Manager):
    target = messaging.Target(version=RPC_API_VERSION)

    def __init__(self, conf, host=None):
        super().__init__(conf)
        self.host = host or conf.host
        self.driver = filter_scheduler.FilterScheduler(conf)

    @messaging.expected_exceptions(exception.NoValidHost)
    def select_destinations(self, context, spec_obj, instance_uuids,
                            return_alternates=False, return_event=False):
        """The hosts per instance; with ``return_event``
        ``{'selections': ..., 'events': [...]}``, the event for the caller
        to write (the same for every instance)."""
        with action_events.record(context, instance_uuids,
                                  'scheduler_select_destinations',
                                  self.host, at_end=True) as step:
            selections = self.driver.select_destinations(
                context, spec_obj, instance_uuids,
                return_alternates=return_alternates)
            if not return_event:
                return selections
            events = step.hand_off()
            for uuid in instance_uuids:
                step.handed(uuid)
            return {'selections': selections, 'events': events}
