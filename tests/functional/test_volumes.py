"""Block storage through the REST API, every service in this process."""

import datetime
import os
import time
from unittest import mock

import pytest
import sqlalchemy as sa

from nova_lite.conductor import volume_reconciler
from nova_lite.db import api as db_api
from nova_lite.db import models
from nova_lite import exception
from nova_lite.objects import volume as volume_obj
from nova_lite.objects import volume_quota
from nova_lite import utils
from nova_lite.volume import manager as volume_manager
from tests.fixtures import cloud as cloud_fixture

ADMIN = 'admin:admin'
DEMO = 'demo:demo'
V = '/volume/v3/demo'


@pytest.fixture
def vcloud(tmp_path):
    instance = cloud_fixture.Cloud(
        tmp_path, computes=('compute1',), volumes=('vol1', 'vol2'),
        **{'volume.capacity_gb': 100,
           'volume.volume_scheduler_driver': 'simple',
           'volume.max_gigabytes': 50})
    try:
        yield instance
    finally:
        instance.stop()


def _create(cloud, token=DEMO, project='demo', expect=202, **volume):
    resp = cloud.request('POST', '/volume/v3/%s/volumes' % project,
                         {'volume': volume}, token=token)
    assert resp.status_int == expect, resp.text
    return resp.json['volume'] if expect == 202 else resp


def _wait(cloud, volume_id, statuses, token=ADMIN, timeout=20):
    deadline = time.monotonic() + timeout
    while True:
        resp = cloud.request('GET', '%s/volumes/%s' % (V, volume_id),
                             token=token)
        assert resp.status_int == 200, resp.text
        if resp.json['volume']['status'] in statuses:
            return resp.json['volume']
        assert time.monotonic() < deadline, resp.json
        time.sleep(0.05)


def _wait_snapshot(cloud, snap_id, timeout=20):
    deadline = time.monotonic() + timeout
    while True:
        resp = cloud.request('GET', '%s/snapshots/%s' % (V, snap_id))
        if resp.json['snapshot']['status'] in ('available', 'error'):
            return resp.json['snapshot']
        assert time.monotonic() < deadline, resp.json
        time.sleep(0.05)


def _path(cloud, volume):
    return os.path.join(
        volume_manager.volumes_dir(cloud.conf,
                                   volume['os-vol-host-attr:host']),
        'volume-%s' % volume['id'])


def test_version_documents(vcloud):
    resp = vcloud.request('GET', '/volume/v3/')
    assert resp.status_int == 200
    assert resp.json['versions'][0]['id'] == 'v3.0'


def test_create_empty_list_show_update_delete(vcloud):
    vol = _create(vcloud, size=1, name='one')
    assert vol['status'] == 'creating' and vol['name'] == 'one'
    done = _wait(vcloud, vol['id'], ('available', 'error'))
    assert done['status'] == 'available', done
    assert done['os-vol-host-attr:host'] in ('vol1', 'vol2')
    assert os.path.getsize(_path(vcloud, done)) == 1024 ** 3
    resp = vcloud.request('GET', V + '/volumes')
    assert [v['id'] for v in resp.json['volumes']] == [vol['id']]
    resp = vcloud.request('GET', V + '/volumes/detail')
    assert resp.json['volumes'][0]['size'] == 1
    assert 'os-vol-host-attr:host' not in resp.json['volumes'][0]
    resp = vcloud.request('PUT', '%s/volumes/%s' % (V, vol['id']),
                          {'volume': {'name': 'renamed'}})
    assert resp.status_int == 200 and \
        resp.json['volume']['name'] == 'renamed'
    # another project does not see it
    resp = vcloud.request('GET', '/volume/v3/other/volumes/%s' % vol['id'],
                          token='u:other')
    assert resp.status_int == 404
    assert resp.json['itemNotFound']['code'] == 404
    resp = vcloud.request('DELETE', '%s/volumes/%s' % (V, vol['id']))
    assert resp.status_int == 202
    deadline = time.monotonic() + 20
    while vcloud.request('GET', '%s/volumes/%s' % (
            V, vol['id'])).status_int != 404:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert not os.path.exists(_path(vcloud, done))


