"""Image: an entry of the small Glance v2 image service.

Images live in the same database as servers; their bits are files under
``[image] store_dir``.
"""

from oslo_utils import uuidutils
from oslo_versionedobjects import fields

from nova_lite.db import api as db_api
from nova_lite.db.lazy import models, sa
from nova_lite import exception
from nova_lite.objects import base


def _visible(context, query):
    if context.is_admin:
        return query
    return query.where(sa.or_(models.Image.visibility.in_(['public',
                                                           'community']),
                              models.Image.owner == context.project_id))


@db_api.reader
def _image_get(context, image_id):
    row = context.session.scalars(_visible(context, sa.select(
        models.Image).where(models.Image.id == image_id))).first()
    if row is None:
        raise exception.ImageNotFound(image_id=image_id)
    return row


@db_api.reader
def _image_get_all(context, filters, limit, marker):
    query = _visible(context, sa.select(models.Image))
    for key in ('name', 'status', 'visibility', 'owner', 'disk_format'):
        if filters.get(key) is not None:
            query = query.where(getattr(models.Image, key) == filters[key])
    query = query.order_by(models.Image.created_at.desc(),
                           models.Image.id.desc())
    if marker is not None:
        mrow = _image_get(context, marker)
        query = query.where(sa.or_(
            models.Image.created_at < mrow.created_at,
            sa.and_(models.Image.created_at == mrow.created_at,
                    models.Image.id < mrow.id)))
    if limit is not None:
        query = query.limit(limit)
    return context.session.scalars(query).all()


@db_api.writer
def _image_create(context, values):
    row = models.Image(**values)
    context.session.add(row)
    context.session.flush()
    return row


@db_api.writer
def _image_update(context, image_id, values, expected_status=None):
    row = _image_get(context, image_id)
    if expected_status is not None and row.status not in expected_status:
        raise exception.ImageDataConflict(image_id=image_id,
                                          status=row.status)
    for key, value in values.items():
        setattr(row, key, value)
    context.session.flush()
    return row


@db_api.writer
def _image_destroy(context, image_id):
    _image_get(context, image_id)
    context.session.execute(sa.delete(models.Image).where(
        models.Image.id == image_id))


@base.register
class Image(base.NovaLiteObject):
    # Version 1.0: initial
    VERSION = '1.0'

    fields = {
        'id': fields.UUIDField(),
        'name': fields.StringField(nullable=True),
        'status': fields.StringField(),
        'visibility': fields.StringField(),
        'owner': fields.StringField(nullable=True),
        'disk_format': fields.StringField(nullable=True),
        'container_format': fields.StringField(nullable=True),
        'size': fields.IntegerField(nullable=True),
        'checksum': fields.StringField(nullable=True),
        'min_disk': fields.IntegerField(),
        'min_ram': fields.IntegerField(),
        'protected': fields.BooleanField(),
        'properties': fields.DictOfNullableStringsField(default={}),
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
    }

    @classmethod
    def _from_db_object(cls, context, obj, row, skip=()):
        super()._from_db_object(context, obj, row, skip=('properties',))
        obj.properties = base.json_load(row.properties, {})
        obj.obj_reset_changes()
        return obj

    @classmethod
    @base.remotable
    def get_by_id(cls, context, image_id):
        return cls._from_db_object(context, cls(),
                                   _image_get(context, image_id))

    @base.remotable
    def create(self):
        self.obj_set_defaults()
        values = self.obj_get_changes()
        values.setdefault('id', uuidutils.generate_uuid())
        values.setdefault('status', 'queued')
        values.setdefault('visibility', 'shared')
        values.setdefault('min_disk', 0)
        values.setdefault('min_ram', 0)
        values.setdefault('protected', False)
        values['properties'] = base.json_dump(values.get('properties', {}))
        self._from_db_object(self._context, self,
                             _image_create(self._context, values))

    @base.remotable
    def save(self, expected_status=None):
        values = self.obj_get_changes()
        if 'properties' in values:
            values['properties'] = base.json_dump(values['properties'])
        values.pop('id', None)
        self._from_db_object(self._context, self, _image_update(
            self._context, self.id, values, expected_status))

    @base.remotable
    def destroy(self):
        _image_destroy(self._context, self.id)


@base.register
class ImageList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: initial
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('Image')}

    @classmethod
    @base.remotable
    def get_all(cls, context, filters=None, limit=None, marker=None):
        return cls.from_rows(context, Image, _image_get_all(
            context, filters or {}, limit, marker))
