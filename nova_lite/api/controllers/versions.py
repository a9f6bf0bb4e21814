"""Version discovery: ``GET /`` (all versions) and ``GET /v2.1/`` (ours)."""

from nova_lite.api import microversion
from nova_lite.api.views import common

_UPDATED = '2013-07-23T11:33:21Z'


def v21_document():
    return {
        'id': 'v2.1', 'status': 'CURRENT',
        'version': microversion.MAX_VERSION,
        'min_version': microversion.MIN_VERSION,
        'updated': _UPDATED,
        'links': [{'rel': 'self', 'href': common.base_url() + '/v2.1/'},
                  {'rel': 'describedby', 'type': 'text/html',
                   'href': 'https://docs.openstack.org/'}],
        'media-types': [{
            'base': 'application/json',
            'type': 'application/vnd.openstack.compute+json;version=2.1'}],
    }


def all_versions():
    return {'versions': [v21_document()]}