def test_bad_input_is_400_and_writes_nothing(vcloud):
    for body in ({'size': 0}, {'size': 'x'}, {'bogus': 1}, {},
                 {'size': 1, 'snapshot_id': 'not-a-uuid'}):
        resp = _create(vcloud, expect=400, **body)
        assert 'badRequest' in resp.json, resp.json
    resp = _create(vcloud, expect=404, size=1,
                   source_volid='8f0b3c3e-6a52-4ff3-9a4e-2b8f5a3d7c11')
    resp = vcloud.request('GET', V + '/volumes')
    assert resp.json['volumes'] == []
    assert volume_quota.reservations(vcloud.admin, 'demo') == []


def test_snapshot_then_volume_keeps_bytes_and_host(vcloud):
    src = _wait(vcloud, _create(vcloud, size=1)['id'], ('available',))
    with open(_path(vcloud, src), 'r+b') as f:
        f.seek(4096)
        f.write(b'bytes through a snapshot')
    resp = vcloud.request('POST', V + '/snapshots', {'snapshot': {
        'volume_id': src['id'], 'name': 's1'}})
    assert resp.status_int == 202, resp.text
    snap = _wait_snapshot(vcloud, resp.json['snapshot']['id'])
    assert snap['status'] == 'available' and snap['size'] == 1
    new = _wait(vcloud, _create(vcloud, snapshot_id=snap['id'])['id'],
                ('available', 'error'))
    assert new['status'] == 'available', new
    assert new['os-vol-host-attr:host'] == src['os-vol-host-attr:host']
    assert new['snapshot_id'] == snap['id'] and new['size'] == 1
    with open(_path(vcloud, new), 'rb') as f:
        f.seek(4096)
        assert f.read(24) == b'bytes through a snapshot'
    # a volume with snapshots cannot go; the snapshot can
    resp = vcloud.request('DELETE', '%s/volumes/%s' % (V, src['id']))
    assert resp.status_int == 400
    resp = vcloud.request('DELETE', '%s/snapshots/%s' % (V, snap['id']))
    assert resp.status_int == 202


def test_clone_and_from_image(vcloud):
    src = _wait(vcloud, _create(vcloud, size=1)['id'], ('available',))
    with open(_path(vcloud, src), 'r+b') as f:
        f.write(b'clone me')
    clone = _wait(vcloud, _create(vcloud, source_volid=src['id'])['id'],
                  ('available', 'error'))
    assert clone['status'] == 'available', clone
    assert clone['os-vol-host-attr:host'] == src['os-vol-host-attr:host']
    with open(_path(vcloud, clone), 'rb') as f:
        assert f.read(8) == b'clone me'
    # image: write its file into the image store
    store = os.path.join(vcloud.conf.state_path, 'images')
    os.makedirs(store, exist_ok=True)
    with open(os.path.join(store, vcloud.image_id), 'wb') as f:
        f.write(b'IMAGE-BYTES')
    img = _wait(vcloud, _create(vcloud, size=1,
                                imageRef=vcloud.image_id)['id'],
                ('available', 'error'))
    assert img['status'] == 'available', img
    assert img['bootable'] == 'true'
    with open(_path(vcloud, img), 'rb') as f:
        assert f.read(11) == b'IMAGE-BYTES'


def test_no_valid_host_is_error_without_retry_loop(vcloud):
    vol = _create(vcloud, size=60)  # past max_gigabytes on every host
    done = _wait(vcloud, vol['id'], ('available', 'error'))
    assert done['status'] == 'error'
    assert done['os-vol-host-attr:host'] is None
    assert 'max_gigabytes 50' in done['status_reason']
    time.sleep(0.5)  # nothing keeps retrying it
    assert _wait(vcloud, vol['id'], ('error',))['updated_at'] == \
        done['updated_at']


def test_quota_exceeded_is_413_with_nothing_reserved(vcloud):
    resp = vcloud.request('PUT', V + '/os-quota-sets/demo',
                          {'quota_set': {'gigabytes': 3}}, token=ADMIN)
    assert resp.status_int == 200, resp.text
    _create(vcloud, size=2)
    resp = _create(vcloud, size=2, expect=413)
    assert resp.json['overLimit']['code'] == 413
    assert 'gigabytes' in resp.json['overLimit']['message']
    assert volume_quota.reservations(vcloud.admin, 'demo') == []
    resp = vcloud.request('GET', V + '/os-quota-sets/demo?usage=true')
    assert resp.json['quota_set']['gigabytes'] == {
        'limit': 3, 'in_use': 2, 'reserved': 0}
    assert vcloud.request('PUT', V + '/os-quota-sets/demo', {
        'quota_set': {'gigabytes': 9}}).status_int == 403


