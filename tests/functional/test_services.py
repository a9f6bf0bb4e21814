"""os-services: admins see every service and whether it is up."""


def test_admin_lists_services_up(cloud):
    resp = cloud.request('GET', '/v2.1/os-services', token='admin:admin',
                         version='2.11')
    assert resp.status_int == 200, resp.text
    services = {(s['binary'], s['host']): s for s in resp.json['services']}
    assert set(services) == {('nova-lite-conductor', 'conductor1'),
                             ('nova-lite-scheduler', 'scheduler1'),
                             ('nova-lite-compute', 'compute1'),
                             ('nova-lite-compute', 'compute2'),
                             ('nova-lite-network', 'network1')}
    for service in services.values():
        assert service['state'] == 'up', service
        assert service['status'] == 'enabled'
        assert service['forced_down'] is False
        assert service['updated_at']
    assert services[('nova-lite-compute', 'compute1')]['zone'] == 'nova'
    assert services[('nova-lite-conductor', 'conductor1')]['zone'] == \
        'internal'


def test_filters(cloud):
    resp = cloud.request('GET', '/v2.1/os-services?binary=nova-lite-compute',
                         token='admin:admin')
    assert sorted(s['host'] for s in resp.json['services']) == \
        ['compute1', 'compute2']
    assert 'forced_down' not in resp.json['services'][0]
    resp = cloud.request('GET', '/v2.1/os-services?host=compute2',
                         token='admin:admin')
    assert [s['binary'] for s in resp.json['services']] == \
        ['nova-lite-compute']


def test_member_is_forbidden(cloud):
    resp = cloud.request('GET', '/v2.1/os-services')
    assert resp.status_int == 403
    assert resp.json['forbidden']['code'] == 403


def test_heartbeats_count(cloud):
    from nova_lite.objects import service as service_obj
    import time
    before = service_obj.Service.get_by_host_and_binary(
        cloud.admin, 'compute1', 'nova-lite-compute').report_count
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        now = service_obj.Service.get_by_host_and_binary(
            cloud.admin, 'compute1', 'nova-lite-compute').report_count
        if now > before:
            break
        time.sleep(0.1)
    assert now > before


def test_functional_tier_runs_on_native_threads(cloud):
    # The daemons run on eventlet; this tier proves the same code runs on
    # native threads (nova_lite.monkey_patch is never called here).
    from oslo_service import backend
    from oslo_utils import eventletutils
    assert not eventletutils.is_monkey_patched('thread')
    assert backend.get_backend_type() == backend.BackendType.THREADING


def test_list_changed_since_includes_deletions(cloud):
    # The scheduler's host manager reads only what changed; a deleted
    # service or node must show up in that read, marked deleted.
    import datetime

    from nova_lite.objects import compute_node
    from nova_lite.objects import service as service_obj
    from nova_lite import utils

    since = utils.utcnow() - datetime.timedelta(seconds=1)
    admin = cloud.admin
    node = compute_node.ComputeNodeList.get_all_by_host(admin, 'compute2')[0]
    service = service_obj.Service.get_by_host_and_binary(
        admin, 'compute2', 'nova-lite-compute')
    node.destroy()
    service.destroy()
    nodes = compute_node.ComputeNodeList.get_all(admin, changed_since=since)
    assert [(n.host, n.deleted) for n in nodes
            if n.host == 'compute2'] == [('compute2', True)]
    services = service_obj.ServiceList.get_all(admin, changed_since=since)
    assert ('compute2', True) in [(s.host, s.deleted) for s in services]
    assert 'compute2' not in [s.host for s in
                              service_obj.ServiceList.get_all(admin)]
