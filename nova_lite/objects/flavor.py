"""Flavor: a named size (vCPUs, RAM, disk) servers are booted with."""

from oslo_db import exception as db_exc
from oslo_utils import uuidutils
from oslo_versionedobjects import fields

from nova_lite.db import api as db_api
from nova_lite.db.lazy import models, sa
from nova_lite import exception
from nova_lite.objects import base


@db_api.reader
def _flavor_get(context, flavor_id):
    # extra specs joined: one query, not the relationship's second one
    # (every server create reads its flavor)
    row = context.session.scalars(sa.select(models.Flavor).options(
        sa.orm.joinedload(models.Flavor.extra_specs)).where(
            models.Flavor.flavorid == flavor_id)).unique().first()
    if row is None:
        raise exception.FlavorNotFound(flavor_id=flavor_id)
    return row


@db_api.writer
def _flavor_create(context, values):
    for key in ('flavorid', 'name'):
        exists = context.session.scalar(sa.select(models.Flavor.id).where(
            getattr(models.Flavor, key) == values[key]))
        if exists is not None:
            raise exception.FlavorExists(
                key='ID' if key == 'flavorid' else 'name', value=values[key])
    row = models.Flavor(**values)
    context.session.add(row)
    try:
        context.session.flush()
    except db_exc.DBDuplicateEntry:
        raise exception.FlavorExists(key='name or ID', value=values['name'])
    return row


@db_api.writer
def _extra_specs_update(context, flavor_id, to_set, to_delete):
    row = _flavor_get(context, flavor_id)
    existing = {spec.key: spec for spec in row.extra_specs}
    for key in to_delete:
        if key not in existing:
            raise exception.FlavorExtraSpecNotFound(flavor_id=flavor_id,
                                                    key=key)
        row.extra_specs.remove(existing.pop(key))
    for key, value in to_set.items():
        if key in existing:
            existing[key].value = value
        else:
            row.extra_specs.append(models.FlavorExtraSpec(key=key,
                                                          value=value))
    context.session.flush()
    return row


@db_api.writer
def _flavor_destroy(context, flavor_id):
    count = context.session.execute(sa.delete(models.Flavor).where(
        models.Flavor.flavorid == flavor_id)).rowcount
    if not count:
        raise exception.FlavorNotFound(flavor_id=flavor_id)


_SORT_KEYS = {'flavorid', 'name', 'memory_mb', 'vcpus', 'root_gb',
              'ephemeral_gb', 'swap', 'rxtx_factor', 'id'}


@db_api.reader
def _flavor_get_all(context, is_public, min_memory_mb, min_disk, sort_key,
                    sort_dir, limit, marker):
    query = sa.select(models.Flavor)
    if is_public is not None:
        query = query.where(models.Flavor.is_public == is_public)
    if min_memory_mb:
        query = query.where(models.Flavor.memory_mb >= min_memory_mb)
    if min_disk:
        query = query.where(models.Flavor.root_gb >= min_disk)
    column = getattr(models.Flavor, sort_key)
    order = column.asc() if sort_dir == 'asc' else column.desc()
    query = query.order_by(order, models.Flavor.id.asc())
    if marker is not None:
        mrow = _flavor_get(context, marker)
        mark = getattr(mrow, sort_key)
        after = column > mark if sort_dir == 'asc' else column < mark
        query = query.where(sa.or_(after, sa.and_(column == mark,
                                                  models.Flavor.id > mrow.id)))
    if limit is not None:
        query = query.limit(limit)
    return context.session.scalars(query).all()


@base.register
class Flavor(base.NovaLiteObject):
    # Version 1.0: initial
    # Version 1.1: extra_specs
    VERSION = '1.1'

    fields = {
        'id': fields.IntegerField(),
        'flavorid': fields.StringField(),
        'name': fields.StringField(),
        'memory_mb': fields.IntegerField(),
        'vcpus': fields.IntegerField(),
        'root_gb': fields.IntegerField(),
        'ephemeral_gb': fields.IntegerField(),
        'swap': fields.IntegerField(),
        'rxtx_factor': fields.FloatField(),
        'is_public': fields.BooleanField(),
        'disabled': fields.BooleanField(),
        'description': fields.StringField(nullable=True),
        'extra_specs': fields.DictOfStringsField(default={}),
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
    }

    def obj_make_compatible(self, primitive, target_version):
        super().obj_make_compatible(primitive, target_version)
        base.drop_fields_below(primitive, target_version,
                               {'extra_specs': '1.1'})

    @classmethod
    def _from_db_object(cls, context, obj, row, skip=()):
        super()._from_db_object(context, obj, row, skip=('extra_specs',))
        obj.extra_specs = {spec.key: spec.value or ''
                           for spec in row.extra_specs}
        obj.obj_reset_changes(['extra_specs'])
        return obj

    @classmethod
    @base.remotable
    def get_by_flavor_id(cls, context, flavor_id):
        return cls._from_db_object(context, cls(), _flavor_get(context,
                                                                flavor_id))

    @base.remotable
    def create(self):
        values = self.obj_get_changes()
        values.pop('id', None)
        specs = values.pop('extra_specs', None) or {}
        if not values.get('flavorid'):
            values['flavorid'] = uuidutils.generate_uuid()
        values.setdefault('ephemeral_gb', 0)
        values.setdefault('swap', 0)
        values.setdefault('rxtx_factor', 1.0)
        values.setdefault('is_public', True)
        values.setdefault('disabled', False)
        values['extra_specs'] = [models.FlavorExtraSpec(key=k, value=v)
                                 for k, v in specs.items()]
        row = _flavor_create(self._context, values)
        self._from_db_object(self._context, self, row)

    @base.remotable
    def update_extra_specs(self, to_set, to_delete=()):
        """Set keys of ``to_set``, remove the keys in ``to_delete``."""
        row = _extra_specs_update(self._context, self.flavorid, to_set,
                                  to_delete)
        self._from_db_object(self._context, self, row)

    @base.remotable
    def destroy(self):
        _flavor_destroy(self._context, self.flavorid)


@base.register
class FlavorList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: initial
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('Flavor')}

    @classmethod
    @base.remotable
    def get_all(cls, context, is_public=True, min_memory_mb=None,
                min_disk=None, sort_key='flavorid', sort_dir='asc',
                limit=None, marker=None):
        if sort_key not in _SORT_KEYS:
            raise exception.Invalid(reason='invalid sort_key %s' % sort_key)
        rows = _flavor_get_all(context, is_public, min_memory_mb, min_disk,
                               sort_key, sort_dir, limit, marker)
        return cls.from_rows(context, Flavor, rows)
