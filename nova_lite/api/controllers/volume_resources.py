"""/volume/v3/{project_id}/snapshots, /types, /os-quota-sets and
/os-services."""

from oslo_utils import strutils
import pecan
from pecan import rest

from nova_lite.api.schemas import volumes as schema
from nova_lite.api import validation
from nova_lite.api.views import volumes as views
from nova_lite.conf import CONF
from nova_lite.objects import service as service_obj
from nova_lite.objects import volume_quota
from nova_lite.objects import volume_type
from nova_lite import policy
from nova_lite.servicegroup import api as servicegroup
from nova_lite import utils
from nova_lite.volume import api as volume_api


def _api():
    return volume_api.API(CONF)


class SnapshotsController(rest.RestController):
    _custom_actions = {'detail': ['GET']}

    def _list(self):
        context = pecan.request.context
        filters = {}
        query = pecan.request.GET
        if query.get('volume_id'):
            filters['volume_id'] = query.get('volume_id')
        if query.get('status'):
            filters['status'] = query.get('status')
        if strutils.bool_from_string(query.get('all_tenants', False)):
            policy.authorize(context, 'volume:all_tenants')
            filters['all_tenants'] = True
        return {'snapshots': [views.snapshot(s) for s in
                              _api().get_all_snapshots(context, filters)]}

    @pecan.expose('json')
    def get_all(self):
        return self._list()

    @pecan.expose('json')
    def detail(self):
        return self._list()

    @pecan.expose('json')
    def get_one(self, snapshot_id):
        return {'snapshot': views.snapshot(
            _api().get_snapshot(pecan.request.context, snapshot_id))}

    @pecan.expose('json')
    @validation.schema(schema.snapshot_create)
    def post(self, body):
        snap = body['snapshot']
        snapshot = _api().create_snapshot(
            pecan.request.context, snap['volume_id'],
            name=snap.get('name') or snap.get('display_name'),
            description=snap.get('description') or
            snap.get('display_description'),
            force=strutils.bool_from_string(snap.get('force') or False))
        pecan.response.status = 202
        return {'snapshot': views.snapshot(snapshot)}

    @pecan.expose('json')
    def delete(self, snapshot_id):
        _api().delete_snapshot(pecan.request.context, snapshot_id)
        pecan.response.status = 202
        return ''


def _type_view(vtype):
    return {'id': vtype['id'], 'name': vtype['name'],
            'description': vtype['description'],
            'is_public': vtype['is_public'],
            'os-volume-type-access:is_public': vtype['is_public'],
            'extra_specs': vtype['extra_specs']}


class TypesController(rest.RestController):
    _custom_actions = {'default': ['GET']}

    @pecan.expose('json')
    def get_all(self):
        context = pecan.request.context
        volume_type.get_default(context, CONF)
        return {'volume_types': [_type_view(t) for t in
                                 volume_type.get_all(context)]}

    @pecan.expose('json')
    def default(self):
        return {'volume_type': _type_view(volume_type.get_default(
            pecan.request.context, CONF))}

    @pecan.expose('json')
    def get_one(self, type_id):
        return {'volume_type': _type_view(
            volume_type.get(pecan.request.context, type_id))}

    @pecan.expose('json')
    @validation.schema(schema.type_create)
    def post(self, body):
        context = pecan.request.context
        policy.authorize(context, 'volume:type_manage')
        new = body['volume_type']
        return {'volume_type': _type_view(volume_type.create(
            context, new['name'], description=new.get('description'),
            is_public=new.get('os-volume-type-access:is_public', True),
            extra_specs=new.get('extra_specs')))}


class QuotaSetsController(rest.RestController):
    _custom_actions = {'defaults': ['GET']}

    @pecan.expose('json')
    def get_one(self, target):
        context = pecan.request.context
        policy.authorize(context, 'volume:project_access',
                         {'project_id': target})
        usage = volume_quota.usage(context, CONF, target)
        if strutils.bool_from_string(pecan.request.GET.get('usage', False)):
            body = dict(usage)
        else:
            body = {name: value['limit'] for name, value in usage.items()}
        body['id'] = target
        return {'quota_set': body}

    @pecan.expose('json')
    @validation.schema(schema.quota_update)
    def put(self, target, body):
        context = pecan.request.context
        policy.authorize(context, 'volume:update_quota')
        volume_quota.set_limits(context, target, body['quota_set'])
        limits = volume_quota.get_limits(context, CONF, target)
        return {'quota_set': dict(limits)}


class VolumeServicesController(rest.RestController):
    """``GET os-services``: the volume services (admin), Cinder's shape."""

    @pecan.expose('json')
    def get_all(self):
        context = pecan.request.context
        policy.authorize(context, 'volume:all_tenants')
        group = servicegroup.API(CONF)
        return {'services': [{
            'binary': s.binary, 'host': s.host,
            'zone': CONF.volume.storage_availability_zone,
            'status': 'disabled' if s.disabled else 'enabled',
            'state': 'up' if group.service_is_up(s) else 'down',
            'updated_at': utils.isotime(s.updated_at or s.created_at),
            'disabled_reason': s.disabled_reason}
            for s in service_obj.ServiceList.get_all(
                context, binary='nova-lite-volume')]}
