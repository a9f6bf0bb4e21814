"""Ports and VIF events across real daemons: nova-lite-network, the API,
conductor, scheduler and two computes over RabbitMQ, on PostgreSQL.

compute1's agent reports a VIF up 0.2 s after the plug, compute2's after
3 s (time enough to take the Compute API down in between).
"""

import concurrent.futures
import os
import signal
import time

import pytest
import requests

from tests.integration import conftest

LOCAL = {
    'local.conf': '''[DEFAULT]
vif_plugging_timeout = 90
[fake_driver]
vif_plug_delay = 0.2
vcpus = 64
memory_mb = 65536
''',
    'local-compute-compute2.conf': '[fake_driver]\nvif_plug_delay = 3\n',
}
PROJECT = 'burst:burst'


@pytest.fixture(scope='module')
def cloud(tmp_path_factory):
    env = {'COMPUTE_HOSTS': 'compute1 compute2'}
    with conftest.rest_cloud(tmp_path_factory, 5, env, LOCAL) as client:
        client.nets = {}
        for name, cidr in (('net-a', '10.50.0.0/24'),
                           ('net-b', '10.60.0.0/24')):
            client.nets[name] = _create_network(client, name, cidr)
        yield client


def _neutron(cloud, method, path, body=None, token=PROJECT, expect=None):
    resp = requests.request(method, cloud.stack.network_url + '/v2.0' +
                            path, json=body, timeout=30,
                            headers={'X-Auth-Token': token})
    if expect is not None:
        assert resp.status_code == expect, (method, path, resp.text)
    return resp.json() if resp.content else None


def _create_network(cloud, name, cidr):
    net = _neutron(cloud, 'POST', '/networks', {'network': {'name': name}},
                   expect=201)['network']
    _neutron(cloud, 'POST', '/subnets', {'subnet': {
        'network_id': net['id'], 'cidr': cidr, 'ip_version': 4}},
        expect=201)
    return net['id']


def _ports(cloud, server_id):
    return _neutron(cloud, 'GET', '/ports?device_id=%s' % server_id,
                    token='admin:admin', expect=200)['ports']


def _boot(cloud, name, network, **extra):
    resp = cloud.request('POST', '/v2.1/servers', {'server': dict({
        'name': name, 'flavorRef': '1', 'imageRef': cloud.image,
        'networks': [{'uuid': network}]}, **extra)})
    assert resp.status_code == 202, resp.text
    return resp.json()['server']['id']


def _as(cloud, token):
    from tests.integration import rest
    client = rest.Client(cloud.base_url, token=token)
    client.image = cloud.image
    return client


def _settle(cloud, ids, timeout):
    """Wait until no server of ``ids`` is building; their bodies."""
    def done():
        servers = {s['id']: s for s in cloud.servers() if s['id'] in ids}
        if len(servers) == len(ids) and all(
                s['status'] in ('ACTIVE', 'ERROR') for s in
                servers.values()):
            return servers
        return None
    return cloud.wait(done, timeout=timeout, what='servers settled')


def _boot_burst(client, names_networks):
    with concurrent.futures.ThreadPoolExecutor(len(names_networks)) as pool:
        futures = [pool.submit(_boot, client, name, net)
                   for name, net in names_networks]
        return [f.result() for f in futures]


def test_twenty_concurrent_boots_on_two_networks(cloud):
    client = _as(cloud, PROJECT)
    plan = [('burst-%02d' % i, cloud.nets['net-a' if i % 2 else 'net-b'])
            for i in range(20)]
    started = time.monotonic()
    ids = _boot_burst(client, plan)
    servers = _settle(cloud, set(ids), timeout=120)
    elapsed = time.monotonic() - started
    errors = {s['name']: s.get('fault') for s in servers.values()
              if s['status'] != 'ACTIVE'}
    assert not errors, errors
    addresses = {}
    for sid, (name, net) in zip(ids, plan):
        server = servers[sid]
        label = 'net-a' if net == cloud.nets['net-a'] else 'net-b'
        assert list(server['addresses']) == [label], server['addresses']
        [entry] = server['addresses'][label]
        addresses[sid] = entry['addr']
        [port] = _ports(cloud, sid)
        assert port['status'] == 'ACTIVE'
        assert port['binding:host_id'] == server['OS-EXT-SRV-ATTR:host']
        assert port['fixed_ips'][0]['ip_address'] == entry['addr']
    assert len(set(addresses.values())) == 20
    print('20 boots with VIF events: all ACTIVE in %.1f s' % elapsed)
    cloud.delete_all()
    for sid in ids:
        assert _ports(cloud, sid) == []


def test_network_daemon_restart_mid_burst_leaves_nothing_stuck(cloud):
    stack = cloud.stack
    client = _as(cloud, PROJECT)
    plan = [('restart-%02d' % i, cloud.nets['net-a']) for i in range(20)]
    old_pid = stack.pid('network')
    ids = _boot_burst(client, plan)
    time.sleep(0.5)
    os.kill(old_pid, signal.SIGTERM)
    cloud.wait(lambda: not _alive(old_pid), timeout=30,
               what='network daemon stopped')
    time.sleep(1)
    stack.start()  # stack.sh starts what is not running
    assert stack.pid('network') != old_pid
    servers = _settle(cloud, set(ids), timeout=150)
    active = [s for s in servers.values() if s['status'] == 'ACTIVE']
    assert active, 'no server survived the restart'
    for server in active:
        ports = _ports(cloud, server['id'])
        assert ports and all(p['status'] == 'ACTIVE' for p in ports), ports
        assert server['addresses']
    for server in servers.values():
        if server['status'] == 'ERROR':
            assert server['fault']['message'], server
    cloud.delete_all()


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_events_are_retried_while_the_compute_api_is_down(cloud):
    stack = cloud.stack
    # compute2's agent reports 3 s after the plug: the ports go ACTIVE
    # while the API is down, and the events wait in the outbox.
    ids = [_boot(cloud, 'api-down-%d' % i, cloud.nets['net-a'],
                 availability_zone='nova:compute2') for i in range(3)]
    cloud.wait(lambda: all(_ports(cloud, sid) for sid in ids), timeout=60,
               what='ports bound')
    api_pid = stack.pid('api')
    os.kill(api_pid, signal.SIGTERM)
    cloud.wait(lambda: not _alive(api_pid), timeout=30, what='API stopped')
    down_at = time.monotonic()
    cloud.wait(lambda: all(p['status'] == 'ACTIVE' for sid in ids
                           for p in _ports(cloud, sid)), timeout=30,
               what='ports ACTIVE while the API is down')
    time.sleep(max(0.0, 5 - (time.monotonic() - down_at)))
    stack.start()
    servers = _settle(cloud, set(ids), timeout=120)
    assert all(s['status'] == 'ACTIVE' for s in servers.values()), \
        {s['name']: s.get('fault') for s in servers.values()}
    log = stack.log('network')
    assert 'retry' in log.lower(), log[-2000:]
    cloud.delete_all()
