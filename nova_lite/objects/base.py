"""Object registry, base classes and the RPC serializer.

Remotable methods (``@base.remotable`` and ``@classmethod @base.remotable``)
run locally in processes with DB access; once a process sets
``NovaLiteObject.indirection_api`` (compute does, pointing at the conductor)
they travel as ``object_action`` / ``object_class_action_versions`` calls and
the conductor applies them against the DB.
"""

from oslo_serialization import jsonutils
from oslo_utils import versionutils
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields

from nova_lite.db.lazy import sa

remotable = ovo_base.remotable


class NovaLiteObjectRegistry(ovo_base.VersionedObjectRegistry):
    pass


register = NovaLiteObjectRegistry.register


class NovaLiteObject(ovo_base.VersionedObject):
    OBJ_SERIAL_NAMESPACE = 'nova_lite_object'
    OBJ_PROJECT_NAMESPACE = 'nova_lite'

    def obj_reset_and_return(self):
        self.obj_reset_changes()
        return self

    @classmethod
    def _from_db_object(cls, context, obj, row, skip=()):
        """Copy the columns of ``row`` onto ``obj`` for every plain field."""
        for name in obj.fields:
            if name in skip or not hasattr(row, name):
                continue
            value = getattr(row, name)
            if name == 'deleted':  # the row keeps its id there, see models
                value = bool(value)
            setattr(obj, name, value)
        obj._context = context
        obj.obj_reset_changes()
        return obj


class TimestampedObject:
    """Fields shared by every object backed by a soft-deletable row."""
    fields = {
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
        'deleted_at': fields.DateTimeField(nullable=True),
        'deleted': fields.BooleanField(default=False),
    }


class StatusRowObject:
    """``save``/``destroy`` for rows with a ``status`` column (volumes,
    snapshots): ``save(expected_status=[...])`` is a compare-and-swap on
    it.  Subclasses name their DB helpers as static methods:
    ``_db_update(context, id, values, expected_status)`` returning the row
    and ``_db_destroy(context, id)``."""

    _db_update = None
    _db_destroy = None

    @remotable
    def save(self, expected_status=None):
        values = self.obj_get_changes()
        for name in ('id', 'created_at', 'updated_at', 'deleted',
                     'deleted_at'):
            values.pop(name, None)
        if not values:
            return
        row = self._db_update(self._context, self.id, values,
                              expected_status)
        self._from_db_object(self._context, self, row)

    @remotable
    def destroy(self):
        self._db_destroy(self._context, self.id)
        self.deleted = True
        self.status = 'deleted'
        self.obj_reset_changes()


class ObjectListBase(ovo_base.ObjectListBase):
    @classmethod
    def from_rows(cls, context, item_cls, rows, **kwargs):
        objects = [item_cls._from_db_object(context, item_cls(), row,
                                            **kwargs) for row in rows]
        return cls(context, objects=objects).obj_reset_and_return()


class _JSONType(fields.FieldType):
    """Any JSON-shaped value (dicts, lists, strings, numbers), copied as is.

    For structured caches whose shape is owned elsewhere (the network info
    of an instance); assign a new value to mark it changed.
    """

    @staticmethod
    def coerce(obj, attr, value):
        jsonutils.dumps(value)  # TypeError/ValueError when not JSON
        return value


class JSONField(fields.AutoTypedField):
    AUTO_TYPE = _JSONType()


class NovaLiteObjectSerializer(ovo_base.VersionedObjectSerializer):
    OBJ_BASE_CLASS = NovaLiteObject


def live_or_changed_since(model, changed_since):
    """WHERE clause: live rows, or with ``changed_since`` every row created,
    updated or (soft-)deleted since then, so a reader learns deletions."""
    if changed_since is None:
        return model.deleted == 0
    return sa.func.coalesce(model.updated_at,
                            model.created_at) >= changed_since


def comparable_since(connection, since):
    """``since`` as a timestamp column can be compared with it.  MariaDB's
    plain DATETIME keeps whole seconds (a stored time loses its fraction),
    so there the second is rounded down: a row stamped within the second
    of ``since`` is read, not missed."""
    if since is not None and connection.dialect.name == 'mysql':
        return since.replace(microsecond=0)
    return since


def json_dump(value):
    return None if value is None else jsonutils.dumps(value)


def json_load(value, default=None):
    return default if value is None else jsonutils.loads(value)


def drop_fields_below(primitive, target_version, added):
    """obj_make_compatible helper: drop fields added after target_version.

    ``added`` maps a field name to the version (``'1.1'``) that added it.
    """
    target = versionutils.convert_version_to_tuple(target_version)
    for name, version in added.items():
        if target < versionutils.convert_version_to_tuple(version):
            primitive.pop(name, None)
