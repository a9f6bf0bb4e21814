"""Boots with ports: the VIF event wait, its options, and port lifecycle.

The fake driver plugs VIFs; its host's network agent reports them up to
the network service after ``[fake_driver] vif_plug_delay``; the network
service sends ``network-vif-plugged`` to the Compute API over loopback,
which casts it to the compute, where the build waits for it.
"""

import time

import pytest

ADMIN = 'admin:admin'
NET = '10.20.0.0/24'


def _wait_until(predicate, timeout=20, what='condition'):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        assert time.monotonic() < deadline, '%s never became true' % what
        time.sleep(0.05)


def _show(cloud, sid):
    resp = cloud.request('GET', '/v2.1/servers/%s' % sid, token=ADMIN,
                         version='2.47')
    assert resp.status_int == 200, resp.text
    return resp.json['server']


def _boot(cloud, net_id, name='vm', **extra):
    return cloud.create_server(name=name, networks=[{'uuid': net_id}],
                               **extra)


def _compute(cloud, host):
    return next(s for s in cloud.services
                if s.host == host and s.binary == 'nova-lite-compute')


def test_boot_waits_for_vif_plugged_then_active(make_cloud):
    cloud = make_cloud(**{'fake_driver.vif_plug_delay': 0.2})
    net_id = cloud.create_network('private', NET)
    sid = _boot(cloud, net_id)
    server = cloud.wait_for_status(sid, ('ACTIVE', 'ERROR'))
    assert server['status'] == 'ACTIVE', server
    ports = cloud.ports(device_id=sid)
    assert len(ports) == 1
    port = ports[0]
    assert port['status'] == 'ACTIVE'
    assert port['binding:host_id'] == server['OS-EXT-SRV-ATTR:host']
    assert port['device_owner'] == 'compute:nova'
    assert port['tenant_id'] == 'demo'
    ip = port['fixed_ips'][0]['ip_address']
    assert server['addresses'] == {'private': [{
        'version': 4, 'addr': ip, 'OS-EXT-IPS:type': 'fixed',
        'OS-EXT-IPS-MAC:mac_addr': port['mac_address']}]}
    listed = cloud.request('GET', '/v2.1/servers/detail')
    assert listed.json['servers'][0]['addresses'] == server['addresses']


def test_guest_is_paused_until_its_vifs_are_plugged(make_cloud):
    from nova_lite.compute import states
    cloud = make_cloud(**{'fake_driver.vif_plug_delay': 1.5})
    net_id = cloud.create_network('private', NET)
    sid = _boot(cloud, net_id)
    host = _wait_until(lambda: _show(cloud, sid)['OS-EXT-SRV-ATTR:host'],
                       what='host chosen')
    driver = _compute(cloud, host).manager.driver
    _wait_until(lambda: sid in driver.list_instances(), what='guest')
    assert _show(cloud, sid)['status'] == 'BUILD'
    assert driver._guests[sid].state == states.PAUSED
    assert cloud.wait_for_status(sid, ('ACTIVE', 'ERROR'))['status'] == \
        'ACTIVE'
    assert driver._guests[sid].state == states.RUNNING


def test_vifs_never_plugged_fatal_errors_with_fault(make_cloud):
    cloud = make_cloud(**{'fake_driver.plug_vifs': False,
                          'vif_plugging_timeout': 1,
                          'scheduler.max_attempts': 1})
    net_id = cloud.create_network('private', NET)
    sid = _boot(cloud, net_id)
    port_ids = _wait_until(lambda: [p['id'] for p in
                                    cloud.ports(device_id=sid)],
                           what='port created')
    started = time.monotonic()
    server = cloud.wait_for_status(sid, ('ACTIVE', 'ERROR'))
    assert server['status'] == 'ERROR', server
    assert time.monotonic() - started < 10
    details = server['fault']['details']
    assert 'network-vif-plugged-%s' % port_ids[0] in details, details
    assert 'Timed out' in details or 'timed out' in details, details
    # cleaned up: the port nova_lite created is gone, the guest too
    assert cloud.ports(device_id=sid) == []
    host_guests = [g for s in cloud.services
                   if s.binary == 'nova-lite-compute'
                   for g in s.manager.driver.list_instances()]
    assert sid not in host_guests


