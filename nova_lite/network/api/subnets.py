"""/v2.0/subnets: list, show, create, update, delete (IPv4)."""

import pecan
from pecan import rest

from nova_lite.api import validation
from nova_lite.network.api import access
from nova_lite.network.api import listing
from nova_lite.network.api import networks
from nova_lite.network.api import schemas
from nova_lite.network import db
from nova_lite.network import exceptions

BOOLEANS = ('enable_dhcp',)
INTEGERS = ('ip_version', 'revision_number')


def _visible_subnet(context, subnet_id):
    """(subnet, its network) if the caller may see it, else 404."""
    subnet = db.subnet_get(context, subnet_id)
    network = db.network_get(context, subnet['network_id'])
    access.require_visible(context, 'subnet',
                           access.subnet_target(subnet, network),
                           exceptions.SubnetNotFound(subnet_id=subnet_id))
    return subnet, network


class SubnetsController(rest.RestController):
    @pecan.expose('json')
    def get_all(self, **_params):
        context = pecan.request.context
        query = listing.parse(pecan.request.GET, db.SUBNET_FILTERS,
                              BOOLEANS, INTEGERS)
        subnets = db.subnet_list(context, query.filters,
                                 access.visible_to(context), query.page)
        if not context.is_admin:
            subnets = self._visible(context, subnets)
        return listing.collection('subnets', subnets, query)

    @staticmethod
    def _visible(context, subnets):
        owners = {}
        for subnet in subnets:
            if subnet['network_id'] not in owners:
                owners[subnet['network_id']] = db.network_get(
                    context, subnet['network_id'])
        return [s for s in subnets if access.can_see(
            context, 'subnet',
            access.subnet_target(s, owners[s['network_id']]))]

    @pecan.expose('json')
    def get_one(self, subnet_id, **_params):
        subnet, _network = _visible_subnet(pecan.request.context,
                                           subnet_id)
        return {'subnet': listing.select_fields(
            subnet, pecan.request.GET.getall('fields'))}

    @pecan.expose('json')
    @validation.schema(schemas.subnet_create)
    def post(self, *item, body):
        listing.collection_only(item)
        context = pecan.request.context
        spec = body['subnet']
        for unused in ('ip_version', 'ipv6_ra_mode', 'ipv6_address_mode',
                       'subnetpool_id', 'segment_id',
                       'use_default_subnetpool', 'service_types'):
            spec.pop(unused, None)
        project_id = access.owner_for_create(context, spec)
        network = networks.visible_network(context, spec['network_id'])
        access.authorize(context, 'create_subnet', access.subnet_target(
            {'project_id': project_id}, network))
        subnet = db.subnet_create(context, dict(spec,
                                                project_id=project_id))
        pecan.response.status = 201
        return {'subnet': subnet}

    @pecan.expose('json')
    @validation.schema(schemas.subnet_update)
    def put(self, *item, body):
        subnet_id = listing.item_id(item)
        context = pecan.request.context
        subnet, network = _visible_subnet(context, subnet_id)
        access.authorize(context, 'update_subnet',
                         access.subnet_target(subnet, network))
        return {'subnet': db.subnet_update(context, subnet_id,
                                           body['subnet'])}

    @pecan.expose(content_type='application/json')
    def delete(self, *item, **_params):
        subnet_id = listing.item_id(item)
        context = pecan.request.context
        subnet, network = _visible_subnet(context, subnet_id)
        access.authorize(context, 'delete_subnet',
                         access.subnet_target(subnet, network))
        db.subnet_delete(context, subnet_id)
        pecan.response.status = 204
        return ''
