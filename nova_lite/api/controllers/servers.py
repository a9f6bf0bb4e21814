"""/servers: create, list, list detail, show, update, delete, and the
actions of POST /servers/{id}/action (os-stop, os-start, reboot, migrate,
resize, confirmResize, revertResize, rebuild, shelve, shelveOffload,
unshelve, os-getConsoleOutput)."""

import base64
import binascii
import re

from oslo_serialization import jsonutils
from oslo_utils import strutils
from oslo_utils import timeutils
from oslo_utils import uuidutils
import pecan
from pecan import rest

from nova_lite.api.controllers import instance_actions
from nova_lite.api.controllers import server_metadata
from nova_lite.api.controllers import volume_attachments
from nova_lite.api.schemas import servers as schema
from nova_lite.api import validation
from nova_lite.api.views import common
from nova_lite.api.views import servers as views
from nova_lite.compute import states
from nova_lite.conf import CONF
from nova_lite import exception
from nova_lite.objects import compute_node
from nova_lite.objects import service as service_obj
from nova_lite import policy

POLICY = 'os_compute_api:servers:%s'


def _first(query, key, default=None):
    values = query.getall(key)
    return values[0] if values else default


class ServersController(rest.RestController):
    _custom_actions = {'detail': ['GET'], 'action': ['POST']}

    def __init__(self, compute_api):
        super().__init__()
        self.compute_api = compute_api
        pecan.route(self, 'os-instance-actions',
                    instance_actions.InstanceActionsController(compute_api))
        self.metadata = server_metadata.ServerMetadataController(compute_api)
        pecan.route(self, 'os-volume_attachments',
                    volume_attachments.VolumeAttachmentsController(
                        compute_api))

    # -- reading -----------------------------------------------------------

    def _list(self, detail):
        context = pecan.request.context
        want = pecan.request.want
        policy.authorize(context, POLICY % ('detail' if detail else 'index'))
        query = pecan.request.GET
        filters, read_deleted = self._filters(context, want, query)
        if filters is None:
            return {'servers': []}
        limit = min(int(_first(query, 'limit', CONF.api.max_limit)),
                    CONF.api.max_limit)
        context = context.from_dict(context.to_dict())
        context.read_deleted = read_deleted
        instances = self.compute_api.get_all(
            context, filters, sort_key=_first(query, 'sort_key',
                                              'created_at'),
            sort_dir=_first(query, 'sort_dir', 'desc'), limit=limit,
            marker=_first(query, 'marker'),
            expected_attrs=['fault'] if detail else None)
        if detail:
            statuses = self._host_statuses(context, want, instances)
            items = [views.detail(context, i, want,
                                  statuses.get(i.host)) for i in instances]
        else:
            items = [views.basic(i) for i in instances]
        body = {'servers': items}
        links = common.next_link('servers/detail' if detail else 'servers',
                                 items, limit)
        if links:
            body['servers_links'] = links
        return body

    @staticmethod
    def _filters(context, want, query):
        """DB filters from the query; None when nothing can match."""
        filters = {}
        read_deleted = 'no'
        all_tenants = _first(query, 'all_tenants')
        if all_tenants is not None and \
                strutils.bool_from_string(all_tenants or 'True'):
            policy.authorize(context, POLICY % 'index:get_all_tenants')
            project = _first(query, 'project_id') or \
                _first(query, 'tenant_id')
            if project:
                filters['project_id'] = project
        else:
            filters['project_id'] = context.project_id
        status = _first(query, 'status')
        if status is not None:
            vm_states = states.states_from_status(status)
            if not vm_states:
                if want.matches('2.38'):
                    raise exception.Invalid('Invalid status value')
                return None, read_deleted
            filters['vm_state'] = vm_states
            if 'deleted' in vm_states:
                read_deleted = 'yes'
        for key, column in (('name', 'name'), ('image', 'image_ref')):
            value = _first(query, key)
            if value:
                filters[column] = value
        if filters.get('name'):
            try:
                re.compile(filters['name'])
            except re.error as exc:
                raise exception.Invalid('Invalid name filter %r: %s' % (
                    filters['name'], exc))
        if context.is_admin and _first(query, 'host'):
            filters['host'] = _first(query, 'host')
        since = _first(query, 'changes-since')
        if since:
            try:
                filters['changes-since'] = timeutils.normalize_time(
                    timeutils.parse_isotime(since))
            except ValueError:
                raise exception.Invalid('Invalid filter field: '
                                        'changes-since.')
            read_deleted = 'yes'
        deleted = _first(query, 'deleted')
        if deleted is not None and context.is_admin and \
                strutils.bool_from_string(deleted):
            read_deleted = 'only'
        return filters, read_deleted

    def _host_statuses(self, context, want, instances):
        if not want.matches('2.16') or not policy.check(
                context, POLICY % 'show:host_status'):
            return {}
        group = self.compute_api.servicegroup
        statuses = {None: ''}
        for service in service_obj.ServiceList.get_all(
                context, binary='nova-lite-compute'):
            if service.forced_down:
                status = 'DOWN'
            elif not group.service_is_up(service):
                status = 'UNKNOWN'
            elif service.disabled:
                status = 'MAINTENANCE'
            else:
                status = 'UP'
            statuses[service.host] = status
        return {i.host: statuses.get(i.host, 'UNKNOWN') for i in instances}

    def _get_instance(self, context, server_id, expected_attrs=None):
        instance = self.compute_api.get(context, server_id,
                                        expected_attrs=expected_attrs)
        if not context.is_admin and instance.project_id != \
                context.project_id:
            # Someone else's server does not exist, as far as you know.
            raise exception.InstanceNotFound(instance_id=server_id)
        return instance

    @pecan.expose('json')
    def get_all(self):
        validation.validate(_query_dict(), schema.index_query)
        return self._list(detail=False)

    @pecan.expose('json')
    def detail(self):
        validation.validate(_query_dict(), schema.index_query)
        return self._list(detail=True)

    @pecan.expose('json')
    def get_one(self, server_id):
        context = pecan.request.context
        want = pecan.request.want
        instance = self._get_instance(context, server_id,
                                      expected_attrs=['fault'])
        policy.authorize(context, POLICY % 'show',
                         {'project_id': instance.project_id})
        statuses = self._host_statuses(context, want, [instance])
        return {'server': views.detail(context, instance, want,
                                       statuses.get(instance.host))}

    # -- writing -----------------------------------------------------------

    @pecan.expose('json')
    @validation.schema(schema.create_v21, '2.1', '2.18')
    @validation.schema(schema.create_v219, '2.19', '2.36')
    @validation.schema(schema.create_v237, '2.37')
    def post(self, body):
        context = pecan.request.context
        policy.authorize(context, POLICY % 'create')
        server = body['server']
        min_count = int(server.get('min_count', 1))
        max_count = int(server.get('max_count', min_count))
        if min_count > max_count:
            raise exception.Invalid('min_count must be <= max_count')
        networks = _check_networks(server.get('networks'))
        _check_block_devices(server)
        if server.get('key_name'):
            raise exception.Invalid('Invalid key_name provided.')
        for group in server.get('security_groups') or []:
            if group.get('name', 'default') != 'default':
                raise exception.Invalid('Security group %s not found.' %
                                        group.get('name'))
        zone, forced_host = self._availability_zone(
            context, server.get('availability_zone'))
        user_data = server.get('user_data')
        if user_data is not None:
            _check_base64(user_data)
        config_drive = server.get('config_drive')
        instances, reservation_id = self.compute_api.create(
            context, server['name'], server.get('imageRef', ''),
            server['flavorRef'], min_count=min_count, max_count=max_count,
            metadata=server.get('metadata'),
            description=server.get('description'),
            availability_zone=zone, user_data=user_data,
            config_drive='True' if config_drive is not None and
            strutils.bool_from_string(config_drive) else '',
            forced_host=forced_host, scheduler_hints=_scheduler_hints(body),
            requested_networks=networks)
        pecan.response.status = 202
        if strutils.bool_from_string(server.get('return_reservation_id',
                                                False)):
            return {'reservation_id': reservation_id}
        first = instances[0]
        body = views.basic(first)
        del body['name']
        body.update({'OS-DCF:diskConfig': server.get('OS-DCF:diskConfig',
                                                     'MANUAL'),
                     'security_groups': [{'name': 'default'}],
                     'adminPass': server.get('adminPass') or
                     uuidutils.generate_uuid()[:12]})
        pecan.response.headers['Location'] = body['links'][0]['href']
        return {'server': body}

    @staticmethod
    def _availability_zone(context, requested):
        if not requested:
            return None, None
        zone, _sep, host = requested.partition(':')
        if host:
            policy.authorize(context, POLICY % 'create:forced_host')
        if zone and zone not in _known_zones(context):
            raise exception.Invalid('The requested availability zone is '
                                    'not available')
        return zone or None, host or None

    @pecan.expose('json')
    @validation.schema(schema.update_v21, '2.1', '2.18')
    @validation.schema(schema.update_v219, '2.19')
    def put(self, server_id, body):
        context = pecan.request.context
        instance = self._get_instance(context, server_id)
        policy.authorize(context, POLICY % 'update',
                         {'project_id': instance.project_id})
        server = body['server']
        values = {}
        if 'name' in server:
            values['display_name'] = server['name']
        if 'description' in server:
            values['display_description'] = server['description']
        instance = self.compute_api.update(context, instance, **values)
        return {'server': views.updated(context, instance,
                                        pecan.request.want)}

    # action name -> (policy rule, handler)
    _ACTIONS = {
        'os-stop': (POLICY % 'stop', '_stop'),
        'os-start': (POLICY % 'start', '_start'),
        'reboot': (POLICY % 'reboot', '_reboot'),
        'migrate': ('os_compute_api:os-migrate-server:migrate', '_migrate'),
        'resize': (POLICY % 'resize', '_resize'),
        'confirmResize': (POLICY % 'confirm_resize', '_confirm_resize'),
        'revertResize': (POLICY % 'revert_resize', '_revert_resize'),
        'rebuild': (POLICY % 'rebuild', '_rebuild'),
        'shelve': ('os_compute_api:os-shelve:shelve', '_shelve'),
        'shelveOffload': ('os_compute_api:os-shelve:shelve_offload',
                          '_shelve_offload'),
        'unshelve': ('os_compute_api:os-shelve:unshelve', '_unshelve'),
        'os-getConsoleOutput': ('os_compute_api:os-console-output',
                                '_console_output'),
    }

    @pecan.expose(content_type='application/json')
    @validation.schema(schema.action)
    def action(self, server_id, body):
        context = pecan.request.context
        instance = self._get_instance(context, server_id)
        name, args = next(iter(body.items()))
        rule, handler = self._ACTIONS[name]
        policy.authorize(context, rule, {'project_id': instance.project_id})
        pecan.response.status = 202  # a handler may answer otherwise
        result = getattr(self, handler)(context, instance, args)
        if result is None:
            return ''
        pecan.response.content_type = 'application/json'
        return jsonutils.dump_as_bytes(result)

    def _stop(self, context, instance, args):
        self.compute_api.stop(context, instance)

    def _start(self, context, instance, args):
        self.compute_api.start(context, instance)

    def _reboot(self, context, instance, args):
        self.compute_api.reboot(context, instance,
                                reboot_type=args['type'].upper())

    def _migrate(self, context, instance, args):
        self.compute_api.migrate(context, instance)

    def _resize(self, context, instance, args):
        self.compute_api.resize(context, instance, args['flavorRef'])

    def _confirm_resize(self, context, instance, args):
        self.compute_api.confirm_resize(context, instance)
        pecan.response.status = 204

    def _revert_resize(self, context, instance, args):
        self.compute_api.revert_resize(context, instance)

    def _rebuild(self, context, instance, args):
        values = {}
        if 'name' in args:
            values['display_name'] = args['name']
        if 'metadata' in args:
            values['metadata'] = args['metadata']
        if 'description' in args:
            values['display_description'] = args['description']
        instance = self.compute_api.rebuild(context, instance,
                                            args['imageRef'], **values)
        server = views.detail(context, instance, pecan.request.want)
        server['adminPass'] = args.get('adminPass') or \
            uuidutils.generate_uuid()[:12]
        return {'server': server}

    def _shelve(self, context, instance, args):
        self.compute_api.shelve(context, instance)

    def _shelve_offload(self, context, instance, args):
        self.compute_api.shelve_offload(context, instance)

    def _unshelve(self, context, instance, args):
        self.compute_api.unshelve(context, instance)

    def _console_output(self, context, instance, args):
        length = args.get('length')
        length = None if length is None else int(length)
        if length is not None and length < -1:
            raise exception.Invalid('length must be -1 or more')
        output = self.compute_api.get_console_output(
            context, instance, tail_length=None if length == -1 else length)
        # Nova strips what a terminal cannot show, keeping newlines and
        # tabs.
        output = ''.join(c for c in output if c in '\n\t' or
                         c.isprintable())
        pecan.response.status = 200
        return {'output': output}

    @pecan.expose(content_type='application/json')
    def delete(self, server_id):
        context = pecan.request.context
        instance = self._get_instance(context, server_id)
        policy.authorize(context, POLICY % 'delete',
                         {'project_id': instance.project_id})
        self.compute_api.delete(context, instance)
        pecan.response.status = 204
        return ''


