"""/os-server-external-events: other services report server events.

Admin only; the network service posts here when its ports change.  Each
event goes to the compute host of its server (one cast per host).  The
answer echoes every event with a ``code``: 200 routed, 404 unknown server,
422 server not on a host yet; 200 overall when every event was routed, 207
when some were not, 404 when none was.
"""

import pecan
from pecan import rest

from nova_lite.api.schemas import server_external_events as schema
from nova_lite.api import validation
from nova_lite import exception
from nova_lite.objects import external_event
from nova_lite import policy

POLICY = 'os_compute_api:os-server-external-events:create'


class ServerExternalEventsController(rest.RestController):
    def __init__(self, compute_api):
        super().__init__()
        self.compute_api = compute_api

    def _instances(self, context, uuids):
        found = self.compute_api.get_all(
            context, {'uuid': sorted(uuids)}, sort_key='created_at',
            sort_dir='desc', limit=None, marker=None)
        return {instance.uuid: instance for instance in found}

    @pecan.expose('json')
    @validation.schema(schema.create, '2.1')
    def post(self, body):
        context = pecan.request.context
        policy.authorize(context, POLICY)
        answers = [dict(event) for event in body['events']]
        instances = self._instances(
            context, {event['server_uuid'] for event in answers})
        routed, routed_instances = [], {}
        for answer in answers:
            instance = instances.get(answer['server_uuid'])
            if instance is None:
                answer.update(code=404, status='failed')
            elif not instance.host:
                answer.update(code=422, status='failed')
            else:
                routed.append(external_event.InstanceExternalEvent(
                    context, instance_uuid=instance.uuid,
                    name=answer['name'],
                    status=answer.get('status', external_event.COMPLETED),
                    tag=answer.get('tag')))
                routed_instances[instance.uuid] = instance
                # As Nova: the status answered is the delivery's.
                answer.update(code=200, status=external_event.COMPLETED)
        if not routed:
            raise exception.NotFound('No instances found for any event')
        self.compute_api.external_instance_event(
            context, list(routed_instances.values()), routed)
        pecan.response.status = 200 if len(routed) == len(answers) else 207
        return {'events': answers}
