"""os-hypervisors: admins see the compute nodes, their usage and state."""

import pytest

ADMIN = 'admin:admin'

BASIC_KEYS = {'id', 'hypervisor_hostname', 'state', 'status'}
# Nova's detail keys below microversion 2.53.
DETAIL_KEYS = BASIC_KEYS | {
    'vcpus', 'memory_mb', 'local_gb', 'vcpus_used', 'memory_mb_used',
    'local_gb_used', 'hypervisor_type', 'hypervisor_version', 'free_ram_mb',
    'free_disk_gb', 'current_workload', 'running_vms',
    'disk_available_least', 'host_ip', 'service', 'cpu_info'}
STATISTICS_KEYS = {
    'count', 'vcpus', 'memory_mb', 'local_gb', 'vcpus_used',
    'memory_mb_used', 'local_gb_used', 'free_ram_mb', 'free_disk_gb',
    'current_workload', 'running_vms', 'disk_available_least'}


def _get(cloud, path, version=None, token=ADMIN, status=200):
    resp = cloud.request('GET', '/v2.1/' + path, token=token,
                         version=version)
    assert resp.status_int == status, resp.text
    return resp.json


def _services(cloud):
    return {s['host']: s for s in _get(
        cloud, 'os-services?binary=nova-lite-compute')['services']}


def test_list(cloud):
    body = _get(cloud, 'os-hypervisors')
    assert set(body) == {'hypervisors'}
    hypervisors = body['hypervisors']
    assert [h['hypervisor_hostname'] for h in hypervisors] == \
        ['compute1', 'compute2']
    for hypervisor in hypervisors:
        assert set(hypervisor) == BASIC_KEYS
        assert isinstance(hypervisor['id'], int)
        assert hypervisor['state'] == 'up'
        assert hypervisor['status'] == 'enabled'


def test_detail_and_show(cloud):
    services = _services(cloud)
    detail = _get(cloud, 'os-hypervisors/detail')['hypervisors']
    assert len(detail) == 2
    for hypervisor in detail:
        assert set(hypervisor) == DETAIL_KEYS
        host = hypervisor['hypervisor_hostname']
        assert hypervisor['service'] == {
            'id': services[host]['id'], 'host': host,
            'disabled_reason': None}
        assert hypervisor['hypervisor_type'] == 'fake'
        assert hypervisor['free_ram_mb'] == \
            hypervisor['memory_mb'] - hypervisor['memory_mb_used']
        assert hypervisor['free_disk_gb'] == \
            hypervisor['local_gb'] - hypervisor['local_gb_used']
        show = _get(cloud, 'os-hypervisors/%d' % hypervisor['id'])
        assert show == {'hypervisor': hypervisor}


@pytest.mark.parametrize('version, cpu_info', [
    (None, '{}'), ('2.27', '{}'), ('2.28', {}), ('2.47', {})])
def test_cpu_info_is_a_string_before_2_28(cloud, version, cpu_info):
    detail = _get(cloud, 'os-hypervisors/detail', version)['hypervisors']
    assert [h['cpu_info'] for h in detail] == [cpu_info, cpu_info]
    first = detail[0]['id']
    show = _get(cloud, 'os-hypervisors/%d' % first, version)['hypervisor']
    assert show['cpu_info'] == cpu_info


def test_show_unknown_or_malformed_id(cloud):
    for hypervisor_id in ('999', 'compute1', 'search'):
        body = _get(cloud, 'os-hypervisors/%s' % hypervisor_id, status=404)
        assert body == {'itemNotFound': {
            'code': 404, 'message': "Hypervisor with ID '%s' could not be "
                                    "found." % hypervisor_id}}


def test_paging_from_2_33(cloud):
    ids = [h['id'] for h in _get(cloud, 'os-hypervisors')['hypervisors']]
    for collection in ('os-hypervisors', 'os-hypervisors/detail'):
        body = _get(cloud, collection + '?limit=1', '2.33')
        assert [h['id'] for h in body['hypervisors']] == ids[:1]
        [link] = body['hypervisors_links']
        assert link['rel'] == 'next'
        assert link['href'].startswith('http://localhost/v2.1/%s?' %
                                       collection)
        assert 'marker=%d' % ids[0] in link['href']
        body = _get(cloud, '%s?limit=1&marker=%d' % (collection, ids[0]),
                    '2.33')
        assert [h['id'] for h in body['hypervisors']] == ids[1:]
        body = _get(cloud, '%s?marker=%d' % (collection, ids[1]), '2.33')
        assert body == {'hypervisors': []}
        # Not a full page: no next link.
        body = _get(cloud, collection + '?limit=5', '2.33')
        assert len(body['hypervisors']) == 2
        assert 'hypervisors_links' not in body


