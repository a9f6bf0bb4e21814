"""The paste pipelines of etc/nova_lite/api-paste.ini, as the daemon loads
them: version discovery needs no token, everything else does."""

import webob

from nova_lite.api import app as api_app


def _get(application, path, token=None):
    req = webob.Request.blank(path)
    if token:
        req.headers['X-Auth-Token'] = token
    return req.get_response(application)


def test_noauth2_pipeline(cloud):
    application = api_app.load_app()
    resp = _get(application, '/')
    assert resp.status_int == 200
    assert resp.json['versions'][0]['id'] == 'v2.1'
    assert resp.headers['x-openstack-request-id'].startswith('req-')
    assert resp.headers['x-compute-request-id'] == \
        resp.headers['x-openstack-request-id']
    resp = _get(application, '/v2.1/servers')
    assert resp.status_int == 401
    assert resp.json['unauthorized']['code'] == 401
    resp = _get(application, '/v2.1/servers', token='demo:demo')
    assert resp.status_int == 200
    assert resp.json == {'servers': []}


def test_keystone_pipeline_rejects_requests_without_token(cloud):
    cloud.conf.set_override('auth_strategy', 'keystone', group='api')
    api_app.load_app()  # registers [keystone_authtoken]
    cloud.conf.set_override('www_authenticate_uri', 'http://127.0.0.1:5000',
                            group='keystone_authtoken')
    application = api_app.load_app()
    assert _get(application, '/').status_int == 200
    resp = _get(application, '/v2.1/servers')
    assert resp.status_int == 401
    assert resp.headers['WWW-Authenticate'] == \
        'Keystone uri="http://127.0.0.1:5000"'
    assert resp.json['unauthorized']['code'] == 401, resp.text
    assert resp.json['unauthorized']['message']
