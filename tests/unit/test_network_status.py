"""Port status transitions and the events they queue (rules only: the
outbox write is replaced by a list; the DB-backed path is functional)."""

import types

import pytest

from nova_lite.network import status


@pytest.fixture
def queued(monkeypatch):
    events = []
    monkeypatch.setattr(status.outbox, 'add',
                        lambda context, server, name, tag:
                        events.append((server, name, tag)))
    return events


def _port(state='DOWN', device_id='srv', owner='compute:nova'):
    return types.SimpleNamespace(id='port', status=state,
                                 device_id=device_id, device_owner=owner)


@pytest.mark.parametrize('old, new, event', [
    ('DOWN', 'ACTIVE', 'network-vif-plugged'),
    ('ACTIVE', 'DOWN', 'network-vif-unplugged'),
])
def test_transitions_queue_their_event(queued, old, new, event):
    port = _port(old)
    assert status.set_status(None, port, new) is True
    assert port.status == new
    assert queued == [('srv', event, 'port')]


@pytest.mark.parametrize('state', ['DOWN', 'ACTIVE'])
def test_no_change_no_event(queued, state):
    assert status.set_status(None, _port(state), state) is False
    assert queued == []


@pytest.mark.parametrize('device_id, owner', [
    ('', 'compute:nova'), ('srv', ''), ('srv', 'network:dhcp'),
])
def test_only_ports_of_servers_queue_events(queued, device_id, owner):
    port = _port('DOWN', device_id, owner)
    assert status.set_status(None, port, 'ACTIVE') is True
    assert port.status == 'ACTIVE'
    assert queued == []


def test_the_previous_server_hears_of_an_unbind(queued):
    port = _port('ACTIVE', device_id='', owner='')  # cleared by the update
    status.set_status(None, port, 'DOWN', 'old-srv', 'compute:az1')
    assert queued == [('old-srv', 'network-vif-unplugged', 'port')]


def test_deleting_a_server_port_queues_vif_deleted(queued):
    status.port_deleted(None, _port('ACTIVE'))
    status.port_deleted(None, _port('DOWN', device_id=''))
    assert queued == [('srv', 'network-vif-deleted', 'port')]