def test_paging_parameters_ignored_before_2_33(cloud):
    body = _get(cloud, 'os-hypervisors?limit=1&marker=999', '2.32')
    assert len(body['hypervisors']) == 2
    assert 'hypervisors_links' not in body
    body = _get(cloud, 'os-hypervisors?limit=abc', '2.32')
    assert len(body['hypervisors']) == 2


def test_bad_paging_parameters(cloud):
    body = _get(cloud, 'os-hypervisors?marker=999', '2.33', status=400)
    assert body['badRequest']['message'] == 'marker [999] not found'
    body = _get(cloud, 'os-hypervisors/detail?marker=abc', '2.33',
                status=400)
    assert body['badRequest']['message'] == 'marker [abc] not found'
    body = _get(cloud, 'os-hypervisors?limit=-1', '2.33', status=400)
    assert body['badRequest']['code'] == 400
    # Other query parameters stay allowed (and ignored) before 2.53.
    body = _get(cloud, 'os-hypervisors?foo=bar', '2.33')
    assert len(body['hypervisors']) == 2


def test_statistics_count_enabled_hypervisors(cloud):
    detail = _get(cloud, 'os-hypervisors/detail')['hypervisors']
    stats = _get(cloud, 'os-hypervisors/statistics')['hypervisor_statistics']
    assert set(stats) == STATISTICS_KEYS
    assert stats['count'] == 2
    for key in STATISTICS_KEYS - {'count'}:
        assert stats[key] == sum(h[key] for h in detail), key

    resp = cloud.request('PUT', '/v2.1/os-services/disable',
                         {'host': 'compute1', 'binary': 'nova-lite-compute'},
                         token=ADMIN)
    assert resp.status_int == 200, resp.text
    stats = _get(cloud, 'os-hypervisors/statistics')['hypervisor_statistics']
    compute2 = [h for h in detail if h['hypervisor_hostname'] == 'compute2']
    assert stats['count'] == 1
    assert stats['vcpus'] == compute2[0]['vcpus']


def test_search(cloud):
    body = _get(cloud, 'os-hypervisors/compute/search')
    assert [h['hypervisor_hostname'] for h in body['hypervisors']] == \
        ['compute1', 'compute2']
    assert all(set(h) == BASIC_KEYS for h in body['hypervisors'])
    body = _get(cloud, 'os-hypervisors/UTE2/search')
    assert [h['hypervisor_hostname'] for h in body['hypervisors']] == \
        ['compute2']
    body = _get(cloud, 'os-hypervisors/nowhere/search', status=404)
    assert body['itemNotFound']['message'] == \
        "No hypervisor matching 'nowhere' could be found."


def test_servers(cloud):
    server_id = cloud.create_server(name='hv-vm')
    server = cloud.wait_for_status(server_id, ('ACTIVE',))
    host = server['OS-EXT-SRV-ATTR:host']
    body = _get(cloud, 'os-hypervisors/compute/servers')
    by_name = {h['hypervisor_hostname']: h for h in body['hypervisors']}
    assert by_name[host]['servers'] == [{
        'name': server['OS-EXT-SRV-ATTR:instance_name'],
        'uuid': server_id}]
    assert set(by_name[host]) == BASIC_KEYS | {'servers'}
    # Below 2.75 a hypervisor without servers has no "servers" key.
    other = ({'compute1', 'compute2'} - {host}).pop()
    assert set(by_name[other]) == BASIC_KEYS
    _get(cloud, 'os-hypervisors/nowhere/servers', status=404)


def test_members_are_forbidden(cloud):
    for path in ('os-hypervisors', 'os-hypervisors/detail',
                 'os-hypervisors/1', 'os-hypervisors/statistics',
                 'os-hypervisors/compute/search',
                 'os-hypervisors/compute/servers'):
        body = _get(cloud, path, token='demo:demo', status=403)
        assert body['forbidden']['code'] == 403, path
        assert 'os_compute_api:os-hypervisors:' in \
            body['forbidden']['message']


def test_forced_down_service_shows_hypervisor_down(cloud):
    resp = cloud.request('PUT', '/v2.1/os-services/force-down',
                         {'host': 'compute2', 'binary': 'nova-lite-compute',
                          'forced_down': True}, token=ADMIN, version='2.11')
    assert resp.status_int == 200, resp.text
    states = {h['hypervisor_hostname']: (h['state'], h['status'])
              for h in _get(cloud, 'os-hypervisors')['hypervisors']}
    assert states == {'compute1': ('up', 'enabled'),
                      'compute2': ('down', 'enabled')}


def test_uptime_is_not_supported_by_the_fake_driver(cloud):
    first = _get(cloud, 'os-hypervisors')['hypervisors'][0]['id']
    body = _get(cloud, 'os-hypervisors/%d/uptime' % first, status=501)
    assert body == {'notImplemented': {
        'code': 501,
        'message': 'The requested functionality is not supported.'}}
    _get(cloud, 'os-hypervisors/999/uptime', status=404)
    _get(cloud, 'os-hypervisors/%d/uptime' % first, token='demo:demo',
         status=403)
