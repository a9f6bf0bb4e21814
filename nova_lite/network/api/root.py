"""The route table of the network API, version discovery and extensions.

``GET /`` (no auth) lists the one version, ``GET /v2.0/`` its resources,
``GET /v2.0/extensions`` the extensions whose attributes we serve.
"""

import pecan
from pecan import rest

from nova_lite.network.api import networks
from nova_lite.network.api import ports
from nova_lite.network.api import subnets
from nova_lite.network import exceptions

RESOURCES = (('network', 'networks'), ('subnet', 'subnets'),
             ('port', 'ports'))

_UPDATED = '2026-11-22T00:00:00-00:00'
EXTENSIONS = [
    {'alias': alias, 'name': name, 'description': description,
     'updated': _UPDATED, 'links': []}
    for alias, name, description in (
        ('binding', 'Port Binding',
         'Expose port bindings of a virtual port to external application'),
        ('port-security', 'Port Security',
         'Provides port security'),
        ('project-id', 'project_id field enabled',
         'Extension that indicates that project_id field is enabled.'),
        ('external-net', 'Neutron external network',
         'Adds external network attribute to network resource.'),
        ('net-mtu', 'Network MTU',
         'Provides MTU attribute for a network resource.'),
        ('standard-attr-description', 'standard-attr-description',
         'Extension to add descriptions to standard attributes'),
        ('standard-attr-revisions', 'Resource revision numbers',
         'This extension will display the revision number of neutron '
         'resources.'),
        ('standard-attr-timestamp', 'Resource timestamps',
         'Adds created_at and updated_at fields to all Neutron resources '
         'that have Neutron standard attributes.'),
    )]


def _base_url():
    return pecan.request.host_url


class ExtensionsController(rest.RestController):
    @pecan.expose('json')
    def get_all(self, **_params):
        return {'extensions': EXTENSIONS}

    @pecan.expose('json')
    def get_one(self, alias, **_params):
        for extension in EXTENSIONS:
            if extension['alias'] == alias:
                return {'extension': extension}
        raise exceptions.ExtensionNotFound(extension_alias=alias)


class V20Controller:
    def __init__(self):
        self.networks = networks.NetworksController()
        self.subnets = subnets.SubnetsController()
        self.ports = ports.PortsController()
        self.extensions = ExtensionsController()

    @pecan.expose('json')
    def index(self):
        return {'resources': [
            {'name': name, 'collection': collection,
             'links': [{'rel': 'self', 'href': '%s/v2.0/%s' % (
                 _base_url(), collection)}]}
            for name, collection in RESOURCES]}


class RootController:
    def __init__(self):
        pecan.route(self, 'v2.0', V20Controller())

    @pecan.expose('json')
    def index(self):
        return versions_document()


def versions_document():
    return {'versions': [{
        'id': 'v2.0', 'status': 'CURRENT',
        'links': [{'rel': 'self', 'href': _base_url() + '/v2.0/'}]}]}


def route_table(root):
    """(path, controller) of every resource, for tests that walk routes."""
    v20 = getattr(root, 'v2.0')
    return [('/v2.0/networks', v20.networks),
            ('/v2.0/subnets', v20.subnets),
            ('/v2.0/ports', v20.ports),
            ('/v2.0/extensions', v20.extensions)]
