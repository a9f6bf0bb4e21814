"""Server lifecycle across two computes, as a user drives it: the
``openstack`` CLI against separate daemons on the real RabbitMQ.  Stop,
start, reboot, rebuild, migrate + confirm, shelve (offloaded) and
unshelve onto the other host; ``openstack server event list`` shows each
action; a notification listener on the broker receives the versioned
notifications of each."""

import json
import os
import threading

import oslo_messaging as messaging
from oslo_config import cfg
import pytest
import requests

from tests.integration import conftest

NOTIFYING = {'local.conf': '[oslo_messaging_notifications]\n'
                           'driver = messagingv2\n'}


class _Collector:
    def __init__(self):
        self.lock = threading.Lock()
        self.received = []

    def info(self, ctxt, publisher_id, event_type, payload, metadata):
        with self.lock:
            self.received.append((event_type, payload))

    def types_for(self, uuid):
        with self.lock:
            return [t for t, p in self.received
                    if p.get('nova_object.data', {}).get('uuid') == uuid]


@pytest.fixture(scope='module')
def cloud(tmp_path_factory):
    with conftest.rest_cloud(tmp_path_factory, 5,
                             local_confs=NOTIFYING) as client:
        yield client


@pytest.fixture(scope='module')
def notifications(cloud):
    """A listener on the deployment's vhost, topic
    ``versioned_notifications``, with the deployment's messaging options
    (its exchange is durable: devstack's amqp_durable_queues)."""
    conf = cfg.ConfigOpts()
    conf([], project='nova_lite_it', default_config_files=[os.path.join(
        cloud.stack.data_dir, 'etc', 'nova_lite.conf')])
    messaging.set_transport_defaults('nova_lite')
    transport = messaging.get_notification_transport(
        conf, url=cloud.stack.env['TRANSPORT_URL'])
    collector = _Collector()
    listener = messaging.get_notification_listener(
        transport, [messaging.Target(topic='versioned_notifications')],
        [collector], executor='threading')
    listener.start()
    try:
        yield collector
    finally:
        listener.stop()
        listener.wait()
        transport.cleanup()


def _host(cloud, sid):
    return cloud.server(sid)['OS-EXT-SRV-ATTR:host']


def _settled(cloud, sid, status):
    def done():
        server = cloud.server(sid)
        assert server['status'] != 'ERROR', server
        return server if server['status'] == status and \
            server['OS-EXT-STS:task_state'] is None else None
    return cloud.wait(done, timeout=60, what='%s %s' % (sid, status))


def test_lifecycle_across_two_computes(cloud, notifications):
    stack = cloud.stack
    sid = stack.openstack('server', 'create', '--flavor', 'm1.tiny',
                          '--image', 'cirros-fake', '--network', 'private',
                          '--wait', 'it-life', '-f', 'value', '-c',
                          'id').stdout.strip()
    stack.openstack('server', 'stop', sid)
    _settled(cloud, sid, 'SHUTOFF')
    stack.openstack('server', 'start', sid)
    _settled(cloud, sid, 'ACTIVE')
    stack.openstack('server', 'reboot', '--hard', '--wait', sid)
    _settled(cloud, sid, 'ACTIVE')
    stack.openstack('server', 'rebuild', '--image', 'cirros-fake',
                    '--wait', sid)
    _settled(cloud, sid, 'ACTIVE')

    source = _host(cloud, sid)
    stack.openstack('server', 'migrate', '--wait', sid)
    _settled(cloud, sid, 'VERIFY_RESIZE')
    dest = _host(cloud, sid)
    assert {source, dest} == {'compute1', 'compute2'}
    migrations = json.loads(stack.openstack('server', 'migration', 'list',
                                            '-f', 'json').stdout)
    assert [m['Status'] for m in migrations] == ['finished']
    stack.openstack('server', 'resize', 'confirm', sid)
    _settled(cloud, sid, 'ACTIVE')
    assert _host(cloud, sid) == dest
    # its port moved along
    ports = requests.get(stack.network_url + '/v2.0/ports?device_id=' + sid,
                         headers={'X-Auth-Token': 'admin:admin'},
                         timeout=30).json()['ports']
    assert [p['binding:host_id'] for p in ports] == [dest]

    stack.openstack('server', 'shelve', sid)
    _settled(cloud, sid, 'SHELVED_OFFLOADED')
    # the host it left is disabled: the unshelve is scheduled elsewhere
    stack.openstack('compute', 'service', 'set', '--disable', dest,
                    'nova-lite-compute')
    try:
        stack.openstack('server', 'unshelve', sid)
        _settled(cloud, sid, 'ACTIVE')
    finally:
        stack.openstack('compute', 'service', 'set', '--enable', dest,
                        'nova-lite-compute')
    assert _host(cloud, sid) == source

    events = json.loads(stack.openstack('server', 'event', 'list', sid,
                                        '-f', 'json').stdout)
    actions = [e['Action'] for e in events]
    assert sorted(actions) == sorted([
        'create', 'stop', 'start', 'reboot', 'rebuild', 'migrate',
        'confirmResize', 'shelve', 'unshelve']), actions

    expected = ['instance.%s.%s' % (action, phase) for action in (
        'create', 'power_off', 'power_on', 'reboot', 'rebuild',
        'resize_prep', 'resize', 'resize_finish', 'resize_confirm',
        'shelve', 'shelve_offload', 'unshelve') for phase in ('start',
                                                              'end')]
    cloud.wait(lambda: set(expected) <= set(notifications.types_for(sid)),
               timeout=30, what='notifications %s' % expected)
    got = notifications.types_for(sid)
    # in the order of the actions
    firsts = [got.index('instance.%s.start' % a) for a in (
        'create', 'power_off', 'power_on', 'reboot', 'rebuild',
        'resize_prep', 'resize_confirm', 'shelve', 'unshelve')]
    assert firsts == sorted(firsts), got
    stack.openstack('server', 'delete', '--wait', sid)
    cloud.wait(lambda: 'instance.delete.end' in
               notifications.types_for(sid), timeout=30,
               what='instance.delete.end')
