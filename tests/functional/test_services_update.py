"""os-services updates and deletes (Nova's forms before 2.53), admin only."""

import pytest

ADMIN = 'admin:admin'
COMPUTE = 'nova-lite-compute'


def _put(cloud, action, body, version=None, token=ADMIN):
    return cloud.request('PUT', '/v2.1/os-services/%s' % action, body,
                         token=token, version=version)


def _service(cloud, host, binary=COMPUTE):
    resp = cloud.request('GET', '/v2.1/os-services?host=%s' % host,
                         token=ADMIN, version='2.11')
    [service] = [s for s in resp.json['services'] if s['binary'] == binary]
    return service


def _hypervisor(cloud, name):
    resp = cloud.request('GET', '/v2.1/os-hypervisors/detail', token=ADMIN)
    [hypervisor] = [h for h in resp.json['hypervisors']
                    if h['hypervisor_hostname'] == name]
    return hypervisor


def test_disable_and_enable(cloud):
    target = {'host': 'compute1', 'binary': COMPUTE}
    resp = _put(cloud, 'disable', target)
    assert resp.status_int == 200, resp.text
    assert resp.json == {'service': {'host': 'compute1', 'binary': COMPUTE,
                                     'status': 'disabled'}}
    service = _service(cloud, 'compute1')
    assert (service['status'], service['disabled_reason']) == \
        ('disabled', None)
    assert _hypervisor(cloud, 'compute1')['status'] == 'disabled'
    assert _service(cloud, 'compute2')['status'] == 'enabled'

    resp = _put(cloud, 'enable', target)
    assert resp.status_int == 200, resp.text
    assert resp.json == {'service': {'host': 'compute1', 'binary': COMPUTE,
                                     'status': 'enabled'}}
    assert _service(cloud, 'compute1')['status'] == 'enabled'


def test_disable_log_reason(cloud):
    resp = _put(cloud, 'disable-log-reason',
                {'host': 'compute1', 'binary': COMPUTE,
                 'disabled_reason': 'maintenance'})
    assert resp.status_int == 200, resp.text
    assert resp.json == {'service': {
        'host': 'compute1', 'binary': COMPUTE, 'status': 'disabled',
        'disabled_reason': 'maintenance'}}
    assert _service(cloud, 'compute1')['disabled_reason'] == 'maintenance'
    hypervisor = _hypervisor(cloud, 'compute1')
    assert hypervisor['service']['disabled_reason'] == 'maintenance'

    # Enabling clears the reason.
    _put(cloud, 'enable', {'host': 'compute1', 'binary': COMPUTE})
    service = _service(cloud, 'compute1')
    assert (service['status'], service['disabled_reason']) == \
        ('enabled', None)


def test_disable_log_reason_needs_a_reason(cloud):
    resp = _put(cloud, 'disable-log-reason',
                {'host': 'compute1', 'binary': COMPUTE})
    assert resp.status_int == 400
    assert resp.json == {'badRequest': {
        'code': 400, 'message': 'Missing disabled reason field'}}


def test_force_down_and_up(cloud):
    target = {'host': 'compute1', 'binary': COMPUTE}
    resp = _put(cloud, 'force-down', dict(target, forced_down=True), '2.11')
    assert resp.status_int == 200, resp.text
    assert resp.json == {'service': {'host': 'compute1', 'binary': COMPUTE,
                                     'forced_down': True}}
    service = _service(cloud, 'compute1')
    assert (service['state'], service['forced_down']) == ('down', True)
    assert service['status'] == 'enabled'
    assert _hypervisor(cloud, 'compute1')['state'] == 'down'

    resp = _put(cloud, 'force-down', dict(target, forced_down='false'),
                '2.11')
    assert resp.status_int == 200, resp.text
    assert resp.json['service']['forced_down'] is False
    service = _service(cloud, 'compute1')
    assert (service['state'], service['forced_down']) == ('up', False)


def test_force_down_needs_2_11(cloud):
    target = {'host': 'compute1', 'binary': COMPUTE}
    resp = _put(cloud, 'force-down', target, '2.10')
    assert resp.status_int == 404
    assert resp.json == {'itemNotFound': {'code': 404,
                                          'message': 'Unknown action'}}
    # Nova validates the body first: before 2.11 ``forced_down`` is an
    # unknown property.
    resp = _put(cloud, 'force-down', dict(target, forced_down=True), '2.10')
    assert resp.status_int == 400
    assert "'forced_down' was unexpected" in resp.json['badRequest'][
        'message']
    resp = _put(cloud, 'force-down', target, '2.11')
    assert resp.status_int == 400
    assert resp.json['badRequest']['message'] == 'Missing forced_down field'


@pytest.mark.parametrize('body, version', [
    ({'host': 'compute1'}, None),
    ({'binary': COMPUTE}, None),
    ({'host': 'compute1', 'binary': COMPUTE, 'bogus': 1}, None),
    ({'host': 'bad host!', 'binary': COMPUTE}, None),
    ({'host': 'compute1', 'binary': ''}, None),
    ({'host': 'compute1', 'binary': COMPUTE, 'disabled_reason': ''}, None),
    ({'host': 'compute1', 'binary': COMPUTE, 'disabled_reason': 'x' * 256},
     None),
    ({'host': 'compute1', 'binary': COMPUTE, 'forced_down': 'maybe'},
     '2.11'),
])
def test_bad_bodies(cloud, body, version):
    resp = _put(cloud, 'disable', body, version)
    assert resp.status_int == 400, resp.text
    assert resp.json['badRequest']['code'] == 400
    assert _service(cloud, 'compute1')['status'] == 'enabled'


