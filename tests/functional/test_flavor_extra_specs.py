"""/flavors/{id}/os-extra_specs through the REST API."""

ADMIN = 'admin:admin'
BASE = '/v2.1/flavors/m1.tiny/os-extra_specs'


def test_extra_specs_lifecycle(cloud):
    resp = cloud.request('GET', BASE)
    assert resp.status_int == 200
    assert resp.json == {'extra_specs': {}}

    resp = cloud.request('POST', BASE, {'extra_specs': {
        'hw:cpu_policy': 'dedicated', 'quota:disk': 10}}, token=ADMIN)
    assert resp.status_int == 200, resp.text
    assert resp.json == {'extra_specs': {'hw:cpu_policy': 'dedicated',
                                         'quota:disk': '10'}}

    resp = cloud.request('PUT', BASE + '/hw:cpu_policy',
                         {'hw:cpu_policy': 'shared'}, token=ADMIN)
    assert resp.json == {'hw:cpu_policy': 'shared'}
    assert cloud.request('GET', BASE + '/hw:cpu_policy').json == {
        'hw:cpu_policy': 'shared'}

    resp = cloud.request('DELETE', BASE + '/quota:disk', token=ADMIN)
    assert resp.status_int == 202
    assert cloud.request('GET', BASE).json == {
        'extra_specs': {'hw:cpu_policy': 'shared'}}

    resp = cloud.request('GET', BASE + '/quota:disk')
    assert resp.status_int == 404
    assert 'itemNotFound' in resp.json


def test_extra_specs_are_admin_only_to_write(cloud):
    resp = cloud.request('POST', BASE, {'extra_specs': {'a': 'b'}})
    assert resp.status_int == 403
    assert 'forbidden' in resp.json
    assert cloud.request('GET', BASE).json == {'extra_specs': {}}


def test_extra_specs_bad_input(cloud):
    resp = cloud.request('PUT', BASE + '/a', {'b': 'c'}, token=ADMIN)
    assert resp.status_int == 400
    resp = cloud.request('POST', BASE, {'extra_specs': {'bad/key': 'x'}},
                         token=ADMIN)
    assert resp.status_int == 400
    assert 'badRequest' in resp.json
    resp = cloud.request('POST', '/v2.1/flavors/nope/os-extra_specs',
                         {'extra_specs': {'a': 'b'}}, token=ADMIN)
    assert resp.status_int == 404


def test_server_shows_flavor_extra_specs_at_247(cloud):
    cloud.request('POST', BASE, {'extra_specs': {'k': 'v'}}, token=ADMIN)
    server_id = cloud.create_server()
    server = cloud.wait_for_status(server_id, ('ACTIVE',))
    assert server['flavor']['extra_specs'] == {'k': 'v'}
    assert server['flavor']['original_name'] == 'm1.tiny'
