"""Port status over RPC and the outbox; concurrent address allocation."""

import concurrent.futures

from nova_lite.network import rpcapi as network_rpcapi
from tests.fixtures import network as network_fixture

ADMIN = 'admin:admin'


def _server_port(net, network, host='compute1', server='srv-1'):
    return net.create('ports', {'network_id': network['id'],
                                'tenant_id': 'demo',
                                'device_id': server,
                                'device_owner': 'compute:nova',
                                'binding:host_id': host}, token=ADMIN)


def _port(net, port_id):
    return net.request('GET', '/v2.0/ports/%s' % port_id,
                       token=ADMIN).json['port']


def _events(net):
    return [(e['server_uuid'], e['name'], e['tag'], e['status'])
            for e in net.outbox()]


def test_device_up_and_down_from_the_bound_host(net):
    network, _subnet = net.network_with_subnet()
    port = _server_port(net, network)
    assert port['status'] == 'DOWN' and net.outbox() == []
    net.manager.update_device_up(net.admin, port_id=port['id'],
                                 host='compute1')
    after = _port(net, port['id'])
    assert after['status'] == 'ACTIVE'
    assert after['revision_number'] == port['revision_number'] + 1
    net.manager.update_device_up(net.admin, port_id=port['id'],
                                 host='compute1')  # no change, no event
    net.manager.update_device_down(net.admin, port_id=port['id'],
                                   host='compute1')
    assert _port(net, port['id'])['status'] == 'DOWN'
    assert _events(net) == [
        ('srv-1', 'network-vif-plugged', port['id'], 'completed'),
        ('srv-1', 'network-vif-unplugged', port['id'], 'completed')]


def test_reports_from_another_host_are_ignored(net):
    network, _subnet = net.network_with_subnet()
    port = _server_port(net, network)
    net.manager.update_device_up(net.admin, port_id=port['id'],
                                 host='compute2')
    assert _port(net, port['id'])['status'] == 'DOWN'
    net.manager.update_device_up(net.admin, port_id=port['id'],
                                 host='compute1')
    net.manager.update_device_down(net.admin, port_id=port['id'],
                                   host='compute2')
    assert _port(net, port['id'])['status'] == 'ACTIVE'
    assert [e[1] for e in _events(net)] == ['network-vif-plugged']
    # unknown ports are logged, not raised (a cast has nobody to tell)
    net.manager.update_device_up(net.admin, port_id='gone', host='x')


def test_ports_not_owned_by_a_server_send_no_events(net):
    network, _subnet = net.network_with_subnet()
    port = net.create('ports', {'network_id': network['id'],
                                'binding:host_id': 'compute1'},
                      token=ADMIN)
    net.manager.update_device_up(net.admin, port_id=port['id'],
                                 host='compute1')
    assert _port(net, port['id'])['status'] == 'ACTIVE'
    net.request('DELETE', '/v2.0/ports/%s' % port['id'], token=ADMIN)
    assert net.outbox() == []


def test_rebinding_and_unbinding_set_the_port_down(net):
    network, _subnet = net.network_with_subnet()
    port = _server_port(net, network)
    net.manager.update_device_up(net.admin, port_id=port['id'],
                                 host='compute1')
    # device_id/device_owner alone change nothing
    net.request('PUT', '/v2.0/ports/%s' % port['id'], {'port': {
        'device_owner': 'compute:az2'}}, token=ADMIN)
    assert _port(net, port['id'])['status'] == 'ACTIVE'
    moved = net.request('PUT', '/v2.0/ports/%s' % port['id'], {'port': {
        'binding:host_id': 'compute2'}}, token=ADMIN).json['port']
    assert moved['status'] == 'DOWN'
    net.manager.update_device_up(net.admin, port_id=port['id'],
                                 host='compute2')
    # unbind and release in one update: the old server hears of it
    released = net.request('PUT', '/v2.0/ports/%s' % port['id'], {'port': {
        'binding:host_id': '', 'device_id': '', 'device_owner': ''}},
        token=ADMIN).json['port']
    assert released['status'] == 'DOWN'
    assert [e[:2] for e in _events(net)] == [
        ('srv-1', 'network-vif-plugged'), ('srv-1', 'network-vif-unplugged'),
        ('srv-1', 'network-vif-plugged'), ('srv-1', 'network-vif-unplugged')]


def test_deleting_a_server_port_queues_vif_deleted(net):
    network, _subnet = net.network_with_subnet()
    port = _server_port(net, network)
    net.request('DELETE', '/v2.0/ports/%s' % port['id'], token=ADMIN)
    assert _events(net) == [('srv-1', 'network-vif-deleted', port['id'],
                             'completed')]


def test_device_up_over_rpc(net):
    network, _subnet = net.network_with_subnet()
    port = _server_port(net, network)
    net.start_daemon(sender=_NoSender())
    api = network_rpcapi.NetworkAPI(net.conf)
    api.update_device_up(net.admin, port['id'], 'compute1')
    network_fixture.wait_for(
        lambda: _port(net, port['id'])['status'] == 'ACTIVE',
        what='port ACTIVE')
    api.update_device_down(net.admin, port['id'], 'compute1')
    network_fixture.wait_for(
        lambda: _port(net, port['id'])['status'] == 'DOWN',
        what='port DOWN')
    assert [e[1] for e in _events(net)] == ['network-vif-plugged',
                                           'network-vif-unplugged']


class _NoSender:
    """Keeps the outbox for the test to read."""

    def start(self):
        pass

    def stop(self, graceful=False):
        pass

    def wait(self):
        pass


def _create_ports(net, network, count, workers=30):
    def create(_):
        return net.request('POST', '/v2.0/ports', {'port': {
            'network_id': network['id']}})
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        return list(pool.map(create, range(count)))


def test_concurrent_ports_get_distinct_addresses(net):
    network, _subnet = net.network_with_subnet(cidr='10.1.0.0/24')
    responses = _create_ports(net, network, 30)
    assert [r.status_int for r in responses] == [201] * 30
    ips = [r.json['port']['fixed_ips'][0]['ip_address'] for r in responses]
    macs = [r.json['port']['mac_address'] for r in responses]
    assert len(set(ips)) == 30 and len(set(macs)) == 30
    assert sorted(ips, key=lambda ip: int(ip.rsplit('.', 1)[1])) == [
        '10.1.0.%d' % i for i in range(2, 32)]


def test_concurrent_exhaustion_is_a_clean_409(net):
    network, _subnet = net.network_with_subnet(cidr='10.1.0.0/28')
    responses = _create_ports(net, network, 30)
    created = [r for r in responses if r.status_int == 201]
    refused = [r for r in responses if r.status_int != 201]
    assert len(created) == 13  # .2 to .14
    assert {r.status_int for r in refused} == {409}
    assert {r.json['NeutronError']['type'] for r in refused} == {
        'IpAddressGenerationFailure'}
    ips = {r.json['port']['fixed_ips'][0]['ip_address'] for r in created}
    assert len(ips) == 13
