"""/servers/{server_id}/os-instance-actions: the timeline of a server.

``GET .../os-instance-actions`` lists the actions (one per API request on
the server), newest first; ``GET .../os-instance-actions/{request_id}``
shows one with its events (the service steps: conductor, scheduler,
compute), in Nova's shapes up to microversion 2.47:

- from 2.21 the actions of a deleted server stay readable;
- before 2.51 only those the ``events`` policy allows (admins) see
  ``events`` at all, and then with ``traceback``.

Beyond Nova -- the timing extension.  ``?timing=1`` on the show adds
``"nova_lite:timing"`` to the action, whoever may show it::

    {"unit": "seconds", "total": 0.41,
     "hops": [{"event": "conductor_schedule_and_build_instances",
               "service": "conductor", "result": "Success",
               "since_action_start": 0.012, "duration": 0.35,
               "host": "conductor1"}, ...]}

one hop per event, oldest first: how long after the API accepted the
request the step began and how long it ran, so a slow boot shows where
its time went (``host`` only for those the ``events`` policy allows).
Without the parameter the body is Nova's, so Nova clients never see it.
"""

from oslo_utils import strutils
import pecan
from pecan import rest

from nova_lite.api.views import instance_actions as views
from nova_lite import exception
from nova_lite.objects import instance_action as action_obj
from nova_lite import policy

POLICY = 'os_compute_api:os-instance-actions:%s'


class InstanceActionsController(rest.RestController):
    def __init__(self, compute_api):
        super().__init__()
        self.compute_api = compute_api

    def _instance(self, context, server_id):
        if pecan.request.want.matches('2.21'):
            context = context.from_dict(context.to_dict())
            context.read_deleted = 'yes'
        instance = self.compute_api.get(context, server_id)
        if not context.is_admin and \
                instance.project_id != context.project_id:
            raise exception.InstanceNotFound(instance_id=server_id)
        return instance

    @pecan.expose('json')
    def get_all(self, server_id):
        context = pecan.request.context
        instance = self._instance(context, server_id)
        policy.authorize(context, POLICY % 'list',
                         {'project_id': instance.project_id})
        actions = action_obj.InstanceActionList.get_by_instance_uuid(
            context, instance.uuid)
        return {'instanceActions': [views.action(a) for a in actions]}

    @pecan.expose('json')
    def get_one(self, server_id, request_id):
        context = pecan.request.context
        with_timing = _timing_requested()
        instance = self._instance(context, server_id)
        target = {'project_id': instance.project_id}
        policy.authorize(context, POLICY % 'show', target)
        try:
            action = action_obj.InstanceAction.get_by_request_id(
                context, instance.uuid, request_id)
        except exception.InstanceActionNotFound:
            raise exception.NotFound('Action %s not found' % request_id)
        body = views.action(action)
        admin_view = policy.check(context, POLICY % 'events', target)
        events = None
        if admin_view or with_timing:
            events = action_obj.InstanceActionEventList.get_by_action(
                context, action.id)
        if admin_view:
            body['events'] = [views.event(e, show_traceback=True)
                              for e in events]
        if with_timing:
            body[views.TIMING_KEY] = views.timing(action, events,
                                                  show_host=admin_view)
        return {'instanceAction': body}


def _timing_requested():
    values = pecan.request.GET.getall('timing')
    if not values:
        return False
    try:
        return strutils.bool_from_string(values[-1], strict=True)
    except ValueError:
        raise exception.Invalid("Invalid value for 'timing': %s; use a "
                                "boolean such as 1 or true." % values[-1])
