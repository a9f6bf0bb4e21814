"""Servers through the REST API: boot, list, show, delete, scheduling."""

import threading
import time

import sqlalchemy as sa

from nova_lite.db import api as db_api
from nova_lite.db import models
from nova_lite.objects import compute_node as node_obj
from nova_lite.objects import image as image_obj

ADMIN = 'admin:admin'


def _nodes(cloud):
    return {n.host: n for n in node_obj.ComputeNodeList.get_all(cloud.admin)}


def _wait_gone(cloud, server_id, token='demo:demo', timeout=20):
    deadline = time.monotonic() + timeout
    while True:
        resp = cloud.request('GET', '/v2.1/servers/%s' % server_id,
                             token=token)
        if resp.status_int == 404:
            return resp
        assert time.monotonic() < deadline, resp.json
        time.sleep(0.05)


def _wait_until(predicate, timeout=20):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, 'condition never became true'
        time.sleep(0.05)


def test_boot_to_active(cloud):
    sid = cloud.create_server(name='vm1')
    server = cloud.wait_for_status(sid, ('ACTIVE', 'ERROR'))
    assert server['status'] == 'ACTIVE', server
    assert server['OS-EXT-SRV-ATTR:host'] in ('compute1', 'compute2')
    assert server['OS-EXT-SRV-ATTR:hypervisor_hostname'] == \
        server['OS-EXT-SRV-ATTR:host']
    assert server['OS-EXT-STS:vm_state'] == 'active'
    assert server['OS-EXT-STS:task_state'] is None
    assert server['OS-EXT-STS:power_state'] == 1
    assert server['OS-SRV-USG:launched_at']
    assert server['flavor']['original_name'] == 'm1.tiny'
    assert server['hostId']


def test_create_response(cloud):
    resp = cloud.request('POST', '/v2.1/servers', {'server': {
        'name': 'vm1', 'imageRef': cloud.image_id, 'flavorRef': 'm1.tiny',
        'networks': 'none'}}, version='2.47')
    assert resp.status_int == 202, resp.text
    server = resp.json['server']
    assert server['adminPass']
    assert resp.headers['Location'].endswith('/servers/%s' % server['id'])
    assert resp.headers['OpenStack-API-Version'] == 'compute 2.47'
    cloud.wait_for_status(server['id'], ('ACTIVE',))


def test_member_does_not_see_host_attributes(cloud):
    sid = cloud.create_server()
    cloud.wait_for_status(sid, ('ACTIVE',))
    resp = cloud.request('GET', '/v2.1/servers/%s' % sid, version='2.47')
    assert resp.status_int == 200
    server = resp.json['server']
    assert server['status'] == 'ACTIVE'
    assert 'OS-EXT-SRV-ATTR:host' not in server
    assert server['tenant_id'] == 'demo'
    assert server['user_id'] == 'demo'


def test_list_show_detail(cloud):
    ids = {cloud.create_server(name='vm-%d' % i) for i in range(2)}
    for sid in ids:
        cloud.wait_for_status(sid, ('ACTIVE',))
    resp = cloud.request('GET', '/v2.1/servers')
    assert resp.status_int == 200
    listed = resp.json['servers']
    assert {s['id'] for s in listed} == ids
    assert all(set(s) == {'id', 'name', 'links'} for s in listed)
    resp = cloud.request('GET', '/v2.1/servers/detail', version='2.47')
    assert resp.status_int == 200
    detail = resp.json['servers']
    assert {s['id'] for s in detail} == ids
    assert {s['status'] for s in detail} == {'ACTIVE'}
    assert {s['name'] for s in detail} == {'vm-0', 'vm-1'}
    sid = next(iter(ids))
    resp = cloud.request('GET', '/v2.1/servers/%s' % sid)
    assert resp.status_int == 200
    assert resp.json['server']['id'] == sid
    # before 2.47 the flavor is a reference
    assert resp.json['server']['flavor']['id'] == 'm1.tiny'


def test_list_filters_by_name(cloud):
    first = cloud.create_server(name='alpha')
    cloud.create_server(name='beta')
    resp = cloud.request('GET', '/v2.1/servers?name=alph')
    assert [s['id'] for s in resp.json['servers']] == [first]


