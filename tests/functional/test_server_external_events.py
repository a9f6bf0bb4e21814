"""os-server-external-events through the REST API, to the compute hosts."""

from unittest import mock

import pytest

from nova_lite.compute import rpcapi as compute_rpcapi

ADMIN = 'admin:admin'
PATH = '/v2.1/os-server-external-events'
UNKNOWN = '3d9a1c4e-5b6f-4a7d-8e9f-0a1b2c3d4e5f'


def _post(cloud, events, token=ADMIN):
    return cloud.request('POST', PATH, {'events': events}, token=token)


def _active_on(cloud, host):
    sid = cloud.create_server(name='on-%s' % host, token=ADMIN,
                              availability_zone=':%s' % host)
    server = cloud.wait_for_status(sid, ('ACTIVE', 'ERROR'))
    assert server['status'] == 'ACTIVE', server
    assert server['OS-EXT-SRV-ATTR:host'] == host
    return sid


def _manager(cloud, host):
    return next(s.manager for s in cloud.services
                if getattr(s, 'binary', None) == 'nova-lite-compute' and
                s.host == host)


@pytest.mark.parametrize('body', [
    {},
    {'events': []},
    {'events': {}},
    {'events': [{'name': 'network-vif-plugged'}]},
    {'events': [{'server_uuid': UNKNOWN}]},
    {'events': [{'server_uuid': 'not-a-uuid',
                 'name': 'network-vif-plugged'}]},
    {'events': [{'server_uuid': UNKNOWN, 'name': 'volume-extended'}]},
    {'events': [{'server_uuid': UNKNOWN, 'name': 'network-changed',
                 'status': 'done'}]},
    {'events': [{'server_uuid': UNKNOWN, 'name': 'network-changed',
                 'tag': 'x' * 256}]},
    {'events': [{'server_uuid': UNKNOWN, 'name': 'network-changed',
                 'tag': 7}]},
    {'events': [{'server_uuid': UNKNOWN, 'name': 'network-changed',
                 'data': {}}]},
    {'events': [{'server_uuid': UNKNOWN, 'name': 'network-changed'}],
     'extra': 1},
])
def test_invalid_bodies_are_400(cloud, body):
    resp = cloud.request('POST', PATH, body, token=ADMIN)
    assert resp.status_int == 400, resp.text
    assert resp.json['badRequest']['code'] == 400
    assert resp.json['badRequest']['message']


def test_members_may_not_post_events(cloud):
    resp = _post(cloud, [{'server_uuid': UNKNOWN, 'name': 'network-changed'}],
                 token='demo:demo')
    assert resp.status_int == 403, resp.text
    assert 'os_compute_api:os-server-external-events:create' in \
        resp.json['forbidden']['message']


def test_no_known_server_is_404(cloud):
    resp = _post(cloud, [{'server_uuid': UNKNOWN,
                          'name': 'network-vif-plugged', 'tag': 'p1'}])
    assert resp.status_int == 404, resp.text
    assert resp.json == {'itemNotFound': {
        'code': 404, 'message': 'No instances found for any event'}}


def test_event_reaches_the_waiter_on_the_servers_host(cloud):
    sid = _active_on(cloud, 'compute1')
    registry = _manager(cloud, 'compute1').instance_events
    plugged = registry.prepare_for_event(sid, 'network-vif-plugged', 'p1')
    unplugged = registry.prepare_for_event(sid, 'network-vif-unplugged',
                                           None)
    events = [{'server_uuid': sid, 'name': 'network-vif-plugged',
               'status': 'failed', 'tag': 'p1'},
              {'server_uuid': sid, 'name': 'network-vif-unplugged'}]
    resp = _post(cloud, events)
    assert resp.status_int == 200, resp.text
    assert resp.json == {'events': [
        dict(events[0], code=200, status='completed'),
        dict(events[1], code=200, status='completed')]}

    event = plugged.wait(timeout=10)
    assert event is not None
    assert (event.instance_uuid, event.name, event.tag, event.status) == \
        (sid, 'network-vif-plugged', 'p1', 'failed')
    event = unplugged.wait(timeout=10)
    assert event is not None
    assert (event.name, event.tag, event.status) == \
        ('network-vif-unplugged', None, 'completed')
    assert len(registry) == 0
    # compute2 saw nothing
    assert len(_manager(cloud, 'compute2').instance_events) == 0