def test_missing_and_malformed_body(cloud):
    resp = cloud.request('PUT', '/v2.1/os-services/disable', token=ADMIN)
    assert resp.status_int == 400
    resp = cloud.request('PUT', '/v2.1/os-services/disable', raw=b'{nope',
                         token=ADMIN)
    assert resp.status_int == 400


def test_unknown_action_host_or_binary(cloud):
    target = {'host': 'compute1', 'binary': COMPUTE}
    resp = _put(cloud, 'reboot', target)
    assert resp.status_int == 404
    assert resp.json['itemNotFound']['message'] == 'Unknown action'
    resp = _put(cloud, 'disable', {'host': 'nowhere', 'binary': COMPUTE})
    assert resp.status_int == 404
    assert resp.json['itemNotFound']['message'] == \
        'Could not find binary nova-lite-compute on host nowhere.'
    # Only compute services can be updated, as in Nova.
    resp = _put(cloud, 'disable', {'host': 'scheduler1',
                                   'binary': 'nova-lite-scheduler'})
    assert resp.status_int == 400
    assert 'Only nova-lite-compute services can be updated' in \
        resp.json['badRequest']['message']


def test_members_are_forbidden(cloud):
    target = {'host': 'compute1', 'binary': COMPUTE}
    for action in ('enable', 'disable'):
        resp = _put(cloud, action, target, token='demo:demo')
        assert resp.status_int == 403
        assert resp.json['forbidden']['message'] == \
            "Policy doesn't allow os_compute_api:os-services:update to be " \
            "performed."
    service_id = _service(cloud, 'compute1')['id']
    resp = cloud.request('DELETE', '/v2.1/os-services/%d' % service_id)
    assert resp.status_int == 403
    assert 'os_compute_api:os-services:delete' in \
        resp.json['forbidden']['message']
    assert _service(cloud, 'compute1')['status'] == 'enabled'


def test_disabled_compute_gets_no_new_servers(cloud):
    resp = _put(cloud, 'disable-log-reason',
                {'host': 'compute1', 'binary': COMPUTE,
                 'disabled_reason': 'maintenance'})
    assert resp.status_int == 200, resp.text
    ids = [cloud.create_server(name='vm%d' % i) for i in range(4)]
    hosts = {cloud.wait_for_status(i, ('ACTIVE', 'ERROR'))[
        'OS-EXT-SRV-ATTR:host'] for i in ids}
    assert hosts == {'compute2'}


def test_delete_compute_service(cloud):
    server_id = cloud.create_server(name='pinned')
    host = cloud.wait_for_status(server_id, ('ACTIVE',))[
        'OS-EXT-SRV-ATTR:host']
    service_id = _service(cloud, host)['id']
    # Stop the compute first (as an operator would), so that its resource
    # tracker does not recreate the compute node.
    [compute] = [s for s in cloud.services
                 if s.binary == COMPUTE and s.host == host]
    compute.stop()

    resp = cloud.request('DELETE', '/v2.1/os-services/%d' % service_id,
                         token=ADMIN)
    assert resp.status_int == 409
    assert resp.json == {'conflictingRequest': {
        'code': 409, 'message': 'Unable to delete compute service that is '
                                'hosting instances. Migrate or delete the '
                                'instances first.'}}

    from nova_lite.objects import instance as instance_obj
    [instance] = instance_obj.InstanceList.get_by_host(cloud.admin, host)
    instance.destroy()  # its compute is stopped: no delete through the API

    resp = cloud.request('DELETE', '/v2.1/os-services/%d' % service_id,
                         token=ADMIN)
    assert resp.status_int == 204, resp.text
    assert resp.body == b''
    hosts = {s['host'] for s in cloud.request(
        'GET', '/v2.1/os-services?binary=%s' % COMPUTE,
        token=ADMIN).json['services']}
    assert host not in hosts
    names = {h['hypervisor_hostname'] for h in cloud.request(
        'GET', '/v2.1/os-hypervisors', token=ADMIN).json['hypervisors']}
    assert host not in names
    from nova_lite.objects import compute_node as node_obj
    assert len(node_obj.ComputeNodeList.get_all_by_host(cloud.admin,
                                                        host)) == 0

    resp = cloud.request('DELETE', '/v2.1/os-services/%d' % service_id,
                         token=ADMIN)
    assert resp.status_int == 404
    assert resp.json['itemNotFound']['message'] == \
        'Service %d not found.' % service_id


def test_delete_malformed_id(cloud):
    resp = cloud.request('DELETE', '/v2.1/os-services/compute1',
                         token=ADMIN)
    assert resp.status_int == 400
    assert resp.json == {'badRequest': {
        'code': 400, 'message': 'Invalid input received: id must be an '
                                'integer'}}
