"""/volume: the Block Storage API subset (Cinder v3 paths and JSON).

``GET /volume/`` and ``GET /volume/v3/`` are version documents (version
3.0, no microversions beyond it); every resource lives under
``/volume/v3/{project_id}/``: volumes (+ detail), snapshots (+ detail),
types, os-quota-sets.  Errors use the same body shape as the Compute API.
"""

from oslo_utils import strutils
import pecan
from pecan import rest

from nova_lite.api import auth
from nova_lite.api.controllers import volume_resources
from nova_lite.api.schemas import volumes as schema
from nova_lite.api import validation
from nova_lite.api.views import common
from nova_lite.api.views import volumes as views
from nova_lite.conf import CONF
from nova_lite import exception
from nova_lite.objects import volume_type
from nova_lite import policy
from nova_lite.volume import api as volume_api

_UPDATED = '2024-01-01T00:00:00Z'


def version_document():
    return {
        'id': 'v3.0', 'status': 'CURRENT', 'version': '3.0',
        'min_version': '3.0', 'updated': _UPDATED,
        'links': [{'rel': 'self',
                   'href': common.base_url() + '/volume/v3/'},
                  {'rel': 'describedby', 'type': 'text/html',
                   'href': 'https://docs.openstack.org/'}],
        'media-types': [{
            'base': 'application/json',
            'type': 'application/vnd.openstack.volume+json;version=3'}],
    }


def _api():
    return volume_api.API(CONF)


def _type_names(context):
    return {t['id']: t['name'] for t in volume_type.get_all(context)}


def _filters():
    query = pecan.request.GET
    filters = {}
    for key, column in (('name', 'display_name'), ('status', 'status'),
                        ('availability_zone', 'availability_zone')):
        if query.get(key):
            filters[column] = query.get(key)
    if strutils.bool_from_string(query.get('all_tenants', False)):
        policy.authorize(pecan.request.context, 'volume:all_tenants')
        filters['all_tenants'] = True
    return filters


def _limit():
    raw = pecan.request.GET.get('limit')
    if raw is None:
        return CONF.api.max_limit
    try:
        limit = int(raw)
    except ValueError:
        raise exception.Invalid('limit must be an integer')
    if limit < 0:
        raise exception.Invalid('limit must be >= 0')
    return min(limit, CONF.api.max_limit)


class VolumesController(rest.RestController):
    _custom_actions = {'detail': ['GET']}

    def _list(self, detail):
        context = pecan.request.context
        volumes = _api().get_all(context, _filters(), limit=_limit(),
                                 marker=pecan.request.GET.get('marker'))
        if not detail:
            return {'volumes': [views.volume_basic(v) for v in volumes]}
        names = _type_names(context)
        return {'volumes': [views.volume_detail(
            context, v, names.get(v.volume_type_id)) for v in volumes]}

    @pecan.expose('json')
    def get_all(self):
        return self._list(detail=False)

    @pecan.expose('json')
    def detail(self):
        return self._list(detail=True)

    @pecan.expose('json')
    def get_one(self, volume_id):
        context = pecan.request.context
        volume = _api().get(context, volume_id)
        return {'volume': views.volume_detail(
            context, volume, _type_names(context).get(volume.volume_type_id))}

    @pecan.expose('json')
    @validation.schema(schema.create)
    def post(self, body):
        context = pecan.request.context
        request = dict(body['volume'])
        for legacy, key in (('display_name', 'name'),
                            ('display_description', 'description')):
            if legacy in request and not request.get(key):
                request[key] = request.pop(legacy)
        if request.get('size') is not None:
            request['size'] = int(request['size'])
        request['image_id'] = request.pop('imageRef', None)
        volume = _api().create(context, request)
        pecan.response.status = 202
        return {'volume': views.volume_detail(
            context, volume, _type_names(context).get(volume.volume_type_id))}

    @pecan.expose('json')
    @validation.schema(schema.update)
    def put(self, volume_id, body):
        context = pecan.request.context
        volume = _api().get(context, volume_id)
        changes = body['volume']
        for key, field in (('name', 'display_name'),
                           ('display_name', 'display_name'),
                           ('description', 'display_description'),
                           ('display_description', 'display_description'),
                           ('metadata', 'metadata')):
            if key in changes:
                setattr(volume, field, changes[key])
        volume.save()
        return {'volume': views.volume_detail(
            context, volume, _type_names(context).get(volume.volume_type_id))}

    @pecan.expose('json')
    def delete(self, volume_id):
        _api().delete(pecan.request.context, volume_id)
        pecan.response.status = 202
        return ''


class ProjectController:
    """``/volume/v3/{project_id}``: the project's resources."""

    def __init__(self):
        self.volumes = VolumesController()
        self.snapshots = volume_resources.SnapshotsController()
        self.types = volume_resources.TypesController()
        pecan.route(self, 'os-quota-sets',
                    volume_resources.QuotaSetsController())
        pecan.route(self, 'os-services',
                    volume_resources.VolumeServicesController())


class V3Controller:
    def __init__(self):
        self._project = ProjectController()

    @pecan.expose('json')
    def index(self):
        return {'versions': [version_document()]}

    @pecan.expose()
    def _lookup(self, project_id, *remainder):
        # Routing runs before the hooks that set pecan.request.context.
        context = pecan.request.environ.get(auth.ENV_CONTEXT)
        if context is None:
            raise exception.NotAuthorized('Authentication required')
        policy.authorize(context, 'volume:project_access',
                         {'project_id': project_id})
        return self._project, remainder


class VolumeRootController:
    def __init__(self):
        self.v3 = V3Controller()

    @pecan.expose('json')
    def index(self):
        pecan.response.status = 300
        return {'versions': [version_document()]}