def test_delete_releases_resources(cloud):
    baseline = {h: (n.vcpus_used, n.memory_mb_used, n.local_gb_used,
                    n.running_vms) for h, n in _nodes(cloud).items()}
    assert set(baseline) == {'compute1', 'compute2'}
    assert all(b[0] == 0 and b[3] == 0 for b in baseline.values())

    sid = cloud.create_server(flavor='m1.small')
    server = cloud.wait_for_status(sid, ('ACTIVE',))
    host = server['OS-EXT-SRV-ATTR:host']
    node = _nodes(cloud)[host]
    assert node.running_vms == 1
    assert node.vcpus_used == 1
    assert node.memory_mb_used == baseline[host][1] + 2048
    assert node.local_gb_used == baseline[host][2] + 20

    resp = cloud.request('DELETE', '/v2.1/servers/%s' % sid)
    assert resp.status_int == 204, resp.text
    assert resp.body == b''
    _wait_gone(cloud, sid)
    _wait_until(lambda: {h: (n.vcpus_used, n.memory_mb_used,
                             n.local_gb_used, n.running_vms)
                         for h, n in _nodes(cloud).items()} == baseline)
    assert cloud.request('GET', '/v2.1/servers').json['servers'] == []
    resp = cloud.request('DELETE', '/v2.1/servers/%s' % sid)
    assert resp.status_int == 404
    assert 'itemNotFound' in resp.json


def test_no_valid_host_says_why(cloud):
    sid = cloud.create_server(name='big', flavor='m1.huge')
    server = cloud.wait_for_status(sid, ('ERROR', 'ACTIVE'))
    assert server['status'] == 'ERROR', server
    assert server['OS-EXT-STS:task_state'] is None
    fault = server['fault']
    assert fault['code'] == 500
    assert fault['message'] == ('No valid host was found. There are not '
                                'enough hosts available.')
    # the admin sees why, filter by filter
    assert 'ComputeFilter: 2\u21922' in fault['details']
    assert 'RamFilter: 2\u21920' in fault['details']
    assert 'm1.huge' in fault['details']
    assert fault['created']
    # the owner sees the short message, not the details
    resp = cloud.request('GET', '/v2.1/servers/%s' % sid)
    owner_fault = resp.json['server']['fault']
    assert owner_fault['message'] == fault['message']
    assert 'details' not in owner_fault
    # and the detail list carries it
    resp = cloud.request('GET', '/v2.1/servers/detail?all_tenants=1',
                         token=ADMIN)
    assert 'RamFilter' in resp.json['servers'][0]['fault']['details']
    # nothing was claimed anywhere
    assert all(n.running_vms == 0 for n in _nodes(cloud).values())


def test_error_server_can_be_deleted(cloud):
    sid = cloud.create_server(name='big', flavor='m1.huge')
    cloud.wait_for_status(sid, ('ERROR',))
    resp = cloud.request('DELETE', '/v2.1/servers/%s' % sid)
    assert resp.status_int == 204
    _wait_gone(cloud, sid)


def test_other_project_cannot_see_or_delete(cloud):
    sid = cloud.create_server(token='alice:p1')
    cloud.wait_for_status(sid, ('ACTIVE',))
    mine = cloud.create_server(token='bob:p2')
    for path in ('/v2.1/servers/%s' % sid,):
        resp = cloud.request('GET', path, token='bob:p2')
        assert resp.status_int == 404
        assert resp.json['itemNotFound']['code'] == 404
    resp = cloud.request('DELETE', '/v2.1/servers/%s' % sid, token='bob:p2')
    assert resp.status_int == 404
    assert 'itemNotFound' in resp.json
    for path in ('/v2.1/servers', '/v2.1/servers/detail'):
        listed = cloud.request('GET', path, token='bob:p2').json['servers']
        assert [s['id'] for s in listed] == [mine]
    # still there for its owner
    resp = cloud.request('GET', '/v2.1/servers/%s' % sid, token='alice:p1')
    assert resp.status_int == 200
    assert resp.json['server']['status'] == 'ACTIVE'
    # admin sees both with all_tenants
    resp = cloud.request('GET', '/v2.1/servers?all_tenants=1', token=ADMIN)
    assert {s['id'] for s in resp.json['servers']} == {sid, mine}
    resp = cloud.request('GET', '/v2.1/servers?all_tenants=1',
                         token='bob:p2')
    assert resp.status_int == 403


