"""Instance: a server, from the API's create to its deletion."""

from oslo_versionedobjects import fields

from nova_lite.compute import states
from nova_lite.db import api as db_api
from nova_lite.db.lazy import models, sa
from nova_lite import exception
from nova_lite.objects import base
from nova_lite.objects import flavor as flavor_obj
from nova_lite.objects import instance_action
from nova_lite.objects import instance_fault
from nova_lite import utils

_JSON_FIELDS = ('flavor', 'metadata', 'network_info')
_LAZY = ('fault',)
_COLUMN = {'metadata': 'metadata_'}
_SORT_KEYS = {'created_at', 'updated_at', 'display_name', 'uuid', 'host',
              'vm_state', 'launched_at', 'id'}


def _columns(values, orm=True):
    """Field values as the model's attributes (``orm``) or as the table's
    columns (Core statements) take them."""
    out = {}
    for name, value in values.items():
        if name == 'flavor':
            value = base.json_dump(value.obj_to_primitive())
        elif name in ('metadata', 'network_info'):
            value = base.json_dump(value)
        out[_COLUMN.get(name, name) if orm else name] = value
    return out


def _not_deleted(context, query):
    if context.read_deleted == 'no':
        query = query.where(models.Instance.deleted == 0)
    elif context.read_deleted == 'only':
        query = query.where(models.Instance.deleted != 0)
    return query


@db_api.reader
def _instance_get(context, uuid):
    query = _not_deleted(context, sa.select(models.Instance).where(
        models.Instance.uuid == uuid))
    row = context.session.scalars(query).first()
    if row is None:
        raise exception.InstanceNotFound(instance_id=uuid)
    return row


@db_api.writer
def _instance_create(context, values):
    row = models.Instance(**_columns(values))
    context.session.add(row)
    context.session.flush()
    return row


@db_api.writer
def _instance_update(context, uuid, values, expected, action_event=None,
                     request_id=None):
    """Compare-and-swap update; ``expected``: column -> allowed values;
    ``action_event``: an instance-action event written in the same
    transaction (only if the update is), under the action of
    ``request_id`` (default: the context's)."""
    # A Core statement on the table, run on the connection: the ORM's
    # bulk-update path costs more than the UPDATE (two saves per build).
    table = models.Instance.__table__
    update = sa.update(table).where(table.c.uuid == uuid,
                                    table.c.deleted == 0)
    for column, allowed in expected.items():
        col = table.c[column]
        allowed = list(allowed)
        cond = col.in_([v for v in allowed if v is not None])
        if None in allowed:
            cond = sa.or_(cond, col.is_(None))
        update = update.where(cond)
    # The connection first, then the clock: a wait for a pooled connection
    # must not age ``updated_at`` before the row is even written (pollers
    # read ``changes-since`` with a small margin).
    connection = context.session.connection()
    now = utils.utcnow()
    values = dict(_columns(values, orm=False), updated_at=now)
    count = connection.execute(update.values(**values)).rowcount
    if count != 1:
        row = _instance_get(context, uuid)  # raises if deleted meanwhile
        column = next(iter(expected))
        raise exception.UnexpectedTaskStateError(
            instance_uuid=uuid, expected=expected[column],
            actual=getattr(row, column))
    if action_event:
        instance_action.write_carried(context, uuid, action_event,
                                      request_id=request_id)
    return now


def write_pending(context, write):
    """Do one :meth:`Instance.pending_write` in the caller's transaction;
    returns ``{'updated_at': ...}``, or ``{'error': name, 'kwargs': ...}``
    when the compare-and-swap lost or the instance is gone (the others of
    the transaction go on)."""
    # The values crossed RPC as plain data (times as strings): typed as
    # Instance.save would have them.
    probe = Instance()
    values = {name: Instance.fields[name].coerce(probe, name, value)
              for name, value in write['values'].items()}
    try:
        return {'updated_at': _instance_update(
            context, write['uuid'], values, write['expected'],
            write.get('action_event'), write.get('request_id'))}
    except (exception.InstanceNotFound,
            exception.UnexpectedTaskStateError) as exc:
        return {'error': type(exc).__name__, 'kwargs': exc.kwargs}


def write_result(instance, result):
    """Apply what :func:`write_pending` answered to ``instance``; raises
    its error."""
    error = result.get('error')
    if error is not None:
        raise getattr(exception, error)(**result['kwargs'])
    instance.saved(result['updated_at'])


@db_api.writer
def _instance_destroy(context, uuid):
    now = utils.utcnow()
    count = context.session.execute(sa.update(models.Instance).where(
        models.Instance.uuid == uuid, models.Instance.deleted == 0).values(
            deleted=models.Instance.id, deleted_at=now, terminated_at=now,
            vm_state=states.DELETED, task_state=None, updated_at=now)
    ).rowcount
    if not count:
        raise exception.InstanceNotFound(instance_id=uuid)


