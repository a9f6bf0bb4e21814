"""os-instance-actions bodies: actions and events in Nova's shapes, and
nova_lite's timing extension (see ``controllers/instance_actions.py``)."""

from nova_lite import utils

TIMING_KEY = 'nova_lite:timing'


def _time(value):
    # Nova prints action times with microseconds and no zone suffix.
    if value is None:
        return None
    return utils.as_naive_utc(value).isoformat(timespec='microseconds')


def action(instance_action):
    return {'action': instance_action.action,
            'instance_uuid': instance_action.instance_uuid,
            'request_id': instance_action.request_id,
            'user_id': instance_action.user_id,
            'project_id': instance_action.project_id,
            'start_time': _time(instance_action.start_time),
            'message': instance_action.message}


def event(action_event, show_traceback):
    body = {'event': action_event.event,
            'start_time': _time(action_event.start_time),
            'finish_time': _time(action_event.finish_time),
            'result': action_event.result}
    if show_traceback:
        body['traceback'] = action_event.traceback
    return body


def _seconds(later, earlier):
    if later is None or earlier is None:
        return None
    delta = utils.as_naive_utc(later) - utils.as_naive_utc(earlier)
    return round(delta.total_seconds(), 6)


def timing(instance_action, events, show_host):
    """Where the time of the request went, hop by hop, oldest first.

    For each event: the service (the event name's prefix), when it began
    counted from the API accepting the request (``since_action_start``:
    the queueing and RPC before the step) and how long it ran
    (``duration``; None while it runs).  ``total``: from the API to the
    last step's end.
    """
    start = instance_action.start_time
    hops = []
    for item in sorted(events, key=lambda e: (utils.as_naive_utc(
            e.start_time), e.id)):
        hop = {'event': item.event,
               'service': item.event.split('_', 1)[0],
               'result': item.result,
               'since_action_start': _seconds(item.start_time, start),
               'duration': _seconds(item.finish_time, item.start_time)}
        if show_host:
            hop['host'] = item.host
        hops.append(hop)
    finishes = [utils.as_naive_utc(e.finish_time) for e in events
                if e.finish_time is not None]
    return {'unit': 'seconds',
            'total': _seconds(max(finishes), start) if finishes else None,
            'hops': hops}