def test_multi_create_spreads_over_computes(cloud):
    resp = cloud.request('POST', '/v2.1/servers', {'server': {
        'name': 'many', 'imageRef': cloud.image_id, 'flavorRef': 'm1.tiny',
        'networks': 'none', 'min_count': 3, 'max_count': 3,
        'return_reservation_id': True}}, version='2.47')
    assert resp.status_int == 202, resp.text
    reservation = resp.json['reservation_id']
    servers = cloud.request('GET', '/v2.1/servers/detail?all_tenants=1',
                            token=ADMIN,
                            version='2.47').json['servers']
    assert len(servers) == 3
    assert {s['OS-EXT-SRV-ATTR:reservation_id'] for s in servers} == \
        {reservation}
    assert sorted(s['name'] for s in servers) == \
        ['many-1', 'many-2', 'many-3']
    hosts = []
    for server in servers:
        done = cloud.wait_for_status(server['id'], ('ACTIVE', 'ERROR'))
        assert done['status'] == 'ACTIVE', done
        hosts.append(done['OS-EXT-SRV-ATTR:host'])
    assert set(hosts) == {'compute1', 'compute2'}
    assert sum(n.running_vms for n in _nodes(cloud).values()) == 3


def test_min_count_above_max_count(cloud):
    resp = cloud.request('POST', '/v2.1/servers', {'server': {
        'name': 'x', 'imageRef': cloud.image_id, 'flavorRef': 'm1.tiny',
        'networks': 'none', 'min_count': 3, 'max_count': 2}},
        version='2.47')
    assert resp.status_int == 400
    assert cloud.request('GET', '/v2.1/servers').json['servers'] == []


def test_unknown_flavor_and_image(cloud):
    for flavor, image in (('nope', cloud.image_id),
                          ('m1.tiny', 'deadbeef-0000-0000-0000-000000000000')):
        resp = cloud.request('POST', '/v2.1/servers', {'server': {
            'name': 'x', 'imageRef': image, 'flavorRef': flavor,
            'networks': 'none'}}, version='2.47')
        assert resp.status_int == 400, resp.text
        assert resp.json['badRequest']['code'] == 400
    assert cloud.request('GET', '/v2.1/servers').json['servers'] == []


def test_image_too_big_for_the_flavor_writes_nothing(cloud):
    # the fit is checked inside the create's transaction: nothing of the
    # request (instance, request spec, action) may be left behind
    image = image_obj.Image(cloud.admin, name='big', status='active',
                            visibility='public', owner='admin',
                            disk_format='raw', container_format='bare',
                            size=0, properties={}, min_ram=1024,
                            min_disk=0)
    image.create()
    resp = cloud.request('POST', '/v2.1/servers', {'server': {
        'name': 'x', 'imageRef': image.id, 'flavorRef': 'm1.tiny',
        'networks': 'none'}}, version='2.47')
    assert resp.status_int == 400, resp.text
    assert 'too small' in resp.json['badRequest']['message']
    assert cloud.request('GET', '/v2.1/servers').json['servers'] == []
    with db_api.reading(cloud.admin):
        session = cloud.admin.session
        for model in (models.Instance, models.RequestSpec,
                      models.InstanceAction):
            assert session.query(model).count() == 0, model
    # the same request with a flavor that fits goes through
    resp = cloud.request('POST', '/v2.1/servers', {'server': {
        'name': 'x', 'imageRef': image.id, 'flavorRef': 'm1.small',
        'networks': 'none'}}, version='2.47')
    assert resp.status_int == 202, resp.text