@db_api.reader
def placement_states(context, uuids):
    """{uuid: (host, deleted, vm_state)} of these instances, deleted ones
    included: the four columns the scheduler needs to end its in-flight
    claims, without loading whole instances (DB side only).  A Core
    statement built once, run on the transaction's connection: the ORM
    layer costs more than the query (it runs on every scheduling)."""
    if not uuids:
        return {}
    query = _PLACEMENT_QUERY.get('query')
    if query is None:
        cols = models.Instance
        query = _PLACEMENT_QUERY['query'] = sa.select(
            cols.uuid, cols.host, cols.deleted, cols.vm_state).where(
                cols.uuid.in_(sa.bindparam('uuids', expanding=True)))
    rows = context.session.connection().execute(
        query, {'uuids': list(uuids)})
    return {row.uuid: (row.host, row.deleted, row.vm_state) for row in rows}


_PLACEMENT_QUERY = {}  # built on first use: computes never import models


@db_api.reader
def _instance_get_all(context, filters, sort_key, sort_dir, limit, marker):
    query = _not_deleted(context, sa.select(models.Instance))
    cols = models.Instance
    for key in ('project_id', 'user_id', 'host', 'node', 'image_ref'):
        if filters.get(key) is not None:
            query = query.where(getattr(cols, key) == filters[key])
    if filters.get('vm_state') is not None:
        query = query.where(cols.vm_state.in_(filters['vm_state']))
    if filters.get('task_state') is not None:
        query = query.where(cols.task_state.in_(filters['task_state']))
    if filters.get('updated_before') is not None:
        query = query.where(sa.func.coalesce(cols.updated_at,
                                             cols.created_at) <
                            filters['updated_before'])
    if filters.get('uuid') is not None:
        query = query.where(cols.uuid.in_(filters['uuid']))
    if filters.get('name'):
        # A regular expression, as in Nova (the API checks it compiles).
        query = query.where(cols.display_name.regexp_match(filters['name']))
    if filters.get('changes-since') is not None:
        query = query.where(cols.updated_at >= filters['changes-since'])
    column = getattr(cols, sort_key)
    desc = sort_dir == 'desc'
    query = query.order_by(column.desc() if desc else column.asc(),
                           cols.id.desc() if desc else cols.id.asc())
    if marker is not None:
        mctx = context
        mrow = context.session.scalars(sa.select(models.Instance).where(
            cols.uuid == marker)).first()
        if mrow is None or (mctx.project_id and not mctx.is_admin and
                            mrow.project_id != mctx.project_id):
            raise exception.Invalid(reason='marker [%s] not found' % marker)
        mark = getattr(mrow, sort_key)
        if mark is None:
            tie = cols.id < mrow.id if desc else cols.id > mrow.id
            query = query.where(sa.and_(column.is_(None), tie)) if not desc \
                else query.where(sa.or_(column.isnot(None), tie))
        else:
            beyond = column < mark if desc else column > mark
            tie = sa.and_(column == mark,
                          cols.id < mrow.id if desc else cols.id > mrow.id)
            query = query.where(sa.or_(beyond, tie))
    if limit is not None:
        query = query.limit(limit)
    return context.session.scalars(query).all()


