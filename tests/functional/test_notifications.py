"""Versioned notifications on the ``versioned_notifications`` topic: a
listener on the (fake) transport receives Nova-shaped payloads for each
action."""

import threading
import time

import oslo_messaging as messaging
import pytest

from nova_lite import rpc
from tests.functional import test_server_actions as actions

ADMIN = 'admin:admin'


class _Endpoint:
    def __init__(self):
        self.received = []
        self.lock = threading.Lock()

    def _got(self, priority, publisher_id, event_type, payload):
        with self.lock:
            self.received.append((priority, publisher_id, event_type,
                                   payload))

    def info(self, ctxt, publisher_id, event_type, payload, metadata):
        self._got('INFO', publisher_id, event_type, payload)

    def error(self, ctxt, publisher_id, event_type, payload, metadata):
        self._got('ERROR', publisher_id, event_type, payload)

    def types(self):
        with self.lock:
            return [r[2] for r in self.received]

    def wait_for(self, *event_types):
        deadline = time.monotonic() + 10
        while not set(event_types) <= set(self.types()):
            assert time.monotonic() < deadline, (event_types, self.types())
            time.sleep(0.05)


def _enable(cloud):
    cloud.conf.set_override('driver', ['messagingv2'],
                            group='oslo_messaging_notifications')


def _listen(cloud, endpoint):
    transport = messaging.get_notification_transport(cloud.conf,
                                                     url='fake://')
    listener = messaging.get_notification_listener(
        transport, [messaging.Target(topic='versioned_notifications')],
        [endpoint], executor='threading')
    listener.start()
    return listener


def test_no_driver_sends_nothing(cloud):
    endpoint = _Endpoint()
    listener = _listen(cloud, endpoint)
    try:
        sid = actions._active_server(cloud)
        assert actions._action(cloud, sid,
                               {'os-stop': None}).status_int == 202
        actions._settled(cloud, sid, ('SHUTOFF',))
        time.sleep(0.5)
        assert endpoint.received == []
        # no driver: no notifier, so no payload is even built
        assert rpc.get_versioned_notifier('x') is None
    finally:
        listener.stop()
        listener.wait()


@pytest.fixture
def notified(cloud):
    _enable(cloud)
    endpoint = _Endpoint()
    transport = messaging.get_notification_transport(cloud.conf,
                                                     url='fake://')
    listener = messaging.get_notification_listener(
        transport, [messaging.Target(topic='versioned_notifications')],
        [endpoint], executor='threading')
    listener.start()
    try:
        yield cloud, endpoint
    finally:
        listener.stop()
        listener.wait()


def test_action_notifications(notified):
    cloud, endpoint = notified
    sid = actions._active_server(cloud)
    endpoint.wait_for('instance.create.start', 'instance.create.end')
    assert actions._action(cloud, sid, {'os-stop': None}).status_int == 202
    actions._settled(cloud, sid, ('SHUTOFF',))
    assert actions._action(cloud, sid, {'os-start': None}).status_int == 202
    actions._settled(cloud, sid, ('ACTIVE',))
    assert actions._action(cloud, sid, {'reboot': {
        'type': 'HARD'}}).status_int == 202
    actions._settled(cloud, sid, ('ACTIVE',))
    assert actions._action(cloud, sid, {'migrate': None},
                           token=ADMIN).status_int == 202
    actions._settled(cloud, sid, ('VERIFY_RESIZE',))
    assert actions._action(cloud, sid,
                           {'confirmResize': None}).status_int == 204
    actions._settled(cloud, sid, ('ACTIVE',))
    assert actions._action(cloud, sid, {'shelve': None}).status_int == 202
    actions._settled(cloud, sid, ('SHELVED_OFFLOADED',))
    assert actions._action(cloud, sid, {'unshelve': None}).status_int == 202
    actions._settled(cloud, sid, ('ACTIVE',))
    assert cloud.request('DELETE', '/v2.1/servers/%s' % sid).status_int == \
        204
    expected = []
    for action in ('power_off', 'power_on', 'reboot', 'resize_prep',
                   'resize', 'resize_finish', 'resize_confirm', 'shelve',
                   'shelve_offload', 'unshelve', 'delete'):
        expected += ['instance.%s.start' % action, 'instance.%s.end' % action]
    endpoint.wait_for(*expected)
    priority, publisher, _type, payload = next(
        r for r in endpoint.received if r[2] == 'instance.shelve.end')
    assert priority == 'INFO'
    assert publisher.startswith('nova-compute:compute')
    assert payload['nova_object.name'] == 'InstanceActionPayload'
    assert payload['nova_object.namespace'] == 'nova'
    assert payload['nova_object.version'] == '1.0'
    data = payload['nova_object.data']
    assert data['uuid'] == sid
    assert data['state'] == 'shelved'
    assert data['flavor']['nova_object.data']['name'] == 'm1.tiny'


def test_error_notifications(make_cloud):
    cloud = make_cloud(**{'fake_driver.fail_spawn_name_prefix': 'boom',
                          'scheduler.max_attempts': 1})
    _enable(cloud)
    endpoint = _Endpoint()
    transport = messaging.get_notification_transport(cloud.conf,
                                                     url='fake://')
    listener = messaging.get_notification_listener(
        transport, [messaging.Target(topic='versioned_notifications')],
        [endpoint], executor='threading')
    listener.start()
    try:
        sid = cloud.create_server(name='boom')
        cloud.wait_for_status(sid, ('ERROR',))
        endpoint.wait_for('instance.create.error', 'compute.exception')
        error = next(r for r in endpoint.received
                     if r[2] == 'instance.create.error')
        assert error[0] == 'ERROR'
        fault = error[3]['nova_object.data']['fault']['nova_object.data']
        assert fault['exception'] == 'InstanceBuildFailed'
    finally:
        listener.stop()
        listener.wait()