def test_vifs_never_plugged_not_fatal_goes_active(make_cloud):
    cloud = make_cloud(**{'fake_driver.plug_vifs': False,
                          'vif_plugging_timeout': 1,
                          'vif_plugging_is_fatal': False})
    net_id = cloud.create_network('private', NET)
    sid = _boot(cloud, net_id)
    server = cloud.wait_for_status(sid, ('ACTIVE', 'ERROR'))
    assert server['status'] == 'ACTIVE', server
    assert server['OS-EXT-STS:power_state'] == 1
    port = cloud.ports(device_id=sid)[0]
    assert port['status'] == 'DOWN'  # nobody plugged it
    assert server['addresses']['private'][0]['addr'] == \
        port['fixed_ips'][0]['ip_address']


def test_no_wait_when_timeout_is_zero(make_cloud):
    cloud = make_cloud(**{'fake_driver.plug_vifs': False,
                          'vif_plugging_timeout': 0})
    net_id = cloud.create_network('private', NET)
    sid = _boot(cloud, net_id)
    server = cloud.wait_for_status(sid, ('ACTIVE', 'ERROR'), timeout=5)
    assert server['status'] == 'ACTIVE', server


def _post_event(cloud, sid, port_id, status):
    return cloud.request('POST', '/v2.1/os-server-external-events', {
        'events': [{'name': 'network-vif-plugged', 'server_uuid': sid,
                    'tag': port_id, 'status': status}]}, token=ADMIN)


@pytest.mark.parametrize('fatal, expected', [(True, 'ERROR'),
                                             (False, 'ACTIVE')])
def test_failed_event_goes_to_the_error_callback(make_cloud, fatal,
                                                 expected):
    cloud = make_cloud(**{'fake_driver.plug_vifs': False,
                          'vif_plugging_timeout': 60,
                          'vif_plugging_is_fatal': fatal,
                          'scheduler.max_attempts': 1})
    net_id = cloud.create_network('private', NET)
    sid = _boot(cloud, net_id)
    port_id = _wait_until(lambda: [p['id'] for p in
                                   cloud.ports(device_id=sid)],
                          what='port created')[0]
    host = _wait_until(lambda: _show(cloud, sid)['OS-EXT-SRV-ATTR:host'])
    manager = _compute(cloud, host).manager
    _wait_until(lambda: manager.instance_events._waiters.get(sid),
                what='waiter prepared')
    started = time.monotonic()
    resp = _post_event(cloud, sid, port_id, 'failed')
    assert resp.status_int == 200, resp.text
    server = cloud.wait_for_status(sid, ('ACTIVE', 'ERROR'))
    assert time.monotonic() - started < 10  # not the 60 s timeout
    assert server['status'] == expected, server
    if fatal:
        assert 'network-vif-plugged-%s' % port_id in \
            server['fault']['details']
        assert 'failed' in server['fault']['details']


def test_delete_releases_ports_and_keeps_users_own(cloud):
    net_id = cloud.create_network('private', NET)
    status, body = cloud.neutron('POST', '/ports', {'port': {
        'network_id': net_id, 'name': 'mine'}}, token='demo:demo')
    assert status == 201, body
    own_port = body['port']
    sid = cloud.create_server(name='two-nics', networks=[
        {'port': own_port['id']}, {'uuid': net_id}])
    server = cloud.wait_for_status(sid, ('ACTIVE', 'ERROR'))
    assert server['status'] == 'ACTIVE', server
    ports = cloud.ports(device_id=sid)
    assert len(ports) == 2
    assert own_port['id'] in [p['id'] for p in ports]
    assert all(p['status'] == 'ACTIVE' for p in ports)
    assert len(server['addresses']['private']) == 2
    # in use now
    resp = cloud.request('POST', '/v2.1/servers', {'server': {
        'name': 'x', 'imageRef': cloud.image_id, 'flavorRef': 'm1.tiny',
        'networks': [{'port': own_port['id']}]}}, version='2.47')
    assert resp.status_int == 409, resp.text
    assert 'in use' in resp.json['conflictingRequest']['message']

    resp = cloud.request('DELETE', '/v2.1/servers/%s' % sid)
    assert resp.status_int == 204
    _wait_until(lambda: cloud.request(
        'GET', '/v2.1/servers/%s' % sid).status_int == 404, what='gone')
    assert cloud.ports(device_id=sid) == []
    status, body = cloud.neutron('GET', '/ports/%s' % own_port['id'])
    assert status == 200
    assert body['port']['device_id'] == ''
    assert body['port']['binding:host_id'] == ''
    assert body['port']['status'] == 'DOWN'


