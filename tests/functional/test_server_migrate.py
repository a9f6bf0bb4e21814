"""Cold migration and resize through the REST API: the flow across two
computes, confirm and revert with the resources of both hosts checked,
NoValidHost, the 409s, ``os-migrations``."""

import threading
import time

from nova_lite.compute import states
from nova_lite.objects import compute_node as node_obj
from nova_lite.objects import migration as migration_obj
from tests.functional import test_server_actions as actions

ADMIN = 'admin:admin'


def _usage(cloud, host):
    node = node_obj.ComputeNodeList.get_all_by_host(cloud.admin, host)[0]
    return node.memory_mb_used, node.vcpus_used, node.local_gb_used


def _baseline(cloud):
    return {h: _usage(cloud, h) for h in ('compute1', 'compute2')}


def _wait_usage(cloud, host, expected):
    deadline = time.monotonic() + 10
    while _usage(cloud, host) != expected:
        assert time.monotonic() < deadline, (host, _usage(cloud, host),
                                             expected)
        time.sleep(0.05)


def _plus(usage, ram, vcpus, disk):
    return (usage[0] + ram, usage[1] + vcpus, usage[2] + disk)


def _server(cloud, sid):
    return cloud.request('GET', '/v2.1/servers/%s' % sid,
                         token=ADMIN).json['server']


def test_migrate_confirm_moves_resources(cloud):
    base = _baseline(cloud)
    sid = actions._active_server(cloud)
    source = _server(cloud, sid)['OS-EXT-SRV-ATTR:host']
    dest = 'compute2' if source == 'compute1' else 'compute1'
    _wait_usage(cloud, source, _plus(base[source], 512, 1, 1))

    resp = actions._action(cloud, sid, {'migrate': None}, token=ADMIN)
    assert resp.status_int == 202, resp.text
    server = actions._settled(cloud, sid, ('VERIFY_RESIZE',))
    assert server['OS-EXT-SRV-ATTR:host'] == dest
    assert server['OS-EXT-STS:vm_state'] == 'resized'
    # both hosts hold the server until it is confirmed
    _wait_usage(cloud, source, _plus(base[source], 512, 1, 1))
    _wait_usage(cloud, dest, _plus(base[dest], 512, 1, 1))
    guest = actions._compute(cloud, dest).driver
    assert guest.get_info(actions._instance(cloud, sid)).state == \
        states.RUNNING
    # the resource tracker's own recount agrees with the claims
    for host in (source, dest):
        actions._compute(cloud, host).update_available_resource(
            cloud.admin)
    _wait_usage(cloud, source, _plus(base[source], 512, 1, 1))
    _wait_usage(cloud, dest, _plus(base[dest], 512, 1, 1))

    migrations = cloud.request('GET', '/v2.1/os-migrations', token=ADMIN,
                               version='2.23').json['migrations']
    assert len(migrations) == 1
    assert migrations[0]['status'] == 'finished'
    assert migrations[0]['migration_type'] == 'migration'
    assert (migrations[0]['source_compute'],
            migrations[0]['dest_compute']) == (source, dest)
    assert migrations[0]['instance_uuid'] == sid

    resp = actions._action(cloud, sid, {'confirmResize': None})
    assert resp.status_int == 204, resp.text
    server = actions._settled(cloud, sid, ('ACTIVE',))
    assert server['OS-EXT-SRV-ATTR:host'] == dest
    _wait_usage(cloud, source, base[source])
    _wait_usage(cloud, dest, _plus(base[dest], 512, 1, 1))
    assert sid not in actions._compute(cloud, source).driver.list_instances()
    migration = migration_obj.MigrationList.get_by_filters(
        cloud.admin, {'instance_uuid': sid})[0]
    assert migration.status == 'confirmed'
    events = _events(cloud, sid, 'migrate')
    assert {'conductor_migrate_server', 'compute_prep_resize',
            'compute_resize_instance', 'compute_finish_resize'} <= events
    assert 'compute_confirm_resize' in _events(cloud, sid, 'confirmResize')


def _events(cloud, sid, action):
    actions_list = cloud.request(
        'GET', '/v2.1/servers/%s/os-instance-actions' % sid,
        token=ADMIN).json['instanceActions']
    request_id = next(a['request_id'] for a in actions_list
                      if a['action'] == action)
    deadline = time.monotonic() + 10
    while True:
        body = cloud.request(
            'GET', '/v2.1/servers/%s/os-instance-actions/%s' % (
                sid, request_id), token=ADMIN).json['instanceAction']
        if all(e['finish_time'] for e in body['events']):
            break
        assert time.monotonic() < deadline, body
        time.sleep(0.05)
    assert all(e['result'] == 'Success' for e in body['events']), body
    return {e['event'] for e in body['events']}


