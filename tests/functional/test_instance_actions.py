"""The timeline of a server through the REST API: os-instance-actions
(Nova's shapes up to 2.47) and nova_lite's timing extension."""

import time

import pytest

ADMIN = 'admin:admin'
BOOT_EVENTS = {'conductor_schedule_and_build_instances': 'conductor1',
               'scheduler_select_destinations': 'scheduler1'}


def _actions_path(sid, request_id=None):
    path = '/v2.1/servers/%s/os-instance-actions' % sid
    return path if request_id is None else '%s/%s' % (path, request_id)


def _get(cloud, path, token=ADMIN, version='2.47'):
    return cloud.request('GET', path, token=token, version=version)


def _boot(cloud, name='vm', token='demo:demo'):
    """Create a server; (server id, request id of the create)."""
    resp = cloud.request('POST', '/v2.1/servers', {'server': {
        'name': name, 'imageRef': cloud.image_id, 'flavorRef': 'm1.tiny',
        'networks': 'none'}}, token=token, version='2.47')
    assert resp.status_int == 202, resp.text
    return resp.json['server']['id'], resp.headers['x-openstack-request-id']


def _show(cloud, sid, request_id, names, token=ADMIN, query=''):
    """The action once every event of ``names`` is recorded finished."""
    deadline = time.monotonic() + 20
    while True:
        resp = _get(cloud, _actions_path(sid, request_id) + query)
        assert resp.status_int == 200, resp.text
        action = resp.json['instanceAction']
        done = {e['event'] for e in action['events'] if e['finish_time']}
        if set(names) <= done:
            break
        assert time.monotonic() < deadline, action
        time.sleep(0.05)
    if token == ADMIN:
        return action
    resp = _get(cloud, _actions_path(sid, request_id) + query, token=token)
    assert resp.status_int == 200, resp.text
    return resp.json['instanceAction']


def _action(cloud, sid, body):
    resp = cloud.request('POST', '/v2.1/servers/%s/action' % sid, body,
                         version='2.47')
    assert resp.status_int == 202, resp.text
    return resp.headers['x-openstack-request-id']


def _settled(cloud, sid, status):
    deadline = time.monotonic() + 20
    while True:
        server = cloud.wait_for_status(sid, (status,))
        if server['OS-EXT-STS:task_state'] is None:
            return server
        assert time.monotonic() < deadline, server
        time.sleep(0.05)


def test_boot_records_every_hop(cloud):
    sid, request_id = _boot(cloud)
    server = cloud.wait_for_status(sid, ('ACTIVE', 'ERROR'))
    assert server['status'] == 'ACTIVE', server
    compute_event = 'compute__do_build_and_run_instance'

    resp = _get(cloud, _actions_path(sid), token='demo:demo')
    assert resp.status_int == 200, resp.text
    [listed] = resp.json['instanceActions']
    assert listed == {'action': 'create', 'instance_uuid': sid,
                      'request_id': request_id, 'user_id': 'demo',
                      'project_id': 'demo', 'message': None,
                      'start_time': listed['start_time']}
    assert listed['start_time'].endswith('Z') is False

    action = _show(cloud, sid, request_id, list(BOOT_EVENTS) +
                   [compute_event])
    events = {e['event']: e for e in action['events']}
    assert set(events) == set(BOOT_EVENTS) | {compute_event}
    for event in events.values():
        assert set(event) == {'event', 'start_time', 'finish_time',
                              'result', 'traceback'}
        assert event['result'] == 'Success', event
        assert event['traceback'] is None
        assert event['start_time'] <= event['finish_time']
    # Nova lists events newest first
    starts = [e['start_time'] for e in action['events']]
    assert starts == sorted(starts, reverse=True)

    timed = _get(cloud, _actions_path(sid, request_id) + '?timing=1').json
    hops = timed['instanceAction']['nova_lite:timing']['hops']
    hosts = dict(BOOT_EVENTS, **{compute_event: server[
        'OS-EXT-SRV-ATTR:host']})
    assert [(h['event'], h['host'], h['result']) for h in hops] == [
        (name, hosts[name], 'Success') for name in (
            'conductor_schedule_and_build_instances',
            'scheduler_select_destinations', compute_event)]

    # Before 2.51 a project member sees the action but not its events.
    member = _get(cloud, _actions_path(sid, request_id), token='demo:demo')
    assert member.status_int == 200, member.text
    assert 'events' not in member.json['instanceAction']
    assert member.json['instanceAction']['request_id'] == request_id


