"""Bad input answers Nova's error bodies; nothing answers a 500."""

import pytest


def _server_body(cloud, **extra):
    server = {'name': 'x', 'imageRef': cloud.image_id,
              'flavorRef': 'm1.tiny', 'networks': 'none'}
    server.update(extra)
    return {'server': server}


def test_malformed_json(cloud):
    resp = cloud.request('POST', '/v2.1/servers', raw=b'{"server": ',
                         version='2.47')
    assert resp.status_int == 400
    assert resp.content_type == 'application/json'
    assert set(resp.json) == {'badRequest'}
    assert resp.json['badRequest']['code'] == 400
    assert resp.json['badRequest']['message']


def test_empty_body(cloud):
    resp = cloud.request('POST', '/v2.1/flavors', raw=b'',
                         token='admin:admin')
    assert resp.status_int == 400
    assert 'badRequest' in resp.json


def test_missing_networks_at_237(cloud):
    body = _server_body(cloud)
    del body['server']['networks']
    resp = cloud.request('POST', '/v2.1/servers', body, version='2.37')
    assert resp.status_int == 400
    assert 'networks' in resp.json['badRequest']['message']
    # before 2.37 it was optional
    resp = cloud.request('POST', '/v2.1/servers', body, version='2.36')
    assert resp.status_int == 202, resp.text


@pytest.mark.parametrize('version', ['2.1', '2.19', '2.47'])
def test_unknown_top_level_key(cloud, version):
    body = _server_body(cloud)
    body['bogus'] = {}
    resp = cloud.request('POST', '/v2.1/servers', body, version=version)
    assert resp.status_int == 400
    assert "'bogus'" in resp.json['badRequest']['message']


def test_networks_none_needs_237(cloud):
    resp = cloud.request('POST', '/v2.1/servers', _server_body(cloud),
                         version='2.36')
    assert resp.status_int == 400
    assert 'networks' in resp.json['badRequest']['message']


def test_unknown_server_key(cloud):
    resp = cloud.request('POST', '/v2.1/servers',
                         _server_body(cloud, flavor='x'), version='2.47')
    assert resp.status_int == 400
    assert 'badRequest' in resp.json


def test_description_needs_219(cloud):
    body = _server_body(cloud, description='hello')
    del body['server']['networks']  # "none" is a 2.37 value
    resp = cloud.request('POST', '/v2.1/servers', body, version='2.18')
    assert resp.status_int == 400
    resp = cloud.request('POST', '/v2.1/servers', body, version='2.19')
    assert resp.status_int == 202, resp.text


@pytest.mark.parametrize('path', ['/v2.1/nothing-here', '/nothing',
                                  '/v2.1/servers/x/y/z'])
def test_unknown_path(cloud, path):
    resp = cloud.request('GET', path)
    assert resp.status_int == 404
    assert resp.json['itemNotFound']['code'] == 404


def test_unknown_server(cloud):
    resp = cloud.request('GET', '/v2.1/servers/'
                                '00000000-0000-0000-0000-000000000000')
    assert resp.status_int == 404
    assert 'could not be found' in resp.json['itemNotFound']['message']


def test_unknown_flavor(cloud):
    resp = cloud.request('GET', '/v2.1/flavors/nope')
    assert resp.status_int == 404
    assert 'itemNotFound' in resp.json


def test_method_not_allowed(cloud):
    resp = cloud.request('PUT', '/v2.1/flavors', {'flavor': {}},
                         token='admin:admin')
    assert resp.status_int in (404, 405)
    assert resp.status_int != 500


@pytest.mark.parametrize('version', ['2.999', '3.0', '2.0'])
def test_unsupported_microversion(cloud, version):
    resp = cloud.request('GET', '/v2.1/servers', version=version)
    assert resp.status_int == 406
    # Nova has no fault name for 406: computeFault, as it answers.
    assert resp.json['computeFault']['code'] == 406
    assert version in resp.json['computeFault']['message']


def test_malformed_microversion(cloud):
    resp = cloud.request('GET', '/v2.1/servers', version='abc')
    assert resp.status_int == 400
    assert 'badRequest' in resp.json


def test_microversion_headers_echoed(cloud):
    resp = cloud.request('GET', '/v2.1/servers', version='latest')
    assert resp.status_int == 200
    from nova_lite.api import microversion
    assert resp.headers['OpenStack-API-Version'] == \
        'compute %s' % microversion.MAX_VERSION
    assert 'OpenStack-API-Version' in resp.headers['Vary']
    resp = cloud.request('GET', '/v2.1/servers', headers={
        'X-OpenStack-Nova-API-Version': '2.5'})
    assert resp.headers['X-OpenStack-Nova-API-Version'] == '2.5'


def test_no_token(cloud):
    resp = cloud.request('GET', '/v2.1/servers', token='')
    assert resp.status_int == 401


def test_bad_query(cloud):
    resp = cloud.request('GET', '/v2.1/servers?limit=abc')
    assert resp.status_int == 400
    resp = cloud.request('GET', '/v2.1/servers?sort_dir=sideways')
    assert resp.status_int == 400


def test_version_discovery(cloud):
    resp = cloud.request('GET', '/')
    assert resp.status_int == 200
    versions = resp.json['versions']
    assert [v['id'] for v in versions] == ['v2.1']
    from nova_lite.api import microversion
    assert versions[0]['version'] == microversion.MAX_VERSION
    assert versions[0]['min_version'] == microversion.MIN_VERSION
    resp = cloud.request('GET', '/v2.1')
    assert resp.status_int == 200
    assert resp.json['version']['id'] == 'v2.1'
    assert resp.json['version']['status'] == 'CURRENT'
    resp = cloud.request('GET', '/v2.1/')
    assert resp.status_int == 200
    assert resp.json['version']['id'] == 'v2.1'


def test_bodyless_answers_accept_json(cloud):
    # Regression: clients sending "Accept: application/json" on DELETE got
    # 406 from the pecan controllers that answer no body.
    sid = cloud.create_server()
    cloud.wait_for_status(sid, ('ACTIVE',))
    accept = {'Accept': 'application/json'}
    resp = cloud.request('DELETE', '/v2.1/servers/%s' % sid, headers=accept)
    assert resp.status_int == 204, resp.text
    assert resp.body == b''
    resp = cloud.request('DELETE', '/v2.1/flavors/m1.small',
                         token='admin:admin', headers=accept)
    assert resp.status_int == 202, resp.text
