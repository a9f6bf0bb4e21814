"""/flavors: list, detail, show; admins create and delete."""

from oslo_utils import strutils
from oslo_utils import uuidutils
import pecan
from pecan import rest

from nova_lite.api.controllers import flavor_extra_specs
from nova_lite.api.schemas import flavors as schema
from nova_lite.api import validation
from nova_lite.api.views import common
from nova_lite.conf import CONF
from nova_lite import exception
from nova_lite.objects import flavor as flavor_obj
from nova_lite import policy

POLICY = 'os_compute_api:os-flavor-manage:%s'


def _basic(flavor):
    return {'id': flavor.flavorid, 'name': flavor.name,
            'links': common.links('flavors', flavor.flavorid)}


def _detail(flavor):
    body = _basic(flavor)
    body.update({
        'ram': flavor.memory_mb, 'disk': flavor.root_gb,
        'vcpus': flavor.vcpus,
        'swap': flavor.swap or '',
        'OS-FLV-EXT-DATA:ephemeral': flavor.ephemeral_gb,
        'OS-FLV-DISABLED:disabled': flavor.disabled,
        'os-flavor-access:is_public': flavor.is_public,
        'rxtx_factor': flavor.rxtx_factor,
    })
    return body


def _is_public_filter(context, query):
    """Non-admins see public flavors; admins choose with ``is_public``."""
    if not context.is_admin:
        return True
    value = query.get('is_public')
    if value is None:
        return True
    if value.lower() == 'none':
        return None
    try:
        return strutils.bool_from_string(value, strict=True)
    except ValueError:
        raise exception.Invalid('Invalid is_public filter [%s]' % value)


class FlavorsController(rest.RestController):
    _custom_actions = {'detail': ['GET']}

    def __init__(self):
        super().__init__()
        pecan.route(self, 'os-extra_specs',
                    flavor_extra_specs.FlavorExtraSpecsController())

    def _list(self, view, collection):
        context = pecan.request.context
        query = pecan.request.GET
        validation.validate({k: query.getall(k) for k in query},
                            schema.index_query)
        limit = min(int(query.get('limit', CONF.api.max_limit)),
                    CONF.api.max_limit)
        try:
            flavors = flavor_obj.FlavorList.get_all(
                context, is_public=_is_public_filter(context, query),
                min_memory_mb=int(query.get('minRam', 0)) or None,
                min_disk=int(query.get('minDisk', 0)) or None,
                sort_key=query.get('sort_key', 'flavorid'),
                sort_dir=query.get('sort_dir', 'asc'), limit=limit,
                marker=query.get('marker'))
        except exception.FlavorNotFound:
            raise exception.Invalid('marker [%s] not found' %
                                    query.get('marker'))
        items = [view(f) for f in flavors]
        body = {'flavors': items}
        links = common.next_link(collection, items, limit)
        if links:
            body['flavors_links'] = links
        return body

    @pecan.expose('json')
    def get_all(self):
        return self._list(_basic, 'flavors')

    @pecan.expose('json')
    def detail(self):
        return self._list(_detail, 'flavors/detail')

    @pecan.expose('json')
    def get_one(self, flavor_id):
        flavor = flavor_obj.Flavor.get_by_flavor_id(pecan.request.context,
                                                    flavor_id)
        return {'flavor': _detail(flavor)}

    @pecan.expose('json')
    @validation.schema(schema.create)
    def post(self, body):
        context = pecan.request.context
        policy.authorize(context, POLICY % 'create')
        spec = body['flavor']
        name = spec['name'].strip()
        flavor = flavor_obj.Flavor(
            context, name=name,
            flavorid=spec.get('id') or uuidutils.generate_uuid(),
            memory_mb=int(spec['ram']), vcpus=int(spec['vcpus']),
            root_gb=int(spec['disk']),
            ephemeral_gb=int(spec.get('OS-FLV-EXT-DATA:ephemeral', 0)),
            swap=int(spec.get('swap') or 0),
            rxtx_factor=float(spec.get('rxtx_factor', 1.0)),
            is_public=strutils.bool_from_string(
                spec.get('os-flavor-access:is_public', True), strict=True),
            disabled=False)
        flavor.create()
        return {'flavor': _detail(flavor)}

    @pecan.expose(content_type='application/json')
    def delete(self, flavor_id):
        context = pecan.request.context
        policy.authorize(context, POLICY % 'delete')
        flavor = flavor_obj.Flavor.get_by_flavor_id(context, flavor_id)
        flavor.destroy()
        pecan.response.status = 202
        return ''
