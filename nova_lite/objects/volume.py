"""Volume: a block storage volume, from the API's create to its deletion.

The API creates the row (``creating``); the scheduler sets ``host`` and
``scheduled_at``; the volume service on that host builds the file and sets
``available`` (or ``error`` with ``status_reason``).  Volume services reach
these methods through the conductor, like computes do for ``Instance``.
"""

from oslo_utils import uuidutils
from oslo_versionedobjects import fields

from nova_lite.db import api as db_api
from nova_lite.db.lazy import models, sa
from nova_lite import exception
from nova_lite.objects import base
from nova_lite import utils

_COLUMN = {'metadata': 'metadata_'}
_SORT_KEYS = {'created_at', 'updated_at', 'display_name', 'id', 'size',
              'status'}


def _columns(values):
    out = {}
    for name, value in values.items():
        if name == 'metadata':
            value = base.json_dump(value)
        out[_COLUMN.get(name, name)] = value
    return out


@db_api.reader
def _volume_get(context, volume_id):
    row = context.session.scalars(sa.select(models.Volume).where(
        models.Volume.id == volume_id, models.Volume.deleted == 0)).first()
    if row is None:
        raise exception.VolumeNotFound(volume_id=volume_id)
    return row


@db_api.writer
def _volume_create(context, values):
    row = models.Volume(**_columns(values))
    context.session.add(row)
    context.session.flush()
    return row


@db_api.writer
def _volume_update(context, volume_id, values, expected_status):
    """Compare-and-swap on ``status`` when ``expected_status`` is given."""
    update = sa.update(models.Volume).where(
        models.Volume.id == volume_id, models.Volume.deleted == 0)
    if expected_status is not None:
        update = update.where(models.Volume.status.in_(expected_status))
    values = dict(_columns(values), updated_at=utils.utcnow())
    count = context.session.execute(update.values(**values).execution_options(
        synchronize_session=False)).rowcount
    row = _volume_get(context, volume_id)
    if count != 1:
        raise exception.VolumeStatusConflict(
            volume_id=volume_id, actual=row.status,
            expected=' or '.join(expected_status))
    return row


@db_api.writer
def _volume_destroy(context, volume_id):
    now = utils.utcnow()
    count = context.session.execute(sa.update(models.Volume).where(
        models.Volume.id == volume_id, models.Volume.deleted == 0).values(
            deleted=1, deleted_at=now, terminated_at=now, status='deleted',
            updated_at=now)).rowcount
    if not count:
        raise exception.VolumeNotFound(volume_id=volume_id)


@db_api.reader
def _volume_get_all(context, filters, limit=None, marker=None):
    cols = models.Volume
    query = sa.select(cols).where(cols.deleted == 0)
    for key in ('project_id', 'host', 'status', 'display_name',
                'instance_uuid', 'availability_zone'):
        if filters.get(key) is not None:
            query = query.where(getattr(cols, key) == filters[key])
    if filters.get('statuses') is not None:
        query = query.where(cols.status.in_(filters['statuses']))
    if filters.get('updated_before') is not None:
        query = query.where(sa.func.coalesce(
            cols.updated_at, cols.created_at) < filters['updated_before'])
    if marker is not None:
        mark = _volume_get(context, marker)
        query = query.where(sa.or_(
            cols.created_at < mark.created_at,
            sa.and_(cols.created_at == mark.created_at, cols.id < mark.id)))
    query = query.order_by(cols.created_at.desc(), cols.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return context.session.scalars(query).all()


@db_api.reader
def _allocated_by_host(context):
    """host -> (GB, count) of the live volumes placed there."""
    cols = models.Volume
    rows = context.session.execute(
        sa.select(cols.host, sa.func.sum(cols.size), sa.func.count())
        .where(cols.deleted == 0, cols.host.is_not(None))
        .group_by(cols.host)).all()
    return {host: (int(gb or 0), int(count)) for host, gb, count in rows}


@base.register
class Volume(base.StatusRowObject, base.TimestampedObject,
             base.NovaLiteObject):
    # Version 1.0: initial
    VERSION = '1.0'

    _db_update = staticmethod(_volume_update)
    _db_destroy = staticmethod(_volume_destroy)

    fields = {
        'id': fields.UUIDField(),
        'project_id': fields.StringField(),
        'user_id': fields.StringField(nullable=True),
        'host': fields.StringField(nullable=True),
        'size': fields.IntegerField(),
        'availability_zone': fields.StringField(nullable=True),
        'status': fields.StringField(),
        'status_reason': fields.StringField(nullable=True),
        'attach_status': fields.StringField(default='detached'),
        'instance_uuid': fields.UUIDField(nullable=True),
        'mountpoint': fields.StringField(nullable=True),
        'display_name': fields.StringField(nullable=True),
        'display_description': fields.StringField(nullable=True),
        'volume_type_id': fields.StringField(nullable=True),
        'snapshot_id': fields.UUIDField(nullable=True),
        'source_volid': fields.UUIDField(nullable=True),
        'image_id': fields.StringField(nullable=True),
        'bootable': fields.BooleanField(default=False),
        'metadata': fields.DictOfStringsField(default={}),
        'scheduled_at': fields.DateTimeField(nullable=True),
        'launched_at': fields.DateTimeField(nullable=True),
        'terminated_at': fields.DateTimeField(nullable=True),
    }

    @classmethod
    def _from_db_object(cls, context, obj, row, skip=()):
        super()._from_db_object(context, obj, row, skip=('metadata',))
        obj.metadata = base.json_load(row.metadata_, {})
        obj.obj_reset_changes()
        return obj

    @classmethod
    @base.remotable
    def get_by_id(cls, context, volume_id):
        return cls._from_db_object(context, cls(),
                                   _volume_get(context, volume_id))

    @base.remotable
    def create(self):
        if self.obj_attr_is_set('created_at'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        if not self.obj_attr_is_set('id'):
            self.id = uuidutils.generate_uuid()
        self.obj_set_defaults('attach_status', 'bootable', 'metadata')
        values = self.obj_get_changes()
        self._from_db_object(self._context, self,
                             _volume_create(self._context, values))


@base.register
class VolumeList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: initial
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('Volume')}

    @classmethod
    @base.remotable
    def get_all(cls, context, filters=None, limit=None, marker=None):
        return cls.from_rows(context, Volume, _volume_get_all(
            context, filters or {}, limit=limit, marker=marker))

    @classmethod
    @base.remotable
    def get_allocated_by_host(cls, context):
        """``{host: [allocated GB, volume count]}`` of live volumes."""
        return {host: list(value) for host, value in
                _allocated_by_host(context).items()}
