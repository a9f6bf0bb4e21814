"""Server lifecycle actions through the REST API: stop, start, reboot,
rename, and the power state sync that notices a guest stopped by itself."""

import threading
import time

import pytest

from nova_lite.compute import states
from nova_lite import context as nl_context
from nova_lite.objects import instance as instance_obj

ADMIN = 'admin:admin'


def _action(cloud, sid, body, token='demo:demo', version=None):
    return cloud.request('POST', '/v2.1/servers/%s/action' % sid, body,
                         token=token, version=version)


def _active_server(cloud, name='vm'):
    sid = cloud.create_server(name=name)
    server = cloud.wait_for_status(sid, ('ACTIVE', 'ERROR'))
    assert server['status'] == 'ACTIVE', server
    return sid


def _settled(cloud, sid, statuses):
    """Wait for a status with no task state left."""
    deadline = time.monotonic() + 20
    while True:
        server = cloud.wait_for_status(sid, statuses)
        if server['OS-EXT-STS:task_state'] is None:
            return server
        assert time.monotonic() < deadline, server
        time.sleep(0.05)


def _compute(cloud, host):
    return next(s.manager for s in cloud.services
                if getattr(s.manager, 'host', None) == host and
                hasattr(s.manager, 'driver'))


def _conflict(resp, action, sid, attr, state):
    assert resp.status_int == 409, resp.text
    assert resp.json == {'conflictingRequest': {
        'code': 409,
        'message': "Cannot '%s' instance %s while it is in %s %s" % (
            action, sid, attr, state)}}


def test_stop_then_start(cloud):
    sid = _active_server(cloud)
    resp = _action(cloud, sid, {'os-stop': None})
    assert resp.status_int == 202, resp.text
    assert resp.body == b''
    server = _settled(cloud, sid, ('SHUTOFF',))
    assert server['OS-EXT-STS:vm_state'] == 'stopped'
    assert server['OS-EXT-STS:power_state'] == states.SHUTDOWN
    guest = _compute(cloud, server['OS-EXT-SRV-ATTR:host']).driver
    assert guest.get_info(_instance(cloud, sid)).state == states.SHUTDOWN

    resp = _action(cloud, sid, {'os-start': None})
    assert resp.status_int == 202, resp.text
    server = _settled(cloud, sid, ('ACTIVE',))
    assert server['OS-EXT-STS:vm_state'] == 'active'
    assert server['OS-EXT-STS:power_state'] == states.RUNNING
    assert guest.get_info(_instance(cloud, sid)).state == states.RUNNING


def _instance(cloud, sid):
    return instance_obj.Instance.get_by_uuid(cloud.admin, sid)


@pytest.mark.parametrize('kind, transitional', [('SOFT', 'REBOOT'),
                                                ('HARD', 'HARD_REBOOT'),
                                                ('soft', 'REBOOT')])
def test_reboot(cloud, monkeypatch, kind, transitional):
    sid = _active_server(cloud)
    driver = _compute(cloud, _instance(cloud, sid).host).driver
    release = threading.Event()
    calls = []
    real_reboot = driver.reboot

    def held_reboot(context, instance, reboot_type):
        calls.append(reboot_type)
        assert release.wait(20)
        real_reboot(context, instance, reboot_type)
    monkeypatch.setattr(driver, 'reboot', held_reboot)

    resp = _action(cloud, sid, {'reboot': {'type': kind}})
    assert resp.status_int == 202, resp.text
    # the guest reboots until released: the transitional status shows
    server = cloud.wait_for_status(sid, (transitional,))
    assert server['OS-EXT-STS:task_state'] in (
        'rebooting', 'reboot_started', 'rebooting_hard',
        'reboot_started_hard')
    release.set()
    server = _settled(cloud, sid, ('ACTIVE',))
    assert server['OS-EXT-STS:power_state'] == states.RUNNING
    assert calls == [kind.upper()]


def test_hard_reboot_starts_a_stopped_server(cloud):
    sid = _active_server(cloud)
    assert _action(cloud, sid, {'os-stop': None}).status_int == 202
    _settled(cloud, sid, ('SHUTOFF',))
    resp = _action(cloud, sid, {'reboot': {'type': 'HARD'}})
    assert resp.status_int == 202, resp.text
    server = _settled(cloud, sid, ('ACTIVE',))
    assert server['OS-EXT-STS:power_state'] == states.RUNNING


