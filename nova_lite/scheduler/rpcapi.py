"""Client of the scheduler RPC API (topic ``scheduler``)."""

import oslo_messaging as messaging

from nova_lite import rpc

TOPIC = 'scheduler'
RPC_API_VERSION = '1.2'


class SchedulerAPI:
    # Version 1.0: select_destinations
    # Version 1.1: select_destinations(return_alternates)
    # Version 1.2: select_destinations(return_event)

    def __init__(self, conf):
        target = messaging.Target(topic=TOPIC, version=RPC_API_VERSION)
        self.client = rpc.get_client(target,
                                     rpc.version_cap(conf, 'scheduler'))

    def schedule(self, context, spec_obj, instance_uuids):
        """:meth:`select_destinations`, and the scheduler's finished
        event for the caller to write: ``(selections, events)``; no
        events from a scheduler capped below 1.2 (it wrote its own)."""
        if not self.client.can_send_version('1.2'):
            return self.select_destinations(
                context, spec_obj, instance_uuids), []
        cctxt = self.client.prepare(version='1.2')
        answer = cctxt.call(context, 'select_destinations',
                            spec_obj=spec_obj, instance_uuids=instance_uuids,
                            return_alternates=True, return_event=True)
        return answer['selections'], answer['events']

    def select_destinations(self, context, spec_obj, instance_uuids):
        """Call: per instance, a list ``[chosen, alternate, ...]`` of
        ``{'host', 'nodename'}``; NoValidHost when nothing fits.

        A scheduler capped at 1.0 answers without alternates; the shape
        returned here is the same either way.
        """
        if self.client.can_send_version('1.1'):
            cctxt = self.client.prepare(version='1.1')
            return cctxt.call(context, 'select_destinations',
                              spec_obj=spec_obj,
                              instance_uuids=instance_uuids,
                              return_alternates=True)
        cctxt = self.client.prepare(version='1.0')
        selections = cctxt.call(context, 'select_destinations',
                                spec_obj=spec_obj,
                                instance_uuids=instance_uuids)
        return [[selection] for selection in selections]