def _wait_volume_status(cloud, volume_id, status, timeout=20):
    return _wait(cloud, volume_id, (status,), timeout=timeout)


def test_attach_detach_and_in_use_delete(vcloud):
    sid = vcloud.create_server(name='vm')
    vcloud.wait_for_status(sid, ('ACTIVE',))
    vol = _wait(vcloud, _create(vcloud, size=1)['id'], ('available',))
    path = '/v2.1/servers/%s/os-volume_attachments' % sid
    resp = vcloud.request('POST', path, {'volumeAttachment': {
        'volumeId': vol['id']}})
    assert resp.status_int == 200, resp.text
    att = resp.json['volumeAttachment']
    assert att == {'id': vol['id'], 'volumeId': vol['id'],
                   'serverId': sid, 'device': '/dev/vdb'}
    done = _wait(vcloud, vol['id'], ('in-use', 'available'))
    assert done['status'] == 'in-use', done
    assert done['attachments'][0]['server_id'] == sid
    driver = next(s for s in vcloud.services
                  if s.binary == 'nova-lite-compute').manager.driver
    conn = driver.volumes[sid]['/dev/vdb']
    assert conn['data']['path'].endswith('volume-%s' % vol['id'])
    # a second attach of the same volume: not available
    resp = vcloud.request('POST', path, {'volumeAttachment': {
        'volumeId': vol['id']}})
    assert resp.status_int == 400, resp.text
    resp = vcloud.request('GET', path)
    assert [a['volumeId'] for a in resp.json['volumeAttachments']] == \
        [vol['id']]
    resp = vcloud.request('DELETE', '%s/volumes/%s' % (V, vol['id']))
    assert resp.status_int == 400
    assert 'attached' in resp.json['badRequest']['message']
    resp = vcloud.request('DELETE', '%s/%s' % (path, vol['id']))
    assert resp.status_int == 202, resp.text
    done = _wait(vcloud, vol['id'], ('available',))
    assert done['attachments'] == []
    assert driver.volumes[sid] == {}
    assert vcloud.request('GET', path).json['volumeAttachments'] == []
    resp = vcloud.request('DELETE', '%s/volumes/%s' % (V, vol['id']))
    assert resp.status_int == 202


def test_server_delete_gives_volumes_back(vcloud):
    sid = vcloud.create_server(name='vm')
    vcloud.wait_for_status(sid, ('ACTIVE',))
    vol = _wait(vcloud, _create(vcloud, size=1)['id'], ('available',))
    resp = vcloud.request('POST', '/v2.1/servers/%s/os-volume_attachments'
                          % sid, {'volumeAttachment': {
                              'volumeId': vol['id']}})
    assert resp.status_int == 200, resp.text
    _wait(vcloud, vol['id'], ('in-use',))
    assert vcloud.request('DELETE', '/v2.1/servers/%s' % sid).status_int \
        == 204
    done = _wait(vcloud, vol['id'], ('available',))
    assert done['attachments'] == []


def test_rebuilt_and_unshelved_guests_get_their_volumes_again(vcloud):
    from tests.functional import test_server_actions as actions
    sid = vcloud.create_server(name='vm')
    vcloud.wait_for_status(sid, ('ACTIVE',))
    vol = _wait(vcloud, _create(vcloud, size=1)['id'], ('available',))
    resp = vcloud.request('POST', '/v2.1/servers/%s/os-volume_attachments'
                          % sid, {'volumeAttachment': {
                              'volumeId': vol['id']}})
    assert resp.status_int == 200, resp.text
    _wait(vcloud, vol['id'], ('in-use',))
    driver = next(s for s in vcloud.services
                  if s.binary == 'nova-lite-compute').manager.driver
    attached = driver.volumes[sid]
    assert list(attached) == ['/dev/vdb']
    assert attached['/dev/vdb']['serial'] == vol['id']
    resp = actions._action(vcloud, sid, {'rebuild': {
        'imageRef': vcloud.image_id}})
    assert resp.status_int == 202, resp.text
    actions._settled(vcloud, sid, ('ACTIVE',))
    assert driver.volumes[sid] == attached  # a new guest, the same disk
    assert actions._action(vcloud, sid, {'shelve': None}).status_int == 202
    actions._settled(vcloud, sid, ('SHELVED_OFFLOADED',))
    assert sid not in driver.volumes
    assert actions._action(vcloud, sid, {'unshelve': None}).status_int == \
        202
    actions._settled(vcloud, sid, ('ACTIVE',))
    assert driver.volumes[sid] == attached
    assert _wait(vcloud, vol['id'], ('in-use',))['attachments'][0][
        'device'] == '/dev/vdb'