def test_refused_states(cloud):
    sid = _active_server(cloud)
    _conflict(_action(cloud, sid, {'os-start': None}), 'start', sid,
              'vm_state', 'active')
    assert _action(cloud, sid, {'os-stop': None}).status_int == 202
    _settled(cloud, sid, ('SHUTOFF',))
    _conflict(_action(cloud, sid, {'os-stop': None}), 'stop', sid,
              'vm_state', 'stopped')
    _conflict(_action(cloud, sid, {'reboot': {'type': 'SOFT'}}), 'reboot',
              sid, 'vm_state', 'stopped')


def test_refused_while_a_task_runs(cloud):
    sid = _active_server(cloud)
    instance = _instance(cloud, sid)
    instance.task_state = states.REBOOTING
    instance.save()
    _conflict(_action(cloud, sid, {'os-stop': None}), 'stop', sid,
              'task_state', 'rebooting')
    _conflict(_action(cloud, sid, {'reboot': {'type': 'SOFT'}}), 'reboot',
              sid, 'task_state', 'rebooting')
    instance.task_state = None
    instance.save()


def test_refused_while_building(make_cloud):
    cloud = make_cloud(**{'fake_driver.spawn_delay': 1.0})
    sid = cloud.create_server()
    resp = _action(cloud, sid, {'os-stop': None})
    assert resp.status_int == 409, resp.text
    assert resp.json['conflictingRequest']['message'].startswith(
        "Cannot 'stop' instance %s while it is in " % sid)
    cloud.wait_for_status(sid, ('ACTIVE',))


def test_error_server_can_be_stopped(cloud):
    sid = _active_server(cloud)
    instance = _instance(cloud, sid)
    instance.vm_state = states.ERROR
    instance.save()
    assert _action(cloud, sid, {'os-stop': None}).status_int == 202
    server = _settled(cloud, sid, ('SHUTOFF',))
    assert server['OS-EXT-STS:power_state'] == states.SHUTDOWN


@pytest.mark.parametrize('body', [
    {},
    {'os-stop': {}},
    {'os-start': 'now'},
    {'reboot': {}},
    {'reboot': {'type': 'WARM'}},
    {'reboot': {'type': 'HARD', 'force': True}},
    {'os-stop': None, 'os-start': None},
    {'os-nonsense': None},
])
def test_bad_action_bodies(cloud, body):
    sid = _active_server(cloud)
    resp = _action(cloud, sid, body)
    assert resp.status_int == 400, resp.text
    assert resp.json['badRequest']['code'] == 400
    assert _instance(cloud, sid).task_state is None


def test_reboot_type_message_is_novas(cloud):
    sid = _active_server(cloud)
    resp = _action(cloud, sid, {'reboot': {'type': 'WARM'}})
    assert resp.json['badRequest']['message'].startswith(
        'Invalid input for field/attribute reboot/type. Value: WARM.')


def test_other_projects_server_is_not_found(cloud):
    sid = _active_server(cloud)
    for body in ({'os-stop': None}, {'reboot': {'type': 'HARD'}}):
        resp = _action(cloud, sid, body, token='other:other')
        assert resp.status_int == 404, resp.text
        assert resp.json['itemNotFound']['code'] == 404
    resp = cloud.request('PUT', '/v2.1/servers/%s' % sid,
                         {'server': {'name': 'mine'}}, token='other:other')
    assert resp.status_int == 404, resp.text
    # the admin may act on anyone's server
    assert _action(cloud, sid, {'os-stop': None}, token=ADMIN
                   ).status_int == 202
    _settled(cloud, sid, ('SHUTOFF',))


def test_unknown_server(cloud):
    resp = _action(cloud, '9d6f1fa8-0b7c-4a4a-9a8e-3e0a40ad2f1f',
                   {'os-stop': None})
    assert resp.status_int == 404, resp.text