@base.register
class Instance(base.TimestampedObject, base.NovaLiteObject):
    # Version 1.0: initial
    # Version 1.1: network_info
    # Version 1.2: save(action_event)
    VERSION = '1.2'

    fields = {
        'id': fields.IntegerField(read_only=True),
        'uuid': fields.UUIDField(),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'display_name': fields.StringField(nullable=True),
        'display_description': fields.StringField(nullable=True),
        'hostname': fields.StringField(nullable=True),
        'image_ref': fields.StringField(nullable=True),
        'flavor': fields.ObjectField('Flavor'),
        'memory_mb': fields.IntegerField(nullable=True),
        'vcpus': fields.IntegerField(nullable=True),
        'root_gb': fields.IntegerField(nullable=True),
        'ephemeral_gb': fields.IntegerField(nullable=True),
        'host': fields.StringField(nullable=True),
        'node': fields.StringField(nullable=True),
        'vm_state': fields.StringField(nullable=True),
        'task_state': fields.StringField(nullable=True),
        'power_state': fields.IntegerField(nullable=True),
        'launched_at': fields.DateTimeField(nullable=True),
        'terminated_at': fields.DateTimeField(nullable=True),
        'availability_zone': fields.StringField(nullable=True),
        'reservation_id': fields.StringField(nullable=True),
        'launch_index': fields.IntegerField(nullable=True),
        'locked': fields.BooleanField(default=False),
        'metadata': fields.DictOfStringsField(default={}),
        'key_name': fields.StringField(nullable=True),
        'config_drive': fields.StringField(nullable=True),
        'user_data': fields.StringField(nullable=True),
        'fault': fields.ObjectField('InstanceFault', nullable=True),
        # the VIFs of the instance as the network service last described
        # them (see nova_lite/network/neutron.py): a cache, refreshed on
        # ``network-changed``
        'network_info': base.JSONField(nullable=True, default=[]),
    }

    def obj_make_compatible(self, primitive, target_version):
        super().obj_make_compatible(primitive, target_version)
        base.drop_fields_below(primitive, target_version,
                               {'network_info': '1.1'})

    @classmethod
    def _from_db_object(cls, context, obj, row, skip=(), faults=None):
        super()._from_db_object(context, obj, row,
                                skip=_JSON_FIELDS + _LAZY)
        obj.flavor = flavor_obj.Flavor.obj_from_primitive(
            base.json_load(row.flavor))
        obj.metadata = base.json_load(row.metadata_, {})
        obj.network_info = base.json_load(row.network_info, [])
        if faults is not None:
            obj.fault = faults.get(row.uuid)
        obj.obj_reset_changes(recursive=True)
        return obj

    @property
    def name(self):
        return self.display_name

    def obj_load_attr(self, attrname):
        if attrname != 'fault':
            raise exception.ObjectActionError(
                action='obj_load_attr',
                reason='attribute %s not lazy-loadable' % attrname)
        faults = instance_fault.InstanceFaultList.get_latest_by_instance_uuids(
            self._context, [self.uuid])
        self.fault = faults[0] if faults else None
        self.obj_reset_changes(['fault'])

    @classmethod
    @base.remotable
    def get_by_uuid(cls, context, uuid, expected_attrs=None):
        row = _instance_get(context, uuid)
        faults = None
        if expected_attrs and 'fault' in expected_attrs:
            faults = _faults_by_uuid(context, [uuid])
        return cls._from_db_object(context, cls(), row, faults=faults)

    @base.remotable
    def create(self):
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        self.obj_set_defaults('locked', 'metadata', 'network_info')
        values = self.obj_get_changes()
        values.pop('fault', None)
        self._from_db_object(self._context, self,
                             _instance_create(self._context, values))

    @base.remotable
    def save(self, expected_task_state=None, expected_vm_state=None,
             action_event=None):
        """Write the changed fields.

        ``expected_task_state`` / ``expected_vm_state`` (a value or a list)
        make the write a compare-and-swap: a state changed by someone else
        raises UnexpectedTaskStateError instead of being overwritten.
        ``action_event`` (from ``compute/action_events.py``): the start or
        the end of an instance-action event, written with the save, so a
        build's step costs no conductor call of its own; or a list of new
        events (the build's start after the finished events handed to it).
        """
        write = self.pending_write(expected_task_state, expected_vm_state,
                                   action_event)
        if not write['values']:
            if action_event:
                instance_action.write_carried(self._context, self.uuid,
                                              action_event)
            return
        # The row now holds what this object holds: no read back (a save
        # is on every build's path, twice).
        self.saved(_instance_update(self._context, self.uuid,
                                    write['values'], write['expected'],
                                    action_event))

    def pending_write(self, expected_task_state=None, expected_vm_state=None,
                      action_event=None):
        """What :meth:`save` would write, as plain data another object's
        remote call can carry (see ``ComputeNode.save(bindings=...)``):
        ``uuid``, ``values``, ``expected`` (column -> allowed values),
        ``action_event`` and ``request_id``: the request whose action the
        event joins (the carrying call may run under another's)."""
        values = self.obj_get_changes()
        for name in ('id', 'uuid', 'fault', 'created_at', 'updated_at',
                     'deleted', 'deleted_at'):
            values.pop(name, None)
        expected = {}
        for column, value in (('task_state', expected_task_state),
                              ('vm_state', expected_vm_state)):
            if value is not None:
                expected[column] = list(value) \
                    if isinstance(value, (list, tuple)) else [value]
        return {'uuid': self.uuid, 'values': values, 'expected': expected,
                'action_event': action_event,
                'request_id': getattr(self._context, 'request_id', None)}

    def saved(self, updated_at):
        """The pending write landed (``updated_at``: its stamp)."""
        self.updated_at = updated_at
        self.obj_reset_changes(recursive=True)

    @base.remotable
    def destroy(self):
        _instance_destroy(self._context, self.uuid)
        self.deleted = True
        self.vm_state = states.DELETED
        self.task_state = None
        self.obj_reset_changes()


def _faults_by_uuid(context, uuids):
    return {row.instance_uuid: instance_fault.InstanceFault._from_db_object(
        context, instance_fault.InstanceFault(), row)
        for row in instance_fault._fault_get_latest(context, uuids)}


@base.register
class InstanceList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: initial
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('Instance')}

    @classmethod
    @base.remotable
    def get_by_filters(cls, context, filters, sort_key='created_at',
                       sort_dir='desc', limit=None, marker=None,
                       expected_attrs=None):
        if sort_key not in _SORT_KEYS:
            raise exception.Invalid(reason='invalid sort_key %s' % sort_key)
        rows = _instance_get_all(context, filters, sort_key, sort_dir, limit,
                                 marker)
        faults = None
        if expected_attrs and 'fault' in expected_attrs:
            faults = _faults_by_uuid(context, [r.uuid for r in rows
                                               if r.vm_state == states.ERROR])
        return cls.from_rows(context, Instance, rows, faults=faults)

    @classmethod
    @base.remotable
    def get_by_host(cls, context, host):
        return cls.get_by_filters(context, {'host': host}, sort_key='id',
                                  sort_dir='asc')