def test_network_requests_are_validated(cloud):
    net_id = cloud.create_network('private', NET)
    other = cloud.create_network('theirs', '10.30.0.0/24', shared=False)

    def post(networks, version='2.47', **extra):
        server = dict({'name': 'v', 'imageRef': cloud.image_id,
                       'flavorRef': 'm1.tiny'}, **extra)
        if networks is not None:
            server['networks'] = networks
        return cloud.request('POST', '/v2.1/servers', {'server': server},
                             version=version)

    missing = '3f1e2d4c-0000-4000-8000-000000000000'
    resp = post([{'uuid': missing}])
    assert resp.status_int == 400
    assert resp.json['badRequest']['message'] == \
        'Network %s could not be found.' % missing
    resp = post([{'uuid': other}])  # admin's private network
    assert resp.status_int == 400
    resp = post([{'port': missing}])
    assert resp.status_int == 400
    assert 'Port %s could not be found.' % missing in resp.text
    resp = post([{'uuid': 'not-a-uuid'}])
    assert resp.status_int == 400
    resp = post([{'uuid': net_id, 'fixed_ip': '10.20.0.50'}], max_count=2)
    assert resp.status_int == 400
    resp = post([{'uuid': net_id, 'fixed_ip': 'nope'}])
    assert resp.status_int == 400
    # one visible network: "auto" and (before 2.37) nothing pick it
    for networks, version in (('auto', '2.47'), (None, '2.1')):
        resp = post(networks, version=version)
        assert resp.status_int == 202, resp.text
        sid = resp.json['server']['id']
        server = cloud.wait_for_status(sid, ('ACTIVE', 'ERROR'))
        assert list(server['addresses']) == ['private'], server
    # a second shared network makes it ambiguous
    cloud.create_network('second', '10.40.0.0/24')
    resp = post('auto')
    assert resp.status_int == 409, resp.text
    assert 'Multiple possible networks' in resp.text
    # a fixed IP is honoured
    resp = post([{'uuid': net_id, 'fixed_ip': '10.20.0.77'}])
    assert resp.status_int == 202, resp.text
    server = cloud.wait_for_status(resp.json['server']['id'],
                                   ('ACTIVE', 'ERROR'))
    assert server['addresses']['private'][0]['addr'] == '10.20.0.77'
    resp = post([{'uuid': net_id, 'fixed_ip': '10.20.0.77'}])
    assert resp.status_int == 400, resp.text
    assert 'is already in use on instance %s' % server['id'] in resp.text
    resp = post([{'uuid': net_id, 'fixed_ip': '192.168.1.5'}])
    assert resp.status_int == 400, resp.text
    assert 'is not valid on network' in resp.text


def test_auto_without_any_network_is_refused(cloud):
    resp = cloud.request('POST', '/v2.1/servers', {'server': {
        'name': 'v', 'imageRef': cloud.image_id, 'flavorRef': 'm1.tiny',
        'networks': 'auto'}}, version='2.47')
    assert resp.status_int == 400, resp.text
    assert 'Unable to automatically allocate a network' in resp.text


def test_network_changed_refreshes_addresses(cloud):
    net_id = cloud.create_network('private', NET)
    sid = _boot(cloud, net_id)
    server = cloud.wait_for_status(sid, ('ACTIVE', 'ERROR'))
    assert server['addresses'], server
    port = cloud.ports(device_id=sid)[0]
    status, _body = cloud.neutron('DELETE', '/ports/%s' % port['id'])
    assert status == 204
    resp = cloud.request('POST', '/v2.1/os-server-external-events', {
        'events': [{'name': 'network-changed', 'server_uuid': sid}]},
        token=ADMIN)
    assert resp.status_int == 200, resp.text
    _wait_until(lambda: _show(cloud, sid)['addresses'] == {},
                what='addresses refreshed')


def test_reschedule_releases_ports_of_each_attempt(make_cloud):
    cloud = make_cloud(**{'fake_driver.fail_spawn_name_prefix': 'fail',
                          'scheduler.max_attempts': 2})
    net_id = cloud.create_network('private', NET)
    sid = _boot(cloud, net_id, name='fail-twice')
    server = cloud.wait_for_status(sid, ('ACTIVE', 'ERROR'))
    assert server['status'] == 'ERROR', server
    assert 'compute1' in server['fault']['details']
    assert 'compute2' in server['fault']['details']
    assert cloud.ports(device_id=sid) == []
    assert cloud.ports(network_id=net_id) == []