def test_volume_services_listed_by_block_storage_only(vcloud):
    resp = vcloud.request('GET', '/volume/v3/admin/os-services',
                          token=ADMIN)
    assert resp.status_int == 200, resp.text
    assert sorted((s['host'], s['state']) for s in
                  resp.json['services']) == [('vol1', 'up'), ('vol2', 'up')]
    resp = vcloud.request('GET', '/v2.1/os-services', token=ADMIN)
    assert 'nova-lite-volume' not in {s['binary'] for s in
                                      resp.json['services']}
    assert vcloud.request('GET', V + '/os-services').status_int == 403


def test_burst_fills_hosts_exactly_to_max_gigabytes(vcloud):
    # max_gigabytes 50 per host: 10 x 10 GiB fit, the 11th does not; the
    # creates are scheduled concurrently and each pick counts the last
    vcloud.request('PUT', V + '/os-quota-sets/demo', {'quota_set': {
        'volumes': 20, 'gigabytes': 500}}, token=ADMIN)
    ids = [_create(vcloud, size=10)['id'] for _ in range(11)]
    done = [_wait(vcloud, i, ('available', 'error')) for i in ids]
    placed = [v['os-vol-host-attr:host'] for v in done
              if v['status'] == 'available']
    assert sorted(placed) == ['vol1'] * 5 + ['vol2'] * 5
    assert [v['status'] for v in done].count('error') == 1


def test_reconciler_ends_stuck_volumes(vcloud):
    old = utils.utcnow() - datetime.timedelta(seconds=3600)
    made = {}
    for status in ('creating', 'attaching', 'detaching', 'deleting'):
        volume = volume_obj.Volume(
            vcloud.admin, project_id='demo', size=1, status=status,
            attach_status='attaching', instance_uuid=None, host='gone',
            availability_zone='nova')
        volume.create()
        made[status] = volume.id
    fresh = _create(vcloud, size=1)['id']
    with db_api.get_engine().begin() as conn:
        conn.execute(sa.update(models.Volume).where(
            models.Volume.id.in_(list(made.values()))).values(
                updated_at=old, created_at=old))
    assert volume_reconciler.reconcile_volumes(vcloud.admin,
                                               vcloud.conf) == 4
    after = {s: volume_obj.Volume.get_by_id(vcloud.admin, i)
             for s, i in made.items()}
    assert {s: v.status for s, v in after.items()} == {
        'creating': 'error', 'attaching': 'available',
        'detaching': 'in-use', 'deleting': 'error_deleting'}
    assert 'stuck in creating' in after['creating'].status_reason
    assert volume_obj.Volume.get_by_id(vcloud.admin, fresh).status != \
        'error'
    assert volume_reconciler.reconcile_volumes(vcloud.admin,
                                               vcloud.conf) == 0


def _volume_manager(cloud, host):
    return next(s for s in cloud.services
                if s.binary == 'nova-lite-volume' and s.host == host).manager


def test_failed_create_is_rescheduled_once(vcloud):
    def broken(volume):
        raise exception.VolumeBackendFailed(reason='disk on fire')

    # simple driver: an empty cloud picks vol1 first (fewest GiB, by name)
    with mock.patch.object(_volume_manager(vcloud, 'vol1').driver,
                           'create_volume', broken):
        moved = _wait(vcloud, _create(vcloud, size=1)['id'],
                      ('available', 'error'))
        assert moved['status'] == 'available', moved
        assert moved['os-vol-host-attr:host'] == 'vol2'
        with mock.patch.object(_volume_manager(vcloud, 'vol2').driver,
                               'create_volume', broken):
            failed = _wait(vcloud, _create(vcloud, size=1)['id'],
                           ('available', 'error'))
    assert failed['status'] == 'error'
    assert 'disk on fire' in failed['status_reason']
