"""Flavors through the REST API: everyone lists, admins manage."""

ADMIN = 'admin:admin'

NEW = {'flavor': {'name': 'm1.test', 'ram': 1024, 'vcpus': 2, 'disk': 10,
                  'id': 'test-1'}}


def test_member_cannot_create(cloud):
    resp = cloud.request('POST', '/v2.1/flavors', NEW)
    assert resp.status_int == 403
    body = resp.json
    assert set(body) == {'forbidden'}
    assert body['forbidden']['code'] == 403
    assert 'os_compute_api:os-flavor-manage:create' in \
        body['forbidden']['message']
    assert cloud.request('GET', '/v2.1/flavors/test-1').status_int == 404


def test_member_cannot_delete(cloud):
    resp = cloud.request('DELETE', '/v2.1/flavors/m1.tiny')
    assert resp.status_int == 403
    assert 'forbidden' in resp.json
    assert cloud.request('GET', '/v2.1/flavors/m1.tiny').status_int == 200


def test_admin_create_show_list_delete(cloud):
    resp = cloud.request('POST', '/v2.1/flavors', NEW, token=ADMIN)
    assert resp.status_int == 200, resp.text
    flavor = resp.json['flavor']
    assert flavor['id'] == 'test-1'
    assert (flavor['name'], flavor['ram'], flavor['vcpus'],
            flavor['disk']) == ('m1.test', 1024, 2, 10)
    assert flavor['os-flavor-access:is_public'] is True
    assert flavor['OS-FLV-DISABLED:disabled'] is False

    resp = cloud.request('GET', '/v2.1/flavors/test-1')
    assert resp.status_int == 200
    assert resp.json['flavor']['ram'] == 1024

    listed = cloud.request('GET', '/v2.1/flavors').json['flavors']
    assert 'test-1' in [f['id'] for f in listed]
    assert all(set(f) == {'id', 'name', 'links'} for f in listed)
    detail = cloud.request('GET', '/v2.1/flavors/detail').json['flavors']
    assert {f['id']: f['vcpus'] for f in detail}['test-1'] == 2

    resp = cloud.request('DELETE', '/v2.1/flavors/test-1', token=ADMIN)
    assert resp.status_int == 202
    assert cloud.request('GET', '/v2.1/flavors/test-1').status_int == 404
    resp = cloud.request('DELETE', '/v2.1/flavors/test-1', token=ADMIN)
    assert resp.status_int == 404
    assert 'itemNotFound' in resp.json


def test_admin_create_with_null_id(cloud):
    body = {'flavor': {'name': 'auto-id', 'ram': 256, 'vcpus': 1,
                       'disk': 0, 'id': None}}
    resp = cloud.request('POST', '/v2.1/flavors', body, token=ADMIN)
    assert resp.status_int == 200, resp.text
    flavor_id = resp.json['flavor']['id']
    assert flavor_id
    resp = cloud.request('GET', '/v2.1/flavors/%s' % flavor_id)
    assert resp.json['flavor']['name'] == 'auto-id'


def test_admin_create_without_id(cloud):
    body = {'flavor': {'name': 'no-id', 'ram': '256', 'vcpus': '1',
                       'disk': '0'}}
    resp = cloud.request('POST', '/v2.1/flavors', body, token=ADMIN)
    assert resp.status_int == 200, resp.text
    assert resp.json['flavor']['ram'] == 256


def test_duplicate_flavor_is_conflict(cloud):
    body = {'flavor': {'name': 'm1.tiny', 'ram': 1, 'vcpus': 1, 'disk': 0}}
    resp = cloud.request('POST', '/v2.1/flavors', body, token=ADMIN)
    assert resp.status_int == 409
    assert 'conflictingRequest' in resp.json


def test_invalid_flavor_body(cloud):
    body = {'flavor': {'name': 'x', 'ram': 0, 'vcpus': 1, 'disk': 0}}
    resp = cloud.request('POST', '/v2.1/flavors', body, token=ADMIN)
    assert resp.status_int == 400
    assert resp.json['badRequest']['code'] == 400


def test_private_flavors_and_is_public_filter(cloud):
    body = {'flavor': {'name': 'hidden', 'ram': 256, 'vcpus': 1, 'disk': 0,
                       'id': 'hidden', 'os-flavor-access:is_public': False}}
    resp = cloud.request('POST', '/v2.1/flavors', body, token=ADMIN)
    assert resp.status_int == 200, resp.text
    public = {'m1.tiny', 'm1.small', 'm1.huge'}

    def ids(path, token):
        resp = cloud.request('GET', path, token=token)
        assert resp.status_int == 200, resp.text
        return {f['id'] for f in resp.json['flavors']}

    assert ids('/v2.1/flavors/detail', 'demo:demo') == public
    assert ids('/v2.1/flavors/detail?is_public=None', 'demo:demo') == public
    assert ids('/v2.1/flavors/detail', ADMIN) == public
    assert ids('/v2.1/flavors/detail?is_public=None', ADMIN) == \
        public | {'hidden'}
    assert ids('/v2.1/flavors/detail?is_public=false', ADMIN) == {'hidden'}
    resp = cloud.request('GET', '/v2.1/flavors?is_public=maybe',
                         token=ADMIN)
    assert resp.status_int == 400


def test_list_paging_and_min_ram(cloud):
    resp = cloud.request('GET', '/v2.1/flavors?limit=1')
    body = resp.json
    assert len(body['flavors']) == 1
    assert body['flavors_links'][0]['rel'] == 'next'
    first = body['flavors'][0]['id']
    resp = cloud.request('GET', '/v2.1/flavors?marker=%s' % first)
    assert first not in [f['id'] for f in resp.json['flavors']]
    resp = cloud.request('GET', '/v2.1/flavors?minRam=4096')
    assert [f['id'] for f in resp.json['flavors']] == ['m1.huge']
    resp = cloud.request('GET', '/v2.1/flavors?marker=nope')
    assert resp.status_int == 400