@pytest.mark.parametrize('caps', [
    {'upgrade_levels.compute': '1.6'},
    {'upgrade_levels.scheduler': '1.1'},
    {'upgrade_levels.compute': '1.6', 'upgrade_levels.scheduler': '1.1'}])
def test_boot_events_before_the_hand_off(make_cloud, caps):
    # A compute capped below 1.7 cannot take the conductor's and the
    # scheduler's events with the build, a scheduler below 1.2 does not
    # hand its event back: each step writes its own, as before.
    cloud = make_cloud(**caps)
    sid, request_id = _boot(cloud)
    server = cloud.wait_for_status(sid, ('ACTIVE', 'ERROR'))
    assert server['status'] == 'ACTIVE', server
    compute_event = 'compute__do_build_and_run_instance'
    action = _show(cloud, sid, request_id, list(BOOT_EVENTS) +
                   [compute_event])
    hosts = dict(BOOT_EVENTS, **{compute_event: server[
        'OS-EXT-SRV-ATTR:host']})
    assert sorted((e['event'], e['result']) for e in action['events']) == \
        sorted((name, 'Success') for name in hosts)


def test_power_actions_and_delete_are_recorded(cloud):
    sid, create_id = _boot(cloud)
    assert cloud.wait_for_status(sid, ('ACTIVE', 'ERROR'))['status'] == \
        'ACTIVE'
    done = []
    for body, status, event in (
            ({'os-stop': None}, 'SHUTOFF', 'compute_stop_instance'),
            ({'os-start': None}, 'ACTIVE', 'compute_start_instance'),
            ({'reboot': {'type': 'SOFT'}}, 'ACTIVE',
             'compute_reboot_instance')):
        request_id = _action(cloud, sid, body)
        _settled(cloud, sid, status)
        action = _show(cloud, sid, request_id, [event])
        assert [(e['event'], e['result']) for e in action['events']] == [
            (event, 'Success')]
        done.append((action['action'], request_id))
    assert [a for a, _r in done] == ['stop', 'start', 'reboot']

    resp = cloud.request('DELETE', '/v2.1/servers/%s' % sid,
                         version='2.47')
    assert resp.status_int == 204, resp.text
    delete_id = resp.headers['x-openstack-request-id']
    # a deleted server's actions stay readable from 2.21 on
    action = _show(cloud, sid, delete_id, ['compute_terminate_instance'])
    assert action['action'] == 'delete'
    resp = _get(cloud, _actions_path(sid), token='demo:demo')
    assert resp.status_int == 200, resp.text
    listed = [(a['action'], a['request_id'])
              for a in resp.json['instanceActions']]
    assert listed == [('delete', delete_id)] + done[::-1] + [
        ('create', create_id)]
    resp = _get(cloud, _actions_path(sid), token='demo:demo',
                version='2.20')
    assert resp.status_int == 404, resp.text


def test_refused_action_records_nothing(cloud):
    sid, _request_id = _boot(cloud)
    cloud.wait_for_status(sid, ('ACTIVE',))
    resp = cloud.request('POST', '/v2.1/servers/%s/action' % sid,
                         {'os-start': None}, version='2.47')
    assert resp.status_int == 409, resp.text
    actions = _get(cloud, _actions_path(sid)).json['instanceActions']
    assert [a['action'] for a in actions] == ['create']


def test_failed_build_shows_the_error_to_admins_only(make_cloud):
    cloud = make_cloud(**{'fake_driver.fail_spawn_name_prefix': 'fail'})
    sid, request_id = _boot(cloud, name='fail-vm')
    assert cloud.wait_for_status(sid, ('ERROR', 'ACTIVE'))['status'] == \
        'ERROR'
    compute_event = 'compute__do_build_and_run_instance'
    action = _show(cloud, sid, request_id, [compute_event])
    builds = [e for e in action['events'] if e['event'] == compute_event]
    # one build per host tried, each failed with the driver's traceback
    assert len(builds) == 2, action
    for build in builds:
        assert build['result'] == 'Error'
        assert 'Traceback' in build['traceback']
        assert 'fake driver failure injected' in build['traceback']
    conductor = [e for e in action['events']
                 if e['event'] == 'conductor_schedule_and_build_instances']
    # the last pass found no attempt left and set ERROR
    assert sorted(e['result'] for e in conductor) == [
        'Error', 'Success', 'Success']
    assert action['message'] == 'Error'

    member = _get(cloud, _actions_path(sid), token='demo:demo')
    assert member.json['instanceActions'][0]['message'] == 'Error'
    shown = _get(cloud, _actions_path(sid, request_id) + '?timing=true',
                 token='demo:demo')
    assert shown.status_int == 200, shown.text
    body = shown.json['instanceAction']
    assert 'events' not in body
    assert 'Traceback' not in shown.text
    hops = body['nova_lite:timing']['hops']
    assert all('host' not in hop for hop in hops)
    assert [h['result'] for h in hops if h['event'] == compute_event] == \
        ['Error', 'Error']


