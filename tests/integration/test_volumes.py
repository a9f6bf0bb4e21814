"""Block storage with real daemons: two ``nova-lite-volume`` hosts, the
``simple`` volume scheduler, RabbitMQ and PostgreSQL, driven by the
unmodified ``openstack`` CLI (python-openstackclient through openstacksdk's
block-storage proxy).

One stack for the module.  Each volume host reports 100 GiB; the simple
driver spreads by allocated GiB.
"""

import collections
import concurrent.futures
import json
import os

import pytest

from tests.integration import conftest

HOSTS = ('volume1', 'volume2')
SIZES = [1, 2, 3, 4] * 5  # 20 volumes, 50 GiB


@pytest.fixture(scope='module')
def cloud(tmp_path_factory):
    env = {'COMPUTE_HOSTS': 'compute1', 'VOLUME_HOSTS': ' '.join(HOSTS),
           'VOLUME_SCHEDULER_DRIVER': 'simple', 'VOLUME_CAPACITY_GB': '100'}
    # conductor, scheduler, network, compute1 in the Compute API's list
    with conftest.rest_cloud(tmp_path_factory, 4, env) as client:
        client.wait(lambda: len(_volume_services(client)) == 2,
                    what='two volume services up')
        # Cinder's default of 10 volumes a project is below the burst
        client.request('PUT', '/volume/v3/admin/os-quota-sets/admin',
                       {'quota_set': {'volumes': 50, 'snapshots': 10}},
                       expect=200)
        yield client


def _volume_services(client):
    resp = client.request('GET', '/volume/v3/admin/os-services', expect=200)
    return [s for s in resp.json()['services'] if s['state'] == 'up']


def _cli_json(client, *args):
    result = client.stack.openstack(*(args + ('-f', 'json')))
    return json.loads(result.stdout)


def _volumes(client):
    resp = client.request('GET', '/volume/v3/admin/volumes/detail'
                          '?all_tenants=1', expect=200)
    return {v['id']: v for v in resp.json()['volumes']}


def _wait_volumes(client, ids, statuses=('available', 'error')):
    return client.wait(
        lambda: (lambda vols: vols if all(
            vols.get(i, {}).get('status') in statuses for i in ids)
            else None)(_volumes(client)),
        timeout=120, what='volumes settled')


def _file(client, volume):
    return os.path.join(client.stack.data_dir, 'state', 'volumes',
                        volume['os-vol-host-attr:host'],
                        'volume-%s' % volume['id'])


def test_cli_burst_of_20_spreads_by_allocated_gb(cloud):
    def create(index):
        return _cli_json(cloud, 'volume', 'create', '--size',
                         str(SIZES[index]), 'burst-%d' % index)['id']

    with concurrent.futures.ThreadPoolExecutor(max_workers=10) as pool:
        ids = list(pool.map(create, range(len(SIZES))))
    vols = _wait_volumes(cloud, ids)
    assert {vols[i]['status'] for i in ids} == {'available'}
    allocated = collections.Counter()
    for i in ids:
        allocated[vols[i]['os-vol-host-attr:host']] += vols[i]['size']
    assert set(allocated) == set(HOSTS), allocated
    # fewest allocated GiB first: never more than one volume apart
    assert abs(allocated['volume1'] - allocated['volume2']) <= max(SIZES), \
        allocated
    listed = _cli_json(cloud, 'volume', 'list')
    assert {v['ID'] for v in listed} >= set(ids)
    shown = _cli_json(cloud, 'volume', 'show', ids[0])
    assert (shown['size'], shown['status']) == (SIZES[0], 'available')
    cloud.stack.openstack('volume', 'delete', *ids[10:])
    cloud.wait(lambda: not set(ids[10:]) & set(_volumes(cloud)),
               what='volumes deleted')
    for volume_id in ids[10:]:
        assert not os.path.exists(_file(cloud, vols[volume_id]))


def test_volume_from_snapshot_lands_on_its_host(cloud):
    source = _cli_json(cloud, 'volume', 'create', '--size', '1', 'snapsrc')
    host = _wait_volumes(cloud, [source['id']])[source['id']][
        'os-vol-host-attr:host']
    snap = _cli_json(cloud, 'volume', 'snapshot', 'create', '--volume',
                     source['id'], 'snap1')
    cloud.wait(lambda: _cli_json(cloud, 'volume', 'snapshot', 'show',
                                 snap['id'])['status'] == 'available',
               what='snapshot available')
    assert snap['id'] in {s['ID'] for s in _cli_json(
        cloud, 'volume', 'snapshot', 'list')}
    for _ in range(3):  # the scheduler would spread them; the host stays
        new = _cli_json(cloud, 'volume', 'create', '--snapshot', snap['id'],
                        '--size', '1', 'fromsnap')
        made = _wait_volumes(cloud, [new['id']])[new['id']]
        assert made['status'] == 'available', made
        assert made['os-vol-host-attr:host'] == host
        assert made['snapshot_id'] == snap['id']
        cloud.stack.openstack('volume', 'delete', new['id'])
    cloud.stack.openstack('volume', 'snapshot', 'delete', snap['id'])
    cloud.wait(lambda: snap['id'] not in {s['ID'] for s in _cli_json(
        cloud, 'volume', 'snapshot', 'list')}, what='snapshot deleted')


def test_bytes_written_come_back_in_the_clone(cloud):
    source = _cli_json(cloud, 'volume', 'create', '--size', '1', 'bytes')
    vol = _wait_volumes(cloud, [source['id']])[source['id']]
    payload = os.urandom(4096)
    with open(_file(cloud, vol), 'r+b') as f:
        f.seek(1024 * 1024)
        f.write(payload)
    clone = _cli_json(cloud, 'volume', 'create', '--source', source['id'],
                      '--size', '1', 'clone')
    made = _wait_volumes(cloud, [clone['id']])[clone['id']]
    assert made['status'] == 'available', made
    assert made['os-vol-host-attr:host'] == vol['os-vol-host-attr:host']
    with open(_file(cloud, made), 'rb') as f:
        f.seek(1024 * 1024)
        assert f.read(4096) == payload


def test_cli_attach_and_detach_across_daemons(cloud):
    """compute (no DB) <-> volume host over RabbitMQ: in-use, then back."""
    cloud.stack.openstack('server', 'create', '--flavor', 'm1.tiny',
                          '--image', 'cirros-fake', '--nic', 'none',
                          '--wait', 'vm-vol')
    volume = _cli_json(cloud, 'volume', 'create', '--size', '1', 'attach')
    _wait_volumes(cloud, [volume['id']])
    cloud.stack.openstack('server', 'add', 'volume', 'vm-vol',
                          volume['id'])
    attached = _wait_volumes(cloud, [volume['id']], ('in-use', 'available'))
    assert attached[volume['id']]['status'] == 'in-use', attached
    assert attached[volume['id']]['attachments'][0]['device'] == '/dev/vdb'
    result = cloud.stack.openstack('volume', 'delete', volume['id'],
                                   check=False)
    assert result.returncode != 0  # in use: 400
    cloud.stack.openstack('server', 'remove', 'volume', 'vm-vol',
                          volume['id'])
    _wait_volumes(cloud, [volume['id']], ('available',))
    cloud.stack.openstack('volume', 'delete', volume['id'])