def test_resize_revert_gives_resources_back(cloud):
    base = _baseline(cloud)
    sid = actions._active_server(cloud)
    source = _server(cloud, sid)['OS-EXT-SRV-ATTR:host']
    dest = 'compute2' if source == 'compute1' else 'compute1'

    resp = actions._action(cloud, sid, {'resize': {'flavorRef': 'm1.small'}})
    assert resp.status_int == 202, resp.text
    server = actions._settled(cloud, sid, ('VERIFY_RESIZE',))
    assert server['OS-EXT-SRV-ATTR:host'] == dest
    _wait_usage(cloud, source, _plus(base[source], 512, 1, 1))
    _wait_usage(cloud, dest, _plus(base[dest], 2048, 1, 20))

    resp = actions._action(cloud, sid, {'revertResize': None})
    assert resp.status_int == 202, resp.text
    server = actions._settled(cloud, sid, ('ACTIVE',))
    assert server['OS-EXT-SRV-ATTR:host'] == source
    _wait_usage(cloud, source, _plus(base[source], 512, 1, 1))
    _wait_usage(cloud, dest, base[dest])
    instance = actions._instance(cloud, sid)
    assert instance.flavor.flavorid == 'm1.tiny'
    assert actions._compute(cloud, source).driver.get_info(
        instance).state == states.RUNNING
    assert sid not in actions._compute(cloud, dest).driver.list_instances()
    assert migration_obj.MigrationList.get_by_filters(
        cloud.admin, {'instance_uuid': sid})[0].status == 'reverted'
    assert 'compute_revert_resize' in _events(cloud, sid, 'revertResize')


def test_resize_confirm_of_a_stopped_server_keeps_it_stopped(cloud):
    sid = actions._active_server(cloud)
    assert actions._action(cloud, sid, {'os-stop': None}).status_int == 202
    actions._settled(cloud, sid, ('SHUTOFF',))
    resp = actions._action(cloud, sid, {'resize': {'flavorRef': 'm1.small'}})
    assert resp.status_int == 202, resp.text
    server = actions._settled(cloud, sid, ('VERIFY_RESIZE',))
    assert server['OS-EXT-STS:power_state'] == states.SHUTDOWN
    resp = actions._action(cloud, sid, {'confirmResize': None})
    assert resp.status_int == 204, resp.text
    server = actions._settled(cloud, sid, ('SHUTOFF',))
    assert server['flavor']['original_name'] == 'm1.small'


def test_migrate_no_valid_host_is_400_and_server_stays(make_cloud):
    cloud = make_cloud()
    sid = actions._active_server(cloud)
    host = _server(cloud, sid)['OS-EXT-SRV-ATTR:host']
    other = 'compute2' if host == 'compute1' else 'compute1'
    resp = cloud.request('PUT', '/v2.1/os-services/disable', {
        'host': other, 'binary': 'nova-lite-compute'}, token=ADMIN)
    assert resp.status_int == 200, resp.text
    resp = actions._action(cloud, sid, {'migrate': None}, token=ADMIN)
    assert resp.status_int == 400, resp.text
    assert 'No valid host was found' in resp.json['badRequest']['message']
    server = _server(cloud, sid)
    assert server['status'] == 'ACTIVE'
    assert server['OS-EXT-STS:task_state'] is None
    assert server['OS-EXT-SRV-ATTR:host'] == host
    assert len(migration_obj.MigrationList.get_by_filters(
        cloud.admin, {'instance_uuid': sid})) == 0
    # a resize too big for any host: 400 as well
    resp = actions._action(cloud, sid, {'resize': {'flavorRef': 'm1.huge'}})
    assert resp.status_int == 400, resp.text
    assert _server(cloud, sid)['status'] == 'ACTIVE'


def test_refused_states_and_bad_input(cloud):
    sid = actions._active_server(cloud)
    actions._conflict(actions._action(cloud, sid, {'confirmResize': None}),
                      'confirmResize', sid, 'vm_state', 'active')
    actions._conflict(actions._action(cloud, sid, {'revertResize': None}),
                      'revertResize', sid, 'vm_state', 'active')
    resp = actions._action(cloud, sid, {'resize': {'flavorRef': 'm1.tiny'}})
    assert resp.status_int == 400, resp.text
    resp = actions._action(cloud, sid, {'resize': {'flavorRef': 'nope'}})
    assert resp.status_int == 400, resp.text
    resp = actions._action(cloud, sid, {'resize': {}})
    assert resp.status_int == 400, resp.text
    # migrate is for admins
    assert actions._action(cloud, sid, {'migrate': None}).status_int == 403
    assert cloud.request('GET', '/v2.1/os-migrations').status_int == 403
    # while it waits for confirm, it cannot be resized or stopped again
    assert actions._action(cloud, sid, {'migrate': None},
                           token=ADMIN).status_int == 202
    actions._settled(cloud, sid, ('VERIFY_RESIZE',))
    actions._conflict(actions._action(cloud, sid, {'migrate': None},
                                      token=ADMIN),
                      'migrate', sid, 'vm_state', 'resized')
    actions._conflict(actions._action(cloud, sid, {'os-stop': None}),
                      'stop', sid, 'vm_state', 'resized')


