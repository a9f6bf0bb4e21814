"""Migration: one move of an instance (cold migration or resize).

Created by the conductor once the scheduler chose a destination; the
computes advance its ``status`` (pre-migrating -> migrating ->
post-migrating -> finished -> confirmed, or reverting -> reverted, or
error).  While a migration is *in progress* (any status but the final
ones) the resource trackers of both hosts count it: the source keeps the
old flavor, the destination holds the new one, until confirm or revert
releases one side.  ``GET /os-migrations`` lists them for admins.
"""

from oslo_utils import uuidutils
from oslo_versionedobjects import fields

from nova_lite.db import api as db_api
from nova_lite.db.lazy import models, sa
from nova_lite import exception
from nova_lite.objects import base
from nova_lite.objects import flavor as flavor_obj
from nova_lite import utils

# statuses after which a migration holds no resources any more
FINAL_STATUSES = ('confirmed', 'reverted', 'error', 'failed')
_FLAVORS = ('old_flavor', 'new_flavor')


def _columns(values):
    out = dict(values)
    for name in _FLAVORS:
        if out.get(name) is not None:
            out[name] = base.json_dump(out[name].obj_to_primitive())
    return out


@db_api.writer
def _migration_create(context, values):
    row = models.Migration(**_columns(values))
    context.session.add(row)
    context.session.flush()
    return row


@db_api.reader
def _migration_get(context, migration_id):
    row = context.session.get(models.Migration, migration_id)
    if row is None or row.deleted:
        raise exception.MigrationNotFound(migration_id=migration_id)
    return row


@db_api.writer
def _migration_update(context, migration_id, values, expected_status):
    update = sa.update(models.Migration).where(
        models.Migration.id == migration_id)
    if expected_status is not None:
        update = update.where(models.Migration.status.in_(expected_status))
    values = dict(_columns(values), updated_at=utils.utcnow())
    count = context.session.execute(update.values(**values).execution_options(
        synchronize_session=False)).rowcount
    row = _migration_get(context, migration_id)
    if count != 1:
        raise exception.MigrationStatusConflict(migration_id=migration_id,
                                      actual=row.status,
                                      expected=' or '.join(expected_status))
    return row


@db_api.reader
def _migration_get_all(context, filters):
    query = sa.select(models.Migration).where(models.Migration.deleted == 0)
    cols = models.Migration
    for key in ('instance_uuid', 'migration_type', 'source_compute',
                'dest_compute'):
        if filters.get(key) is not None:
            query = query.where(getattr(cols, key) == filters[key])
    if filters.get('status') is not None:
        query = query.where(cols.status.in_(filters['status']))
    if filters.get('host') is not None:
        query = query.where(sa.or_(cols.source_compute == filters['host'],
                                   cols.dest_compute == filters['host']))
    if filters.get('in_progress'):
        query = query.where(cols.status.notin_(FINAL_STATUSES))
    return context.session.scalars(query.order_by(cols.created_at.desc(),
                                                  cols.id.desc())).all()


@base.register
class Migration(base.NovaLiteObject):
    # Version 1.0: initial
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(read_only=True),
        'uuid': fields.UUIDField(),
        'instance_uuid': fields.UUIDField(),
        'source_compute': fields.StringField(nullable=True),
        'source_node': fields.StringField(nullable=True),
        'dest_compute': fields.StringField(nullable=True),
        'dest_node': fields.StringField(nullable=True),
        'dest_host': fields.StringField(nullable=True),
        'old_instance_type_id': fields.IntegerField(nullable=True),
        'new_instance_type_id': fields.IntegerField(nullable=True),
        'old_flavor': fields.ObjectField('Flavor', nullable=True),
        'new_flavor': fields.ObjectField('Flavor', nullable=True),
        'old_vm_state': fields.StringField(nullable=True),
        'status': fields.StringField(),
        'migration_type': fields.StringField(),
        'project_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
    }

    @classmethod
    def _from_db_object(cls, context, obj, row, skip=()):
        super()._from_db_object(context, obj, row, skip=_FLAVORS)
        for name in _FLAVORS:
            value = getattr(row, name)
            setattr(obj, name, flavor_obj.Flavor.obj_from_primitive(
                base.json_load(value)) if value else None)
        obj.obj_reset_changes(recursive=True)
        return obj

    @property
    def in_progress(self):
        return self.status not in FINAL_STATUSES

    def flavor_on(self, host):
        """The flavors this migration holds on ``host`` (0, 1 or 2)."""
        held = []
        if self.source_compute == host and self.old_flavor is not None:
            held.append(self.old_flavor)
        if self.dest_compute == host and self.new_flavor is not None:
            held.append(self.new_flavor)
        return held

    @classmethod
    @base.remotable
    def get_by_id(cls, context, migration_id):
        return cls._from_db_object(context, cls(),
                                   _migration_get(context, migration_id))

    @base.remotable
    def create(self):
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        if not self.obj_attr_is_set('uuid'):
            self.uuid = uuidutils.generate_uuid()
        values = self.obj_get_changes()
        self._from_db_object(self._context, self,
                             _migration_create(self._context, values))

    @base.remotable
    def save(self, expected_status=None):
        """Write the changes; ``expected_status`` (a value or a list)
        makes it a compare-and-swap on the status (409 when it moved)."""
        values = self.obj_get_changes()
        for name in ('id', 'uuid', 'created_at', 'updated_at'):
            values.pop(name, None)
        if not values:
            return
        if isinstance(expected_status, str):
            expected_status = [expected_status]
        self._from_db_object(self._context, self, _migration_update(
            self._context, self.id, values, expected_status))


@base.register
class MigrationList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: initial
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('Migration')}

    @classmethod
    @base.remotable
    def get_by_filters(cls, context, filters):
        """``filters``: instance_uuid, migration_type, source_compute,
        dest_compute, host (either side), status (a list), in_progress."""
        return cls.from_rows(context, Migration,
                             _migration_get_all(context, filters))

    @classmethod
    @base.remotable
    def get_in_progress_by_host(cls, context, host):
        return cls.get_by_filters(context, {'host': host,
                                            'in_progress': True})
