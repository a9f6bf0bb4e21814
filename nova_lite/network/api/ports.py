"""/v2.0/ports: list, show, create, update, delete.

Creating a port allocates its addresses (network/db.py); changing
``binding:host_id`` sets it DOWN (network/status.py).  Only admins see or
set the ``binding:*`` attributes by default, and an admin may create a
port for another project (the compute does, for a server's project).
"""

import pecan
from pecan import rest

from nova_lite.api import validation
from nova_lite.network.api import access
from nova_lite.network.api import listing
from nova_lite.network.api import networks
from nova_lite.network.api import schemas
from nova_lite.network import db
from nova_lite.network import exceptions

BOOLEANS = ('admin_state_up', 'port_security_enabled')
INTEGERS = ('revision_number',)
_ATTRIBUTE_RULES = access.BINDING_WRITE + ('mac_address',)


def _visible_port(context, port_id):
    port = db.port_get(context, port_id)
    access.require_visible(context, 'port', access.port_target(port),
                           exceptions.PortNotFound(port_id=port_id))
    return port


def _fixed_ips_filter(values):
    """``fixed_ips=ip_address=X`` / ``fixed_ips=subnet_id=Y`` values."""
    found = {}
    for value in values:
        key, sep, wanted = value.partition('=')
        if not sep or key not in ('ip_address', 'subnet_id'):
            raise exceptions.InvalidInput(
                error_message="'%s' is not a valid fixed_ips filter: use "
                              "ip_address=<ip> or subnet_id=<id>" % value)
        found.setdefault(key, []).append(wanted)
    return found


def _authorize_fields(context, action, spec, target):
    access.authorize_attributes(context, action, spec, target,
                                _ATTRIBUTE_RULES)
    if any('ip_address' in item for item in spec.get('fixed_ips') or []):
        access.authorize(context, '%s:fixed_ips:ip_address' % action,
                         target)


class PortsController(rest.RestController):
    @pecan.expose('json')
    def get_all(self, **_params):
        context = pecan.request.context
        query = listing.parse(pecan.request.GET, db.PORT_FILTERS,
                              BOOLEANS, INTEGERS, extra=('fixed_ips',))
        ports = db.port_list(
            context, query.filters, access.visible_to(context), query.page,
            fixed_ips=_fixed_ips_filter(query.extra.get('fixed_ips', [])))
        return listing.collection('ports', [
            access.port_view(context, p) for p in ports
            if access.can_see(context, 'port', access.port_target(p))],
            query)

    @pecan.expose('json')
    def get_one(self, port_id, **_params):
        context = pecan.request.context
        port = _visible_port(context, port_id)
        return {'port': listing.select_fields(
            access.port_view(context, port),
            pecan.request.GET.getall('fields'))}

    @pecan.expose('json')
    @validation.schema(schemas.port_create)
    def post(self, *item, body):
        listing.collection_only(item)
        context = pecan.request.context
        spec = body['port']
        spec.pop('security_groups', None)
        project_id = access.owner_for_create(context, spec)
        network = networks.visible_network(context, spec['network_id'])
        target = access.port_target({'project_id': project_id}, network)
        access.authorize(context, 'create_port', target)
        _authorize_fields(context, 'create_port', spec, target)
        port = db.port_create(context, dict(spec, project_id=project_id))
        pecan.response.status = 201
        return {'port': access.port_view(context, port)}

    @pecan.expose('json')
    @validation.schema(schemas.port_update)
    def put(self, *item, body):
        port_id = listing.item_id(item)
        context = pecan.request.context
        spec = body['port']
        spec.pop('security_groups', None)
        port = _visible_port(context, port_id)
        target = access.port_target(
            port, db.network_get(context, port['network_id']))
        access.authorize(context, 'update_port', target)
        _authorize_fields(context, 'update_port', spec, target)
        port = db.port_update(context, port_id, spec)
        return {'port': access.port_view(context, port)}

    @pecan.expose(content_type='application/json')
    def delete(self, *item, **_params):
        port_id = listing.item_id(item)
        context = pecan.request.context
        port = _visible_port(context, port_id)
        access.authorize(context, 'delete_port', access.port_target(port))
        db.port_delete(context, port_id)
        pecan.response.status = 204
        return ''
