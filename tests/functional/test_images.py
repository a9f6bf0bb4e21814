"""The image service (Glance v2 subset): create, upload, show, list."""

import hashlib

OCTETS = {'Content-Type': 'application/octet-stream'}
DATA = b'\x00fake-disk-image\xff' * 4096


def _create(cloud, token='demo:demo', **extra):
    body = {'name': 'my-image', 'disk_format': 'raw',
            'container_format': 'bare'}
    body.update(extra)
    resp = cloud.request('POST', '/image/v2/images', body, token=token)
    assert resp.status_int == 201, resp.text
    return resp.json


def _upload(cloud, image_id, data=DATA, token='demo:demo'):
    return cloud.request('PUT', '/image/v2/images/%s/file' % image_id,
                         raw=data, token=token, headers=OCTETS)


def test_create_upload_show(cloud):
    image = _create(cloud, os_distro='cirros')
    assert image['status'] == 'queued'
    assert image['size'] is None
    assert image['owner'] == 'demo'
    assert image['os_distro'] == 'cirros'

    resp = _upload(cloud, image['id'])
    assert resp.status_int == 204, resp.text

    resp = cloud.request('GET', '/image/v2/images/%s' % image['id'])
    assert resp.status_int == 200
    shown = resp.json
    assert shown['status'] == 'active'
    assert shown['size'] == len(DATA)
    assert shown['checksum'] == hashlib.md5(DATA).hexdigest()

    resp = cloud.request('GET', '/image/v2/images/%s/file' % image['id'])
    assert resp.status_int == 200
    assert resp.body == DATA


def test_upload_twice_is_conflict(cloud):
    image = _create(cloud)
    assert _upload(cloud, image['id']).status_int == 204
    resp = _upload(cloud, image['id'])
    assert resp.status_int == 409


def test_upload_to_someone_elses_image(cloud):
    image = _create(cloud)
    resp = _upload(cloud, image['id'], token='mallory:evil')
    assert resp.status_int in (403, 404)
    resp = cloud.request('GET', '/image/v2/images/%s' % image['id'])
    assert resp.json['status'] == 'queued'


def test_uploaded_image_boots(cloud):
    image = _create(cloud)
    assert _upload(cloud, image['id']).status_int == 204
    sid = cloud.create_server(imageRef=image['id'])
    server = cloud.wait_for_status(sid, ('ACTIVE', 'ERROR'))
    assert server['status'] == 'ACTIVE', server
    assert server['image']['id'] == image['id']


def test_queued_image_cannot_boot(cloud):
    image = _create(cloud)
    resp = cloud.request('POST', '/v2.1/servers', {'server': {
        'name': 'x', 'imageRef': image['id'], 'flavorRef': 'm1.tiny',
        'networks': 'none'}}, version='2.47')
    assert resp.status_int == 400
    assert 'not active' in resp.json['badRequest']['message']


def test_list_by_name(cloud):
    _create(cloud, name='other')
    resp = cloud.request('GET', '/image/v2/images?name=cirros-fake')
    assert resp.status_int == 200
    images = resp.json['images']
    assert [i['id'] for i in images] == [cloud.image_id]
    assert images[0]['status'] == 'active'
    assert images[0]['visibility'] == 'public'
    resp = cloud.request('GET', '/image/v2/images')
    names = {i['name'] for i in resp.json['images']}
    assert {'cirros-fake', 'other'} <= names


def test_private_image_hidden_from_other_projects(cloud):
    image = _create(cloud, visibility='private')
    resp = cloud.request('GET', '/image/v2/images', token='bob:p2')
    assert image['id'] not in [i['id'] for i in resp.json['images']]
    resp = cloud.request('GET', '/image/v2/images/%s' % image['id'],
                         token='bob:p2')
    assert resp.status_int == 404


def test_member_cannot_publicize(cloud):
    resp = cloud.request('POST', '/image/v2/images',
                         {'name': 'pub', 'visibility': 'public'})
    assert resp.status_int == 403


def test_bad_create_body(cloud):
    resp = cloud.request('POST', '/image/v2/images',
                         {'name': 'x', 'disk_format': 'floppy'})
    assert resp.status_int == 400
    resp = cloud.request('POST', '/image/v2/images', raw=b'{nope')
    assert resp.status_int == 400


def test_delete(cloud):
    image = _create(cloud)
    assert _upload(cloud, image['id']).status_int == 204
    resp = cloud.request('DELETE', '/image/v2/images/%s' % image['id'])
    assert resp.status_int == 204
    resp = cloud.request('GET', '/image/v2/images/%s' % image['id'])
    assert resp.status_int == 404
