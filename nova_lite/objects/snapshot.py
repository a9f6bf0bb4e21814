"""Snapshot: a point-in-time copy of a volume, kept on the volume's host.

The API creates the row (``creating``) and casts to the volume's host; the
volume service copies the file and sets ``available`` (or ``error``).
"""

from oslo_utils import uuidutils
from oslo_versionedobjects import fields

from nova_lite.db import api as db_api
from nova_lite.db.lazy import models, sa
from nova_lite import exception
from nova_lite.objects import base
from nova_lite import utils


@db_api.reader
def _snapshot_get(context, snapshot_id):
    row = context.session.scalars(sa.select(models.Snapshot).where(
        models.Snapshot.id == snapshot_id,
        models.Snapshot.deleted == 0)).first()
    if row is None:
        raise exception.SnapshotNotFound(snapshot_id=snapshot_id)
    return row


@db_api.writer
def _snapshot_create(context, values):
    row = models.Snapshot(**values)
    context.session.add(row)
    context.session.flush()
    return row


@db_api.writer
def _snapshot_update(context, snapshot_id, values, expected_status):
    update = sa.update(models.Snapshot).where(
        models.Snapshot.id == snapshot_id, models.Snapshot.deleted == 0)
    if expected_status is not None:
        update = update.where(models.Snapshot.status.in_(expected_status))
    values = dict(values, updated_at=utils.utcnow())
    count = context.session.execute(update.values(**values).execution_options(
        synchronize_session=False)).rowcount
    row = _snapshot_get(context, snapshot_id)
    if count != 1:
        raise exception.SnapshotStatusConflict(
            snapshot_id=snapshot_id, actual=row.status,
            expected=' or '.join(expected_status))
    return row


@db_api.writer
def _snapshot_destroy(context, snapshot_id):
    now = utils.utcnow()
    count = context.session.execute(sa.update(models.Snapshot).where(
        models.Snapshot.id == snapshot_id,
        models.Snapshot.deleted == 0).values(
            deleted=1, deleted_at=now, status='deleted',
            updated_at=now)).rowcount
    if not count:
        raise exception.SnapshotNotFound(snapshot_id=snapshot_id)


@db_api.reader
def _snapshot_get_all(context, filters):
    cols = models.Snapshot
    query = sa.select(cols).where(cols.deleted == 0)
    for key in ('project_id', 'volume_id', 'status', 'display_name'):
        if filters.get(key) is not None:
            query = query.where(getattr(cols, key) == filters[key])
    return context.session.scalars(
        query.order_by(cols.created_at.desc(), cols.id.desc())).all()


@base.register
class Snapshot(base.StatusRowObject, base.TimestampedObject,
               base.NovaLiteObject):
    # Version 1.0: initial
    VERSION = '1.0'

    _db_update = staticmethod(_snapshot_update)
    _db_destroy = staticmethod(_snapshot_destroy)

    fields = {
        'id': fields.UUIDField(),
        'volume_id': fields.UUIDField(),
        'project_id': fields.StringField(),
        'user_id': fields.StringField(nullable=True),
        'status': fields.StringField(),
        'progress': fields.StringField(nullable=True),
        'volume_size': fields.IntegerField(),
        'display_name': fields.StringField(nullable=True),
        'display_description': fields.StringField(nullable=True),
    }

    @classmethod
    @base.remotable
    def get_by_id(cls, context, snapshot_id):
        return cls._from_db_object(context, cls(),
                                   _snapshot_get(context, snapshot_id))

    @base.remotable
    def create(self):
        if self.obj_attr_is_set('created_at'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        if not self.obj_attr_is_set('id'):
            self.id = uuidutils.generate_uuid()
        self._from_db_object(self._context, self, _snapshot_create(
            self._context, self.obj_get_changes()))


@base.register
class SnapshotList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: initial
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('Snapshot')}

    @classmethod
    @base.remotable
    def get_all(cls, context, filters=None):
        return cls.from_rows(context, Snapshot,
                             _snapshot_get_all(context, filters or {}))