def test_confirm_and_revert_race_one_wins(cloud):
    sid = actions._active_server(cloud)
    assert actions._action(cloud, sid, {'migrate': None},
                           token=ADMIN).status_int == 202
    actions._settled(cloud, sid, ('VERIFY_RESIZE',))
    results = {}
    barrier = threading.Barrier(2)

    def act(name):
        barrier.wait()
        results[name] = actions._action(cloud, sid, {name: None}).status_int

    threads = [threading.Thread(target=act, args=(name,))
               for name in ('confirmResize', 'revertResize')]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()) in ([202, 409], [204, 409]), results
    actions._settled(cloud, sid, ('ACTIVE',))


def test_delete_of_a_resized_server_frees_both_hosts(cloud):
    base = _baseline(cloud)
    sid = actions._active_server(cloud)
    assert actions._action(cloud, sid, {'migrate': None},
                           token=ADMIN).status_int == 202
    actions._settled(cloud, sid, ('VERIFY_RESIZE',))
    assert cloud.request('DELETE', '/v2.1/servers/%s' % sid).status_int == \
        204
    for host in ('compute1', 'compute2'):
        _wait_usage(cloud, host, base[host])
        assert sid not in actions._compute(cloud, host).driver.\
            list_instances()


def test_moves_refused_while_computes_are_capped_below_1_3(make_cloud):
    cloud = make_cloud(**{'upgrade_levels.compute': '1.2'})
    sid = actions._active_server(cloud)
    for body, token in (({'migrate': None}, ADMIN),
                        ({'resize': {'flavorRef': 'm1.small'}}, 'demo:demo'),
                        ({'shelve': None}, 'demo:demo'),
                        ({'rebuild': {'imageRef': cloud.image_id}},
                         'demo:demo')):
        resp = actions._action(cloud, sid, body, token=token)
        assert resp.status_int == 409, resp.text
        assert '1.3' in resp.json['conflictingRequest']['message']
        server = _server(cloud, sid)
        assert (server['status'], server['OS-EXT-STS:task_state']) == \
            ('ACTIVE', None)
    # the power actions of 1.2 still work
    assert actions._action(cloud, sid, {'os-stop': None}).status_int == 202
    actions._settled(cloud, sid, ('SHUTOFF',))


def test_failed_finish_sets_error(make_cloud):
    cloud = make_cloud(**{'fake_driver.fail_spawn_name_prefix': 'boom'})
    base = _baseline(cloud)
    sid = actions._active_server(cloud, name='fine')
    source = _server(cloud, sid)['OS-EXT-SRV-ATTR:host']
    dest = 'compute2' if source == 'compute1' else 'compute1'
    # renamed: the destination's spawn fails now
    assert cloud.request('PUT', '/v2.1/servers/%s' % sid, {
        'server': {'name': 'boom'}}).status_int == 200
    assert actions._action(cloud, sid, {'migrate': None},
                           token=ADMIN).status_int == 202
    server = actions._settled(cloud, sid, ('ERROR',))
    assert 'finish_resize' in server['fault']['message']
    assert migration_obj.MigrationList.get_by_filters(
        cloud.admin, {'instance_uuid': sid})[0].status == 'error'
    # the record is on the destination now: it is counted there until
    # deleted
    assert server['OS-EXT-SRV-ATTR:host'] == dest
    _wait_usage(cloud, dest, _plus(base[dest], 512, 1, 1))
    # the failed step's event (which marks the action) is recorded as the
    # step ends, after the instance went to ERROR: wait for it
    deadline = time.monotonic() + 10
    while True:
        events = cloud.request(
            'GET', '/v2.1/servers/%s/os-instance-actions' % sid,
            token=ADMIN).json['instanceActions']
        assert events[0]['action'] == 'migrate'
        if events[0]['message'] == 'Error':
            break
        assert time.monotonic() < deadline, events[0]
        time.sleep(0.05)
    assert cloud.request('DELETE', '/v2.1/servers/%s' % sid).status_int == \
        204
    _wait_usage(cloud, dest, base[dest])