def test_other_projects_and_unknown_requests_are_404(cloud):
    sid, request_id = _boot(cloud)
    cloud.wait_for_status(sid, ('ACTIVE',))
    message = 'Instance %s could not be found.' % sid
    for path in (_actions_path(sid), _actions_path(sid, request_id)):
        resp = _get(cloud, path, token='other:other')
        assert resp.status_int == 404, resp.text
        assert resp.json == {'itemNotFound': {'code': 404,
                                              'message': message}}
    resp = _get(cloud, _actions_path(sid, 'req-nope'), token='demo:demo')
    assert resp.status_int == 404, resp.text
    assert resp.json == {'itemNotFound': {
        'code': 404, 'message': 'Action req-nope not found'}}
    resp = _get(cloud, _actions_path('no-such-server'))
    assert resp.status_int == 404, resp.text


def test_timing_shows_where_a_slow_boot_went(make_cloud):
    cloud = make_cloud(**{'fake_driver.spawn_delay': 0.5})
    sid, request_id = _boot(cloud)
    cloud.wait_for_status(sid, ('ACTIVE',))
    compute_event = 'compute__do_build_and_run_instance'
    _show(cloud, sid, request_id, list(BOOT_EVENTS) + [compute_event])

    plain = _get(cloud, _actions_path(sid, request_id)).json
    assert 'nova_lite:timing' not in plain['instanceAction']
    timed = _get(cloud, _actions_path(sid, request_id) + '?timing=1').json
    action = timed['instanceAction']
    assert {k: v for k, v in action.items()
            if k != 'nova_lite:timing'} == plain['instanceAction']
    timing = action['nova_lite:timing']
    assert timing['unit'] == 'seconds'
    hops = {h['event']: h for h in timing['hops']}
    assert [h['service'] for h in timing['hops']] == [
        'conductor', 'scheduler', 'compute']
    offsets = [h['since_action_start'] for h in timing['hops']]
    assert offsets == sorted(offsets) and offsets[0] >= 0
    slow = hops[compute_event]
    assert slow['duration'] >= 0.5
    assert slow['duration'] > hops['scheduler_select_destinations'][
        'duration']
    assert timing['total'] >= slow['since_action_start'] + \
        slow['duration'] - 1e-6

    resp = _get(cloud, _actions_path(sid, request_id) + '?timing=maybe')
    assert resp.status_int == 400, resp.text
    assert resp.json['badRequest']['code'] == 400


def test_timing_shows_the_wait_for_the_network(make_cloud):
    """A boot with a port: the wait for ``network-vif-plugged`` is a hop
    of its own, inside the compute's build."""
    cloud = make_cloud(**{'fake_driver.vif_plug_delay': 0.4})
    net_id = cloud.create_network('private', '10.9.0.0/24')
    resp = cloud.request('POST', '/v2.1/servers', {'server': {
        'name': 'vm', 'imageRef': cloud.image_id, 'flavorRef': 'm1.tiny',
        'networks': [{'uuid': net_id}]}}, version='2.47')
    assert resp.status_int == 202, resp.text
    sid = resp.json['server']['id']
    request_id = resp.headers['x-openstack-request-id']
    assert cloud.wait_for_status(sid, ('ACTIVE', 'ERROR'))['status'] == \
        'ACTIVE'
    build, wait = 'compute__do_build_and_run_instance', \
        'compute_wait_for_vif_plugged'
    _show(cloud, sid, request_id, list(BOOT_EVENTS) + [build, wait])
    timed = _get(cloud, _actions_path(sid, request_id) + '?timing=1').json
    hops = {h['event']: h for h in
            timed['instanceAction']['nova_lite:timing']['hops']}
    assert hops[wait]['result'] == 'Success'
    assert hops[wait]['duration'] >= 0.3
    assert hops[wait]['since_action_start'] >= \
        hops[build]['since_action_start']
    assert hops[build]['duration'] >= hops[wait]['duration']
