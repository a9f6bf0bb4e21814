"""/os-services: the services and whether each is up (admin only).

Updates take Nova's form before microversion 2.53: the action is the path
(``PUT /os-services/disable``) and the body names the service by host and
binary; only compute services can be updated.  ``DELETE`` takes the
integer id and removes a compute service's compute nodes with it.
"""

from oslo_utils import strutils
import pecan
from pecan import rest

from nova_lite.api.schemas import services as schema
from nova_lite.api import validation
from nova_lite.conf import CONF
from nova_lite import exception
from nova_lite.objects import compute_node as compute_node_obj
from nova_lite.objects import instance as instance_obj
from nova_lite.objects import service as service_obj
from nova_lite import policy
from nova_lite.servicegroup import api as servicegroup
from nova_lite import utils

POLICY = 'os_compute_api:os-services:%s'
COMPUTE_BINARY = 'nova-lite-compute'


def _update(context, body, values):
    """Write ``values`` on the service the body names."""
    host, binary = body['host'], body['binary']
    if binary != COMPUTE_BINARY:
        raise exception.Invalid(
            'Updating a %s service is not supported. Only %s services can '
            'be updated.' % (binary, COMPUTE_BINARY))
    try:
        service = service_obj.Service.get_by_host_and_binary(context, host,
                                                             binary)
    except exception.ServiceNotFound:
        raise exception.HostBinaryNotFound(host=host, binary=binary)
    for field, value in values.items():
        setattr(service, field, value)
    service.save()


def _enable(context, body):
    _update(context, body, {'disabled': False, 'disabled_reason': None})
    return {'service': {'host': body['host'], 'binary': body['binary'],
                        'status': 'enabled'}}


def _disable(context, body, reason=None):
    # A reason in the body of plain "disable" is ignored, as in Nova.
    _update(context, body, {'disabled': True, 'disabled_reason': reason})
    service = {'host': body['host'], 'binary': body['binary'],
               'status': 'disabled'}
    if reason:
        service['disabled_reason'] = reason
    return {'service': service}


def _disable_log_reason(context, body):
    if 'disabled_reason' not in body:
        raise exception.Invalid('Missing disabled reason field')
    return _disable(context, body, body['disabled_reason'])


def _force_down(context, body):
    if 'forced_down' not in body:
        raise exception.Invalid('Missing forced_down field')
    forced_down = strutils.bool_from_string(body['forced_down'])
    _update(context, body, {'forced_down': forced_down})
    return {'service': {'host': body['host'], 'binary': body['binary'],
                        'forced_down': forced_down}}


# listed by the Block Storage API, as Nova does not list cinder-volume
VOLUME_BINARY = 'nova-lite-volume'

_ACTIONS = {'enable': _enable, 'disable': _disable,
            'disable-log-reason': _disable_log_reason}
_ACTIONS_V211 = dict(_ACTIONS, **{'force-down': _force_down})


class ServicesController(rest.RestController):
    @pecan.expose('json')
    def get_all(self):
        context = pecan.request.context
        want = pecan.request.want
        policy.authorize(context, POLICY % 'list')
        query = pecan.request.GET
        group = servicegroup.API(CONF)
        services = service_obj.ServiceList.get_all(
            context, binary=query.get('binary'), host=query.get('host'))
        items = []
        for service in services:
            if service.binary == VOLUME_BINARY:
                continue  # Block Storage's: /volume/v3/{project}/os-services
            item = {
                'id': service.id,
                'binary': service.binary,
                'host': service.host,
                'zone': CONF.compute.availability_zone
                if service.binary == COMPUTE_BINARY else 'internal',
                'status': 'disabled' if service.disabled else 'enabled',
                'state': 'up' if group.service_is_up(service) else 'down',
                'updated_at': utils.as_naive_utc(
                    service.updated_at or service.created_at
                ).isoformat(timespec='microseconds'),
                'disabled_reason': service.disabled_reason,
            }
            if want.matches('2.11'):
                item['forced_down'] = service.forced_down
            items.append(item)
        return {'services': items}

    @pecan.expose('json')
    @validation.schema(schema.update, '2.1', '2.10')
    @validation.schema(schema.update_v211, '2.11')
    def put(self, action=None, body=None):
        context = pecan.request.context
        policy.authorize(context, POLICY % 'update')
        actions = _ACTIONS_V211 if pecan.request.want.matches('2.11') \
            else _ACTIONS
        if action not in actions:
            raise exception.NotFound('Unknown action')
        return actions[action](context, body)

    @pecan.expose(content_type='application/json')
    def delete(self, service_id):
        context = pecan.request.context
        policy.authorize(context, POLICY % 'delete')
        try:
            strutils.validate_integer(service_id, 'id')
        except ValueError as error:
            raise exception.Invalid('Invalid input received: %s' % error)
        try:
            service = service_obj.Service.get_by_id(context, int(service_id))
        except exception.ServiceNotFound:
            raise exception.NotFound('Service %s not found.' % service_id)
        if service.binary == COMPUTE_BINARY:
            # Nova refuses (in every microversion) to orphan the resources
            # of instances still on the host.
            if instance_obj.InstanceList.get_by_host(context, service.host):
                raise exception.Conflict(
                    'Unable to delete compute service that is hosting '
                    'instances. Migrate or delete the instances first.')
            for node in compute_node_obj.ComputeNodeList.get_all_by_host(
                    context, service.host):
                node.destroy()
        service.destroy()
        pecan.response.status = 204
        return ''