def _race(cloud, sid, names):
    """Send the actions ``names`` at once; their responses, in order."""
    barrier = threading.Barrier(len(names))
    results = [None] * len(names)

    def act(index, name):
        barrier.wait()
        results[index] = _action(cloud, sid, {name: None})

    threads = [threading.Thread(target=act, args=item)
               for item in enumerate(names)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_concurrent_conflicting_actions_one_wins(cloud):
    sid = _active_server(cloud)
    # two stops race: one compare-and-swap wins, the other is a 409
    results = _race(cloud, sid, ['os-stop', 'os-stop'])
    assert sorted(r.status_int for r in results) == [202, 409], \
        [r.text for r in results]
    loser = next(r for r in results if r.status_int == 409)
    assert "Cannot 'stop' instance %s" % sid in \
        loser.json['conflictingRequest']['message']
    _settled(cloud, sid, ('SHUTOFF',))

    # start and stop race on a stopped server: exactly one 202
    results = _race(cloud, sid, ['os-start', 'os-stop'])
    assert sorted(r.status_int for r in results) == [202, 409], \
        [r.text for r in results]
    server = _settled(cloud, sid, ('ACTIVE', 'SHUTOFF'))
    winner = 'os-start' if results[0].status_int == 202 else 'os-stop'
    assert server['status'] == {'os-start': 'ACTIVE',
                                'os-stop': 'SHUTOFF'}[winner]


def test_rename(cloud):
    sid = _active_server(cloud, name='old')
    resp = cloud.request('PUT', '/v2.1/servers/%s' % sid,
                         {'server': {'name': 'new'}})
    assert resp.status_int == 200, resp.text
    server = resp.json['server']
    assert server['name'] == 'new'
    assert server['id'] == sid
    assert server['status'] == 'ACTIVE'
    assert 'OS-EXT-STS:vm_state' not in server
    assert 'description' not in server
    shown = cloud.request('GET', '/v2.1/servers/%s' % sid).json['server']
    assert shown['name'] == 'new'


def test_description_from_2_19(cloud):
    sid = _active_server(cloud)
    resp = cloud.request('PUT', '/v2.1/servers/%s' % sid,
                         {'server': {'description': 'web'}})
    assert resp.status_int == 400, resp.text
    resp = cloud.request('PUT', '/v2.1/servers/%s' % sid,
                         {'server': {'description': 'web'}},
                         version='2.19')
    assert resp.status_int == 200, resp.text
    assert resp.json['server']['description'] == 'web'
    resp = cloud.request('PUT', '/v2.1/servers/%s' % sid,
                         {'server': {'description': None}},
                         version='2.19')
    assert resp.status_int == 200, resp.text
    assert resp.json['server']['description'] is None


@pytest.mark.parametrize('body', [
    {},
    {'server': {'name': ''}},
    {'server': {'name': 'x' * 256}},
    {'server': {'flavorRef': 'm1.small'}},
    {'name': 'x'},
])
def test_bad_update_bodies(cloud, body):
    sid = _active_server(cloud)
    resp = cloud.request('PUT', '/v2.1/servers/%s' % sid, body,
                         version='2.19')
    assert resp.status_int == 400, resp.text


def test_power_sync_records_a_guest_stopped_on_its_own(cloud):
    sid = _active_server(cloud)
    server = cloud.request('GET', '/v2.1/servers/%s' % sid,
                           token=ADMIN).json['server']
    manager = _compute(cloud, server['OS-EXT-SRV-ATTR:host'])
    context = nl_context.get_admin_context()
    manager._sync_power_states(context)
    assert cloud.request('GET', '/v2.1/servers/%s' % sid
                         ).json['server']['status'] == 'ACTIVE'

    manager.driver.crash_guest(sid)
    manager._sync_power_states(context)
    server = cloud.request('GET', '/v2.1/servers/%s' % sid,
                           version='2.47').json['server']
    assert server['status'] == 'SHUTOFF'
    assert server['OS-EXT-STS:vm_state'] == 'stopped'
    assert server['OS-EXT-STS:power_state'] == states.SHUTDOWN
    # and it can be started again
    assert _action(cloud, sid, {'os-start': None}).status_int == 202
    _settled(cloud, sid, ('ACTIVE',))


def test_power_sync_leaves_busy_instances_alone(cloud):
    sid = _active_server(cloud)
    instance = _instance(cloud, sid)
    manager = _compute(cloud, instance.host)
    instance.task_state = states.REBOOTING
    instance.save()
    manager.driver.crash_guest(sid)
    manager._sync_power_states(nl_context.get_admin_context())
    instance = _instance(cloud, sid)
    assert instance.vm_state == states.ACTIVE
    assert instance.power_state == states.RUNNING
    instance.task_state = None
    instance.save()


def test_driver_failure_reverts_and_records_a_fault(cloud, monkeypatch):
    sid = _active_server(cloud)
    instance = _instance(cloud, sid)
    manager = _compute(cloud, instance.host)

    def broken(context, instance):
        raise RuntimeError('hypervisor unreachable')
    monkeypatch.setattr(manager.driver, 'power_off', broken)
    assert _action(cloud, sid, {'os-stop': None}).status_int == 202
    server = _settled(cloud, sid, ('ACTIVE',))
    assert server['OS-EXT-STS:vm_state'] == 'active'
    instance = instance_obj.Instance.get_by_uuid(cloud.admin, sid,
                                                 expected_attrs=['fault'])
    assert 'hypervisor unreachable' in instance.fault.message
    assert 'stop' in instance.fault.message


def test_power_sync_interval_option(make_cloud):
    cloud = make_cloud(**{'compute.sync_power_state_interval': -1})
    manager = _compute(cloud, 'compute1')
    assert '_sync_power_states' not in dict(manager._periodic_tasks)
