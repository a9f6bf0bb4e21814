"""The event sender against a fake Compute API on a real socket, through
keystoneauth's admin_token plugin as a noauth2 deployment configures it."""

import pytest

from nova_lite.network import notifier
from tests.fixtures import network as network_fixture

ADMIN = 'admin:admin'


@pytest.fixture
def compute_api():
    fake = network_fixture.FakeComputeAPI()
    try:
        yield fake
    finally:
        fake.stop()


def _plugged_port(net, server='srv-1'):
    """A server's port whose VIF came up: one event in the outbox."""
    network = net.request('GET', '/v2.0/networks?name=net',
                          token=ADMIN).json['networks']
    if network:
        network = network[0]
    else:
        network, _subnet = net.network_with_subnet()
    port = net.create('ports', {'network_id': network['id'],
                                'tenant_id': 'demo', 'device_id': server,
                                'device_owner': 'compute:nova',
                                'binding:host_id': 'compute1'}, token=ADMIN)
    net.manager.update_device_up(net.admin, port_id=port['id'],
                                 host='compute1')
    return port


def _expected(port, server='srv-1', name='network-vif-plugged'):
    return {'name': name, 'server_uuid': server, 'tag': port['id'],
            'status': 'completed'}


def test_retry_after_a_failure_then_delivery(net, compute_api):
    network_fixture.use_compute_api(net.conf, compute_api.url)
    compute_api.script = [(503, {'computeFault': {}})]
    port = _plugged_port(net)
    sender = notifier.EventSender(net.conf)
    assert sender.run_once() == 0.5   # 503: kept, back off
    assert len(net.outbox()) == 1
    assert sender.run_once() == net.conf.network.send_events_interval
    assert net.outbox() == []
    assert [r['path'] for r in compute_api.requests] == [
        '/v2.1/os-server-external-events'] * 2
    assert {r['token'] for r in compute_api.requests} == {'admin:admin'}
    assert compute_api.events == [_expected(port)] * 2


def test_unreachable_compute_api_keeps_events(net, compute_api):
    network_fixture.use_compute_api(net.conf, compute_api.url)
    compute_api.stop()  # nobody listens there any more
    _plugged_port(net)
    sender = notifier.EventSender(net.conf)
    assert sender.run_once() == 0.5
    assert sender.run_once() == 1.0
    assert len(net.outbox()) == 1


def test_207_drops_events_for_unknown_servers(net, compute_api):
    network_fixture.use_compute_api(net.conf, compute_api.url)
    known = _plugged_port(net, server='srv-known')
    gone = _plugged_port(net, server='srv-gone')
    compute_api.script = [(207, {'events': [
        dict(_expected(known, 'srv-known'), code=200),
        dict(_expected(gone, 'srv-gone'), code=404)]})]
    assert notifier.EventSender(net.conf).send_pending() == notifier.SENT
    assert net.outbox() == []


def test_the_running_sender_delivers_and_survives_a_restart(net,
                                                            compute_api):
    network_fixture.use_compute_api(net.conf, compute_api.url)
    net.conf.set_override('send_events_interval', 0.05, group='network')
    compute_api.script = [(500, None)]
    sender = notifier.EventSender(net.conf)
    sender.start()
    try:
        first = _plugged_port(net, server='srv-1')
        network_fixture.wait_for(lambda: not net.outbox(),
                                 what='first event delivered')
    finally:
        sender.stop()
    assert compute_api.events == [_expected(first, 'srv-1')] * 2
    # events queued while no sender runs go at the next start
    second = _plugged_port(net, server='srv-2')
    assert len(net.outbox()) == 1
    sender = notifier.EventSender(net.conf)
    sender.start()
    try:
        network_fixture.wait_for(lambda: not net.outbox(),
                                 what='queued event delivered')
    finally:
        sender.stop()
    assert compute_api.events[-1] == _expected(second, 'srv-2')


def test_the_daemon_sends_what_its_api_and_rpc_cause(net, compute_api):
    network_fixture.use_compute_api(net.conf, compute_api.url)
    net.conf.set_override('send_events_interval', 0.05, group='network')
    daemon = net.start_daemon()
    assert daemon.url.startswith('http://127.0.0.1:')
    port = _plugged_port(net)
    net.request('DELETE', '/v2.0/ports/%s' % port['id'], token=ADMIN)
    network_fixture.wait_for(lambda: len(compute_api.events) == 2,
                             what='two events delivered')
    assert compute_api.events == [
        _expected(port), _expected(port, name='network-vif-deleted')]
