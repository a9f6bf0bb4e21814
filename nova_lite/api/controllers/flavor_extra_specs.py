"""/flavors/{flavor_id}/os-extra_specs: read by anyone, written by admins."""

import pecan
from pecan import rest

from nova_lite.api.schemas import flavor_extra_specs as schema
from nova_lite.api import validation
from nova_lite import exception
from nova_lite.objects import flavor as flavor_obj
from nova_lite import policy

POLICY = 'os_compute_api:os-flavor-extra-specs:%s'


def _flavor(flavor_id):
    return flavor_obj.Flavor.get_by_flavor_id(pecan.request.context,
                                              flavor_id)


class FlavorExtraSpecsController(rest.RestController):
    @pecan.expose('json')
    def get_all(self, flavor_id):
        policy.authorize(pecan.request.context, POLICY % 'index')
        return {'extra_specs': dict(_flavor(flavor_id).extra_specs)}

    @pecan.expose('json')
    def get_one(self, flavor_id, key):
        policy.authorize(pecan.request.context, POLICY % 'show')
        specs = _flavor(flavor_id).extra_specs
        if key not in specs:
            raise exception.FlavorExtraSpecNotFound(flavor_id=flavor_id,
                                                    key=key)
        return {key: specs[key]}

    @pecan.expose('json')
    @validation.schema(schema.create)
    def post(self, flavor_id, body):
        policy.authorize(pecan.request.context, POLICY % 'create')
        flavor = _flavor(flavor_id)
        flavor.update_extra_specs(_as_strings(body['extra_specs']))
        return {'extra_specs': dict(flavor.extra_specs)}

    @pecan.expose('json')
    @validation.schema(schema.update)
    def put(self, flavor_id, key, body):
        policy.authorize(pecan.request.context, POLICY % 'update')
        if key not in body:
            raise exception.Invalid('Request body and URI mismatch')
        flavor = _flavor(flavor_id)
        flavor.update_extra_specs(_as_strings(body))
        return {key: flavor.extra_specs[key]}

    @pecan.expose(content_type='application/json')
    def delete(self, flavor_id, key):
        policy.authorize(pecan.request.context, POLICY % 'delete')
        _flavor(flavor_id).update_extra_specs({}, [key])
        pecan.response.status = 202
        return ''


def _as_strings(specs):
    return {key: str(value).lower() if isinstance(value, bool) else
            str(value) for key, value in specs.items()}
