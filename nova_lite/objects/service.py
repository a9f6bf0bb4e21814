"""Service: one running daemon (host + binary), its heartbeat and state."""

from oslo_db import exception as db_exc
from oslo_utils import uuidutils
from oslo_versionedobjects import fields

from nova_lite.db import api as db_api
from nova_lite.db.lazy import models, sa
from nova_lite import exception
from nova_lite.objects import base
from nova_lite import utils

# Bumped when a service learns something its peers may need to know of.
SERVICE_VERSION = 1


def _active():
    return models.Service.deleted == 0


@db_api.reader
def _service_get(context, **where):
    query = sa.select(models.Service).where(_active())
    for key, value in where.items():
        query = query.where(getattr(models.Service, key) == value)
    row = context.session.scalars(query).first()
    if row is None:
        raise exception.ServiceNotFound(
            service_id=where.get('id') or where.get('uuid') or
            '%(host)s/%(binary)s' % where)
    return row


@db_api.writer
def _service_create(context, values):
    row = models.Service(**values)
    context.session.add(row)
    try:
        context.session.flush()
    except db_exc.DBDuplicateEntry:
        raise exception.ServiceExists(host=values['host'],
                                      binary=values['binary'])
    return row


@db_api.writer
def _service_update(context, service_id, values):
    row = _service_get(context, id=service_id)
    for key, value in values.items():
        setattr(row, key, value)
    context.session.flush()
    return row


@db_api.writer
def _service_destroy(context, service_id):
    row = _service_get(context, id=service_id)
    row.deleted = row.id
    row.deleted_at = utils.utcnow()


@db_api.reader
def _service_get_all(context, binary=None, host=None, changed_since=None):
    query = sa.select(models.Service).where(
        base.live_or_changed_since(models.Service, changed_since))
    if binary is not None:
        query = query.where(models.Service.binary == binary)
    if host is not None:
        query = query.where(models.Service.host == host)
    return context.session.scalars(query.order_by(models.Service.id)).all()


# What the scheduler keeps of a service: enabled, forced down, heartbeat.
LIVENESS_COLUMNS = ('id', 'host', 'binary', 'disabled', 'forced_down',
                    'last_seen_up', 'deleted', 'created_at', 'updated_at')


@db_api.reader
def liveness_rows(context, binary, changed_since=None, restrictive=False):
    """The scheduler's read (DB side only): ``LIVENESS_COLUMNS`` of the live
    services of ``binary``, or with ``changed_since`` of those created,
    updated or deleted since then, as plain rows.  A row answers the
    service-group drivers' ``is_up`` like a Service object.  With
    ``restrictive``, only rows that take a service away (disabled, forced
    down, deleted): few, so they can be read on every request."""
    key = ('all' if changed_since is None else 'changed', restrictive)
    query = _LIVENESS_QUERIES.get(key)
    if query is None:  # built once: building costs more than running it
        cols = [getattr(models.Service, name) for name in LIVENESS_COLUMNS]
        query = sa.select(*cols).where(
            base.live_or_changed_since(
                models.Service,
                None if changed_since is None else sa.bindparam('since')),
            models.Service.binary == sa.bindparam('binary'))
        if restrictive:
            query = query.where(sa.or_(
                models.Service.disabled == sa.true(),
                models.Service.forced_down == sa.true(),
                models.Service.deleted != 0))
        _LIVENESS_QUERIES[key] = query
    connection = context.session.connection()
    since = base.comparable_since(connection, changed_since)
    return connection.execute(
        query, {'since': since, 'binary': binary}).all()


_LIVENESS_QUERIES = {}


@base.register
class Service(base.TimestampedObject, base.NovaLiteObject):
    # Version 1.0: initial
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(read_only=True),
        'uuid': fields.UUIDField(),
        'host': fields.StringField(),
        'binary': fields.StringField(),
        'topic': fields.StringField(nullable=True),
        'report_count': fields.IntegerField(),
        'disabled': fields.BooleanField(),
        'disabled_reason': fields.StringField(nullable=True),
        'forced_down': fields.BooleanField(),
        'last_seen_up': fields.DateTimeField(nullable=True),
        'version': fields.IntegerField(),
    }

    @classmethod
    @base.remotable
    def get_by_id(cls, context, service_id):
        return cls._from_db_object(context, cls(),
                                   _service_get(context, id=service_id))

    @classmethod
    @base.remotable
    def get_by_host_and_binary(cls, context, host, binary):
        return cls._from_db_object(
            context, cls(), _service_get(context, host=host, binary=binary))

    @base.remotable
    def create(self):
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        values = self.obj_get_changes()
        values.setdefault('uuid', uuidutils.generate_uuid())
        values.setdefault('report_count', 0)
        values.setdefault('disabled', False)
        values.setdefault('forced_down', False)
        values.setdefault('version', SERVICE_VERSION)
        row = _service_create(self._context, values)
        self._from_db_object(self._context, self, row)

    @base.remotable
    def save(self):
        values = self.obj_get_changes()
        values.pop('id', None)
        row = _service_update(self._context, self.id, values)
        self._from_db_object(self._context, self, row)

    @base.remotable
    def destroy(self):
        _service_destroy(self._context, self.id)


@base.register
class ServiceList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: initial
    # Version 1.1: get_all(changed_since)
    VERSION = '1.1'
    fields = {'objects': fields.ListOfObjectsField('Service')}

    @classmethod
    @base.remotable
    def get_all(cls, context, binary=None, host=None, changed_since=None):
        """Services; with ``changed_since``, only those created, updated or
        deleted since then (deleted ones included, ``deleted`` True)."""
        return cls.from_rows(context, Service,
                             _service_get_all(context, binary, host,
                                              changed_since))