def test_unawaited_event_is_accepted_and_dropped(cloud):
    sid = _active_on(cloud, 'compute2')
    resp = _post(cloud, [{'server_uuid': sid, 'name': 'network-changed'},
                         {'server_uuid': sid,
                          'name': 'network-vif-deleted', 'tag': 'p9'}])
    assert resp.status_int == 200, resp.text
    assert [e['code'] for e in resp.json['events']] == [200, 200]
    # the compute stays healthy: a later event still finds its waiter
    registry = _manager(cloud, 'compute2').instance_events
    waiter = registry.prepare_for_event(sid, 'network-vif-plugged', 'p1')
    resp = _post(cloud, [{'server_uuid': sid, 'name': 'network-vif-plugged',
                          'tag': 'p1'}])
    assert resp.status_int == 200, resp.text
    assert waiter.wait(timeout=10).status == 'completed'


def test_server_without_host_is_422_and_mixed_is_207(cloud):
    active = _active_on(cloud, 'compute1')
    homeless = cloud.create_server(name='big', flavor='m1.huge')
    server = cloud.wait_for_status(homeless, ('ERROR', 'ACTIVE'))
    assert server['status'] == 'ERROR', server
    assert not server['OS-EXT-SRV-ATTR:host']

    resp = _post(cloud, [{'server_uuid': homeless,
                          'name': 'network-vif-plugged', 'tag': 'p1'}])
    assert resp.status_int == 404, resp.text

    waiter = _manager(cloud, 'compute1').instance_events.prepare_for_event(
        active, 'network-vif-plugged', 'p2')
    events = [{'server_uuid': homeless, 'name': 'network-vif-plugged',
               'tag': 'p1'},
              {'server_uuid': active, 'name': 'network-vif-plugged',
               'tag': 'p2', 'status': 'completed'},
              {'server_uuid': UNKNOWN, 'name': 'network-changed'}]
    resp = _post(cloud, events)
    assert resp.status_int == 207, resp.text
    assert resp.json == {'events': [
        dict(events[0], code=422, status='failed'),
        dict(events[1], code=200, status='completed'),
        dict(events[2], code=404, status='failed')]}
    assert waiter.wait(timeout=10).tag == 'p2'


def test_one_cast_per_host(cloud):
    first = _active_on(cloud, 'compute1')
    second = _active_on(cloud, 'compute1')
    third = _active_on(cloud, 'compute2')
    waiters = {}
    for sid, host in ((first, 'compute1'), (second, 'compute1'),
                      (third, 'compute2')):
        registry = _manager(cloud, host).instance_events
        for tag in ('a', 'b'):
            waiters[sid, tag] = registry.prepare_for_event(
                sid, 'network-vif-plugged', tag)

    real = compute_rpcapi.ComputeAPI.external_instance_event
    with mock.patch.object(compute_rpcapi.ComputeAPI,
                           'external_instance_event', autospec=True,
                           side_effect=real) as spy:
        resp = _post(cloud, [{'server_uuid': sid,
                              'name': 'network-vif-plugged', 'tag': tag}
                             for tag in ('a', 'b')
                             for sid in (first, second, third)])
    assert resp.status_int == 200, resp.text

    casts = {}
    for call in spy.call_args_list:
        host = call.kwargs['host']
        assert host not in casts, 'two casts to %s' % host
        casts[host] = ({i.uuid for i in call.kwargs['instances']},
                       sorted((e.instance_uuid, e.tag)
                              for e in call.kwargs['events']))
    assert casts == {
        'compute1': ({first, second},
                     sorted((s, t) for s in (first, second)
                            for t in ('a', 'b'))),
        'compute2': ({third}, [(third, 'a'), (third, 'b')]),
    }
    for (sid, tag), waiter in waiters.items():
        event = waiter.wait(timeout=10)
        assert event is not None, (sid, tag)
        assert (event.instance_uuid, event.tag) == (sid, tag)
