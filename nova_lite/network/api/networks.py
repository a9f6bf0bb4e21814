"""/v2.0/networks: list, show, create, update, delete."""

import pecan
from pecan import rest

from nova_lite.api import validation
from nova_lite.network.api import access
from nova_lite.network.api import listing
from nova_lite.network.api import schemas
from nova_lite.network import db
from nova_lite.network import exceptions

BOOLEANS = ('admin_state_up', 'shared', 'port_security_enabled',
            'router:external')
INTEGERS = ('mtu', 'revision_number')


def visible_network(context, network_id):
    """The network if the caller may see it, else NetworkNotFound."""
    network = db.network_get(context, network_id)
    access.require_visible(context, 'network', access.network_target(
        network), exceptions.NetworkNotFound(net_id=network_id))
    return network


class NetworksController(rest.RestController):
    @pecan.expose('json')
    def get_all(self, **_params):
        context = pecan.request.context
        query = listing.parse(pecan.request.GET, db.NETWORK_FILTERS,
                              BOOLEANS, INTEGERS, extra=('router:external',))
        if any(query.extra.get('router:external', [])):
            return listing.collection('networks', [], query)  # none here
        networks = db.network_list(context, query.filters,
                                   access.visible_to(context), query.page)
        return listing.collection('networks', [
            n for n in networks
            if access.can_see(context, 'network',
                              access.network_target(n))], query)

    @pecan.expose('json')
    def get_one(self, network_id, **_params):
        network = visible_network(pecan.request.context, network_id)
        return {'network': listing.select_fields(
            network, pecan.request.GET.getall('fields'))}

    @pecan.expose('json')
    @validation.schema(schemas.network_create)
    def post(self, *item, body):
        listing.collection_only(item)
        context = pecan.request.context
        spec = body['network']
        spec.pop('router:external', None)
        project_id = access.owner_for_create(context, spec)
        target = {'project_id': project_id,
                  'network:project_id': project_id,
                  'shared': spec.get('shared', False)}
        access.authorize(context, 'create_network', target)
        if spec.get('shared'):
            access.authorize(context, 'create_network:shared', target)
        network = db.network_create(context, dict(spec,
                                                  project_id=project_id))
        pecan.response.status = 201
        return {'network': network}

    @pecan.expose('json')
    @validation.schema(schemas.network_update)
    def put(self, *item, body):
        network_id = listing.item_id(item)
        context = pecan.request.context
        spec = body['network']
        spec.pop('router:external', None)
        network = visible_network(context, network_id)
        target = access.network_target(network)
        access.authorize(context, 'update_network', target)
        if 'shared' in spec and spec['shared'] != network['shared']:
            access.authorize(context, 'update_network:shared', target)
        return {'network': db.network_update(context, network_id, spec)}

    @pecan.expose(content_type='application/json')
    def delete(self, *item, **_params):
        network_id = listing.item_id(item)
        context = pecan.request.context
        network = visible_network(context, network_id)
        access.authorize(context, 'delete_network',
                         access.network_target(network))
        db.network_delete(context, network_id)
        pecan.response.status = 204
        return ''
