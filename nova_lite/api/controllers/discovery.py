"""The identity discovery document for noauth2 deployments.

python-openstackclient 10 checks that the identity service speaks v3 before
``server list`` and ``flavor create``.  Without Keystone (noauth2) the API
answers ``GET /identity/v3`` with a v3 version document, nothing else —
there is no identity service behind it, and noauth2 needs none.  With
``auth_strategy = keystone`` it answers 404: use the real Keystone.
"""

import pecan

from nova_lite.api.views import common
from nova_lite.conf import CONF
from nova_lite import exception


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
