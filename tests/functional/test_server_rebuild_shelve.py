"""Rebuild, shelve, shelveOffload, unshelve and server metadata through
the REST API, with their refused states and the hosts' resources."""

import time

from nova_lite.objects import image as image_obj
from tests.functional import test_server_actions as actions
from tests.functional import test_server_migrate as migrate

ADMIN = 'admin:admin'


def _image(cloud, name='other-image'):
    image = image_obj.Image(cloud.admin, name=name, status='active',
                            visibility='public', owner='admin',
                            disk_format='raw', container_format='bare',
                            size=0, properties={})
    image.create()
    return image.id


def test_rebuild_new_image_name_metadata(cloud):
    sid = actions._active_server(cloud)
    image_id = _image(cloud)
    resp = actions._action(cloud, sid, {'rebuild': {
        'imageRef': image_id, 'name': 'renamed', 'metadata': {'a': 'b'}}})
    assert resp.status_int == 202, resp.text
    body = resp.json['server']
    assert body['status'] == 'REBUILD'
    assert body['image']['id'] == image_id
    assert body['name'] == 'renamed'
    assert 'adminPass' in body
    server = actions._settled(cloud, sid, ('ACTIVE',))
    assert server['metadata'] == {'a': 'b'}
    assert server['image']['id'] == image_id
    assert {'conductor_rebuild_server', 'compute_rebuild_instance'} <= \
        migrate._events(cloud, sid, 'rebuild')
    resp = actions._action(cloud, sid, {'rebuild': {'imageRef': 'nope'}})
    assert resp.status_int == 400, resp.text
    resp = actions._action(cloud, sid, {'rebuild': {}})
    assert resp.status_int == 400, resp.text


def test_shelve_offloads_and_unshelve_lands_elsewhere(cloud):
    base = migrate._baseline(cloud)
    sid = actions._active_server(cloud)
    host = migrate._server(cloud, sid)['OS-EXT-SRV-ATTR:host']
    other = 'compute2' if host == 'compute1' else 'compute1'
    migrate._wait_usage(cloud, host, migrate._plus(base[host], 512, 1, 1))
    resp = actions._action(cloud, sid, {'shelve': None})
    assert resp.status_int == 202, resp.text
    server = actions._settled(cloud, sid, ('SHELVED_OFFLOADED',))
    assert server['OS-EXT-SRV-ATTR:host'] is None
    migrate._wait_usage(cloud, host, base[host])
    assert sid not in actions._compute(cloud, host).driver.list_instances()
    actions._conflict(actions._action(cloud, sid, {'os-start': None}),
                      'start', sid, 'vm_state', 'shelved_offloaded')
    # its old host is disabled: the scheduler must choose the other one
    resp = cloud.request('PUT', '/v2.1/os-services/disable', {
        'host': host, 'binary': 'nova-lite-compute'}, token=ADMIN)
    assert resp.status_int == 200, resp.text
    resp = actions._action(cloud, sid, {'unshelve': None})
    assert resp.status_int == 202, resp.text
    server = actions._settled(cloud, sid, ('ACTIVE',))
    assert server['OS-EXT-SRV-ATTR:host'] == other
    migrate._wait_usage(cloud, other, migrate._plus(base[other], 512, 1, 1))
    assert sid in actions._compute(cloud, other).driver.list_instances()
    assert 'compute_shelve_offload_instance' in migrate._events(
        cloud, sid, 'shelve')
    assert {'conductor_unshelve_instance', 'compute_unshelve_instance'} <= \
        migrate._events(cloud, sid, 'unshelve')


def test_shelve_without_offload_then_offload_and_unshelve(make_cloud):
    cloud = make_cloud(shelved_offload_time=-1)
    base = migrate._baseline(cloud)
    sid = actions._active_server(cloud)
    host = migrate._server(cloud, sid)['OS-EXT-SRV-ATTR:host']
    assert actions._action(cloud, sid, {'shelve': None}).status_int == 202
    server = actions._settled(cloud, sid, ('SHELVED',))
    assert server['OS-EXT-SRV-ATTR:host'] == host
    # still holds its host's resources
    migrate._wait_usage(cloud, host, migrate._plus(base[host], 512, 1, 1))
    # unshelve from SHELVED starts it on the same host
    assert actions._action(cloud, sid, {'unshelve': None}).status_int == 202
    server = actions._settled(cloud, sid, ('ACTIVE',))
    assert server['OS-EXT-SRV-ATTR:host'] == host
    assert actions._action(cloud, sid, {'shelve': None}).status_int == 202
    actions._settled(cloud, sid, ('SHELVED',))
    # offload is for admins
    assert actions._action(cloud, sid,
                           {'shelveOffload': None}).status_int == 403
    resp = actions._action(cloud, sid, {'shelveOffload': None}, token=ADMIN)
    assert resp.status_int == 202, resp.text
    server = actions._settled(cloud, sid, ('SHELVED_OFFLOADED',))
    migrate._wait_usage(cloud, host, base[host])
    actions._conflict(actions._action(cloud, sid, {'shelveOffload': None},
                                      token=ADMIN),
                      'shelveOffload', sid, 'vm_state', 'shelved_offloaded')
    actions._conflict(actions._action(cloud, sid, {'shelve': None}),
                      'shelve', sid, 'vm_state', 'shelved_offloaded')