def _known_zones(context):
    return {node.availability_zone for node in
            compute_node.ComputeNodeList.get_all(context.elevated())
            if node.availability_zone}


def _scheduler_hints(body):
    hints = body.get('os:scheduler_hints') or \
        body.get('OS-SCH-HNT:scheduler_hints') or {}
    return {key: [str(v) for v in value] if isinstance(value, list)
            else [str(value)] for key, value in hints.items()}


def _query_dict():
    query = pecan.request.GET
    return {key: query.getall(key) for key in query}


def _check_networks(networks):
    """The request's ``networks``, checked for shape (the network service
    checks that they exist)."""
    if networks in (None, 'auto', 'none'):
        return networks
    for network in networks:
        if network.get('port'):
            continue
        if not network.get('uuid'):
            raise exception.Invalid('Bad networks format: either a network '
                                    'uuid or a port must be given')
        if not uuidutils.is_uuid_like(network['uuid']):
            raise exception.Invalid('Bad networks format: network uuid is '
                                    'not in proper format (%s)' %
                                    network['uuid'])
    return networks


def _check_block_devices(server):
    """Only the mapping clients send for a plain image boot is accepted."""
    for bdm in server.get('block_device_mapping_v2') or []:
        if not (bdm.get('source_type') == 'image' and
                bdm.get('destination_type', 'local') == 'local' and
                str(bdm.get('boot_index', 0)) == '0' and
                bdm.get('uuid') in (None, server.get('imageRef'))):
            raise exception.Invalid('Block device mapping is not supported '
                                    'except a local boot from imageRef.')
        if not server.get('imageRef') and bdm.get('uuid'):
            server['imageRef'] = bdm['uuid']


def _check_base64(value):
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise exception.ValidationError(
            'Invalid input for field/attribute user_data. Value: %s. '
            "'%s' is not a 'base64'" % (value, value))
