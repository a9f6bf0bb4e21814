"""/image: a Glance v2 subset (list, show, create, upload, download,
delete), image files on local disk."""

import hashlib
import os

from oslo_utils import uuidutils
import pecan
from pecan import rest

from nova_lite.api.schemas import images as schema
from nova_lite.api import validation
from nova_lite.api.views import common
from nova_lite.conf import CONF
from nova_lite import exception
from nova_lite.objects import image as image_obj
from nova_lite import policy
from nova_lite import utils

_CHUNK = 65536
_CORE = ('id', 'name', 'visibility', 'disk_format', 'container_format',
         'min_disk', 'min_ram', 'protected', 'tags')


def store_dir():
    return CONF.image.store_dir or os.path.join(CONF.state_path, 'images')


def _view(image):
    body = dict(image.properties)
    body.update({
        'id': image.id, 'name': image.name, 'status': image.status,
        'visibility': image.visibility, 'protected': image.protected,
        'os_hidden': False, 'tags': [], 'owner': image.owner,
        'disk_format': image.disk_format,
        'container_format': image.container_format, 'size': image.size,
        'virtual_size': None, 'checksum': image.checksum,
        'min_disk': image.min_disk, 'min_ram': image.min_ram,
        'created_at': utils.isotime(image.created_at),
        'updated_at': utils.isotime(image.updated_at or image.created_at),
        'self': '/v2/images/%s' % image.id,
        'file': '/v2/images/%s/file' % image.id,
        'schema': '/v2/schemas/image',
    })
    return body


def _owned(context, image):
    if not context.is_admin and image.owner != context.project_id:
        raise exception.NotAuthorized('You are not permitted to modify '
                                      'image %s.' % image.id)


class ImageFileController(rest.RestController):
    @pecan.expose(content_type='application/json')
    def put(self, image_id):
        context = pecan.request.context
        image = image_obj.Image.get_by_id(context, image_id)
        _owned(context, image)
        policy.authorize(context, 'image:modify_image')
        if image.status != 'queued':
            raise exception.ImageDataConflict(image_id=image_id,
                                              status=image.status)
        image.status = 'saving'
        image.save(expected_status=['queued'])
        path = os.path.join(store_dir(), image.id)
        limit = CONF.image.max_image_size_mb * 1024 * 1024
        digest, size = hashlib.md5(usedforsecurity=False), 0
        try:
            os.makedirs(store_dir(), exist_ok=True)
            with open(path + '.part', 'wb') as out:
                body = pecan.request.body_file
                while True:
                    chunk = body.read(_CHUNK)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > limit:
                        raise exception.OverLimit(
                            'Image exceeds the storage quota of %d MiB.' %
                            CONF.image.max_image_size_mb)
                    digest.update(chunk)
                    out.write(chunk)
            os.replace(path + '.part', path)
        except Exception:
            _remove(path + '.part')
            image.status = 'queued'
            image.save()
            raise
        image.size = size
        image.checksum = digest.hexdigest()
        image.status = 'active'
        image.save()
        pecan.response.status = 204
        return ''

    @pecan.expose()
    def get_all(self, image_id):
        image = image_obj.Image.get_by_id(pecan.request.context, image_id)
        if image.status != 'active':
            pecan.response.status = 204
            return ''
        path = os.path.join(store_dir(), image.id)
        pecan.response.content_type = 'application/octet-stream'
        pecan.response.app_iter = _read_chunks(path)
        pecan.response.content_length = image.size
        return pecan.response


def _read_chunks(path):
    with open(path, 'rb') as data:
        while True:
            chunk = data.read(_CHUNK)
            if not chunk:
                return
            yield chunk


def _remove(path):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


class ImagesController(rest.RestController):
    file = ImageFileController()

    @pecan.expose('json')
    def get_all(self):
        context = pecan.request.context
        query = pecan.request.GET
        try:
            limit = min(int(query.get('limit', CONF.api.max_limit)),
                        CONF.api.max_limit)
        except ValueError:
            raise exception.Invalid('limit param must be an integer')
        filters = {k: query[k] for k in ('name', 'status', 'visibility',
                                         'owner', 'disk_format')
                   if k in query}
        images = image_obj.ImageList.get_all(context, filters, limit=limit,
                                             marker=query.get('marker'))
        body = {'images': [_view(i) for i in images],
                'first': '/v2/images', 'schema': '/v2/schemas/images'}
        if len(images) == limit and images:
            body['next'] = '/v2/images?marker=%s&limit=%d' % (images[-1].id,
                                                              limit)
        return body

    @pecan.expose('json')
    def get_one(self, image_id):
        return _view(image_obj.Image.get_by_id(pecan.request.context,
                                               image_id))

    @pecan.expose('json')
    @validation.schema(schema.create)
    def post(self, body):
        context = pecan.request.context
        policy.authorize(context, 'image:add_image')
        visibility = body.get('visibility', 'shared')
        if visibility == 'public':
            policy.authorize(context, 'image:publicize_image')
        properties = {k: v for k, v in body.items() if k not in _CORE}
        image = image_obj.Image(
            context, id=body.get('id') or uuidutils.generate_uuid(),
            name=body.get('name'), status='queued', visibility=visibility,
            owner=context.project_id, disk_format=body.get('disk_format'),
            container_format=body.get('container_format'),
            min_disk=body.get('min_disk', 0), min_ram=body.get('min_ram', 0),
            protected=body.get('protected', False), properties=properties)
        image.create()
        pecan.response.status = 201
        pecan.response.headers['Location'] = '%s/image/v2/images/%s' % (
            common.base_url(), image.id)
        return _view(image)

    @pecan.expose(content_type='application/json')
    def delete(self, image_id):
        context = pecan.request.context
        image = image_obj.Image.get_by_id(context, image_id)
        _owned(context, image)
        policy.authorize(context, 'image:modify_image')
        if image.protected:
            raise exception.NotAuthorized('Image %s is protected and cannot '
                                          'be deleted.' % image_id)
        image.destroy()
        _remove(os.path.join(store_dir(), image.id))
        pecan.response.status = 204
        return ''


class ImageV2Controller:
    images = ImagesController()


class ImageRootController:
    v2 = ImageV2Controller()

    @pecan.expose('json')
    def index(self):
        pecan.response.status = 300
        return {'versions': [{
            'id': 'v2.9', 'status': 'CURRENT',
            'links': [{'rel': 'self',
                       'href': common.base_url() + '/image/v2/'}]}]}