def test_unshelve_of_an_active_server_is_409(cloud):
    sid = actions._active_server(cloud)
    actions._conflict(actions._action(cloud, sid, {'unshelve': None}),
                      'unshelve', sid, 'vm_state', 'active')


def test_shelve_and_reboot_race_one_wins(cloud):
    import threading
    sid = actions._active_server(cloud)
    results = {}
    barrier = threading.Barrier(2)

    def act(name, body):
        barrier.wait()
        results[name] = actions._action(cloud, sid, body).status_int

    threads = [threading.Thread(target=act, args=('shelve', {
        'shelve': None})), threading.Thread(target=act, args=(
            'stop', {'os-stop': None}))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()) == [202, 409], results
    deadline = time.monotonic() + 10
    while migrate._server(cloud, sid)['OS-EXT-STS:task_state']:
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_server_metadata(cloud):
    sid = actions._active_server(cloud)
    path = '/v2.1/servers/%s/metadata' % sid
    assert cloud.request('GET', path).json == {'metadata': {}}
    resp = cloud.request('POST', path, {'metadata': {'a': '1', 'b': '2'}})
    assert resp.status_int == 200, resp.text
    assert resp.json == {'metadata': {'a': '1', 'b': '2'}}
    resp = cloud.request('PUT', path + '/a', {'meta': {'a': 'x'}})
    assert resp.status_int == 200, resp.text
    assert cloud.request('GET', path + '/a').json == {'meta': {'a': 'x'}}
    resp = cloud.request('PUT', path + '/a', {'meta': {'z': 'x'}})
    assert resp.status_int == 400, resp.text
    resp = cloud.request('PUT', path, {'metadata': {'c': '3'}})
    assert resp.json == {'metadata': {'c': '3'}}
    assert cloud.request('DELETE', path + '/c').status_int == 204
    assert cloud.request('GET', path + '/c').status_int == 404
    assert cloud.request('DELETE', path + '/c').status_int == 404
    assert cloud.request('POST', path, {'metadata': 'x'}).status_int == 400
    assert cloud.request('GET', path, token='other:other').status_int == 404


def test_delete_of_an_offloaded_server_releases_its_ports(cloud):
    net_id = cloud.create_network('private', '10.8.0.0/24')
    sid = cloud.create_server(name='vm', networks=[{'uuid': net_id}])
    assert cloud.wait_for_status(sid, ('ACTIVE', 'ERROR'))['status'] == \
        'ACTIVE'
    assert actions._action(cloud, sid, {'shelve': None}).status_int == 202
    actions._settled(cloud, sid, ('SHELVED_OFFLOADED',))
    ports = cloud.ports(device_id=sid)
    assert len(ports) == 1 and ports[0]['binding:host_id'] == ''
    assert cloud.request('DELETE', '/v2.1/servers/%s' % sid).status_int == \
        204
    assert cloud.ports(device_id=sid) == []


def test_actions_refused_while_offloaded_or_busy(cloud):
    sid = actions._active_server(cloud)
    assert actions._action(cloud, sid, {'shelve': None}).status_int == 202
    actions._settled(cloud, sid, ('SHELVED_OFFLOADED',))
    for name, body, token in (
            ('rebuild', {'rebuild': {'imageRef': cloud.image_id}}, None),
            ('migrate', {'migrate': None}, ADMIN),
            ('resize', {'resize': {'flavorRef': 'm1.small'}}, None),
            ('reboot', {'reboot': {'type': 'SOFT'}}, None),
            ('stop', {'os-stop': None}, None),
            ('confirmResize', {'confirmResize': None}, None),
            ('revertResize', {'revertResize': None}, None)):
        actions._conflict(
            actions._action(cloud, sid, body, token=token or 'demo:demo'),
            name, sid, 'vm_state', 'shelved_offloaded')
    # busy: an unshelve under way refuses the next one
    instance = actions._instance(cloud, sid)
    instance.task_state = 'unshelving'
    instance.save()
    actions._conflict(actions._action(cloud, sid, {'unshelve': None}),
                      'unshelve', sid, 'task_state', 'unshelving')
    instance.task_state = None
    instance.save()
