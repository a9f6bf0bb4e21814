"""Discovery documents for services nova_lite does not run (yet).

python-openstackclient 10 checks that the identity service speaks v3 before
``server list`` and ``flavor create``, and resolves ``--network NAME``
through the network service.  Without Keystone (noauth2) and before the
network daemon exists, the API answers exactly these lookups:

* ``GET /identity/v3``: a v3 version document, nothing else — there is no
  identity service behind it, and noauth2 needs none.  With
  ``auth_strategy = keystone`` it answers 404: use the real Keystone.
* ``GET /network`` and ``/network/v2.0/networks``: the two reserved names
  Nova gives meaning to, ``none`` and ``auto`` (see ``networks`` in
  ``POST /servers``), as read-only pseudo-networks whose ids are those
  names, so ``--network none`` means "no network" as ``--nic none`` does.
"""

import pecan
from pecan import rest

from nova_lite.api.views import common
from nova_lite.conf import CONF
from nova_lite import exception

RESERVED_NETWORKS = ('none', 'auto')


class IdentityController:
    @pecan.expose('json')
    def v3(self):
        if CONF.api.auth_strategy != 'noauth2':
            raise exception.NotFound('No identity service here; use '
                                     'Keystone.')
        return {'version': {
            'id': 'v3.14', 'status': 'stable',
            'updated': '2020-04-07T00:00:00Z',
            'links': [{'rel': 'self',
                       'href': common.base_url() + '/identity/v3/'}],
            'media-types': [{'base': 'application/json',
                             'type': 'application/vnd.openstack.identity-'
                                     'v3+json'}]}}


def _network(name):
    return {'id': name, 'name': name, 'status': 'ACTIVE', 'subnets': [],
            'admin_state_up': True, 'shared': True, 'router:external': False,
            'tenant_id': '', 'project_id': '',
            'description': 'reserved: networks "%s" in POST /servers' % name}


class NetworksController(rest.RestController):
    @pecan.expose('json')
    def get_all(self):
        names = pecan.request.GET.getall('name') or RESERVED_NETWORKS
        ids = pecan.request.GET.getall('id')
        return {'networks': [_network(n) for n in RESERVED_NETWORKS
                             if n in names and (not ids or n in ids)]}

    @pecan.expose('json')
    def get_one(self, network_id):
        if network_id not in RESERVED_NETWORKS:
            raise exception.NotFound('Network %s could not be found.' %
                                     network_id)
        return {'network': _network(network_id)}


class NetworkV20Controller:
    networks = NetworksController()


class NetworkRootController:
    def __init__(self):
        pecan.route(self, 'v2.0', NetworkV20Controller())

    @pecan.expose('json')
    def index(self):
        return {'versions': [{
            'id': 'v2.0', 'status': 'CURRENT',
            'links': [{'rel': 'self',
                       'href': common.base_url() + '/network/v2.0/'}]}]}