def test_create_is_one_transaction(cloud):
    # the flavor and image reads share the create's write transaction;
    # counted on this thread, where the in-process API serves the request
    # (the services' threads write too, concurrently)
    engine = db_api.get_engine()
    me = threading.get_ident()
    begun = []

    def count(_conn):
        if threading.get_ident() == me:
            begun.append(1)

    sa.event.listen(engine, 'begin', count)
    try:
        resp = cloud.request('POST', '/v2.1/servers', {'server': {
            'name': 'one', 'imageRef': cloud.image_id,
            'flavorRef': 'm1.tiny', 'networks': 'none'}}, version='2.47')
    finally:
        sa.event.remove(engine, 'begin', count)
    assert resp.status_int == 202, resp.text
    assert len(begun) == 1


def test_build_failure_tries_both_hosts(make_cloud):
    cloud = make_cloud(**{'fake_driver.fail_spawn_name_prefix': 'fail'})
    sid = cloud.create_server(name='fail-me')
    server = cloud.wait_for_status(sid, ('ERROR', 'ACTIVE'))
    assert server['status'] == 'ERROR', server
    fault = server['fault']
    assert fault['message'].startswith('No valid host was found.')
    # the admin's details name each host tried and why it failed
    details = fault['details']
    for host in ('compute1', 'compute2'):
        assert '%s (Build of instance %s failed: fake driver failure ' \
            'injected on %s)' % (host, sid, host) in details, details
    assert server['OS-EXT-SRV-ATTR:host'] is None
    # every claim was given back
    _wait_until(lambda: all(n.running_vms == 0 and n.vcpus_used == 0
                            for n in _nodes(cloud).values()))
    # a server whose name does not match still builds
    ok = cloud.create_server(name='fine')
    assert cloud.wait_for_status(ok, ('ACTIVE', 'ERROR'))['status'] == \
        'ACTIVE'


def test_build_failure_stops_at_max_attempts(make_cloud):
    cloud = make_cloud(**{'fake_driver.fail_spawn_name_prefix': 'fail',
                          'scheduler.max_attempts': 1})
    sid = cloud.create_server(name='fail-once')
    server = cloud.wait_for_status(sid, ('ERROR', 'ACTIVE'))
    assert server['status'] == 'ERROR', server
    fault = server['fault']
    assert fault['message'] == ('No valid host was found. Exceeded maximum '
                                'number of attempts (1) to build the '
                                'instance.')
    tried = [h for h in ('compute1', 'compute2') if h in fault['details']]
    assert len(tried) == 1, fault


def test_delete_during_spawn_releases_the_claim_once(make_cloud):
    # Regression: a delete that lands while the guest spawns made both the
    # failed build and the terminate drop the same claim (usage < 0).
    cloud = make_cloud(**{'fake_driver.spawn_delay': 1.0})
    baseline = {h: (n.vcpus_used, n.memory_mb_used, n.running_vms)
                for h, n in _nodes(cloud).items()}
    sid = cloud.create_server(flavor='m1.small')
    _wait_until(lambda: cloud.request(
        'GET', '/v2.1/servers/%s' % sid, token=ADMIN,
        version='2.47').json['server']['OS-EXT-STS:task_state'] ==
        'spawning')
    resp = cloud.request('DELETE', '/v2.1/servers/%s' % sid)
    assert resp.status_int == 204
    _wait_gone(cloud, sid)
    _wait_until(lambda: {h: (n.vcpus_used, n.memory_mb_used, n.running_vms)
                         for h, n in _nodes(cloud).items()} == baseline)
    time.sleep(0.5)  # anything still in flight would show up now
    assert {h: (n.vcpus_used, n.memory_mb_used, n.running_vms)
            for h, n in _nodes(cloud).items()} == baseline


def test_name_filter_is_a_regular_expression(cloud):
    for name in ('web-1', 'web-2', 'db-1'):
        cloud.create_server(name=name)
    names = lambda q: sorted(s['name'] for s in cloud.request(  # noqa: E731
        'GET', '/v2.1/servers?name=' + q).json['servers'])
    assert names('%5Eweb') == ['web-1', 'web-2']
    assert names('-1%24') == ['db-1', 'web-1']
    assert names('eb') == ['web-1', 'web-2']
    resp = cloud.request('GET', '/v2.1/servers?name=%5B')
    assert resp.status_int == 400
    assert 'badRequest' in resp.json
