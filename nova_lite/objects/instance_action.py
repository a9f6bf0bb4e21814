"""InstanceAction and InstanceActionEvent: the timeline of a server.

The API records an action per request on an instance (``create``,
``delete``, ``stop``, ...) under the request id of that API request; the
services record events (one per service step: ``conductor_...``,
``scheduler_...``, ``compute_...``) under the same request id, which
travels with the RPC context.  Computes have no DB: their ``event_start``
and ``finish`` run on the conductor like every remotable method; a build
hands its event's start and end to the instance saves it makes anyway
(``Instance.save(action_event=...)``).  Written through
``compute/action_events.py``, read by ``os-instance-actions``.
"""

import datetime
import traceback as tb_module
import types

from oslo_versionedobjects import fields

from nova_lite.db import api as db_api
from nova_lite.db.lazy import models, sa
from nova_lite import exception
from nova_lite.objects import base
from nova_lite import utils

SUCCESS = 'Success'
ERROR = 'Error'
_MESSAGE_MAX = 255


@db_api.writer
def _action_create(context, values):
    row = models.InstanceAction(**values)
    context.session.add(row)
    context.session.flush()
    return row


def _action_query(instance_uuid, request_id, what=None):
    """The actions of this request on the instance, newest first (``what``:
    the columns to select; default the whole row)."""
    return sa.select(what if what is not None else models.InstanceAction
                     ).where(
        models.InstanceAction.instance_uuid == instance_uuid,
        models.InstanceAction.request_id == request_id).order_by(
            models.InstanceAction.id.desc())


@db_api.reader
def _action_get_by_request_id(context, instance_uuid, request_id):
    row = context.session.scalars(
        _action_query(instance_uuid, request_id)).first()
    if row is None:
        raise exception.InstanceActionNotFound(request_id=request_id,
                                               instance_uuid=instance_uuid)
    return row


@db_api.reader
def _actions_get(context, instance_uuid):
    return context.session.scalars(sa.select(models.InstanceAction).where(
        models.InstanceAction.instance_uuid == instance_uuid).order_by(
            models.InstanceAction.start_time.desc(),
            models.InstanceAction.id.desc())).all()


def _statements():
    """The event writes' statements, built once (building one costs more
    CPU than running it; every build writes three events), run on the
    transaction's connection without the ORM session in between."""
    if _STATEMENTS:
        return _STATEMENTS
    actions = models.InstanceAction.__table__
    events = models.InstanceActionEvent.__table__
    param = sa.bindparam
    of_request = (actions.c.instance_uuid == param('instance_uuid'),
                  actions.c.request_id == param('request_id'))
    # the newest action of the request, with its unfinished event of
    # this name and host if there is one: one round trip
    started = sa.and_(events.c.action_id == actions.c.id,
                      events.c.event == param('event'),
                      events.c.host.is_not_distinct_from(param('host')),
                      events.c.finish_time.is_(None))
    _STATEMENTS.update(
        action=sa.select(actions.c.id).where(*of_request).order_by(
            actions.c.id.desc()).limit(1),
        action_started=sa.select(actions.c.id, events.c.id).select_from(
            actions.outerjoin(events, started)).where(*of_request).order_by(
                actions.c.id.desc(), events.c.id.desc()).limit(1),
        insert=sa.insert(events),
        # SET takes the columns of the parameters given
        event=sa.update(events).where(events.c.id == param('event_id')),
        action_of=sa.update(actions).where(actions.c.id == param('aid')),
        action_of_event=sa.update(actions).where(
            actions.c.id == sa.select(events.c.action_id).where(
                events.c.id == param('event_id')).scalar_subquery()))
    return _STATEMENTS


_STATEMENTS = {}


def _not_found(instance_uuid, request_id):
    return exception.InstanceActionNotFound(request_id=request_id,
                                            instance_uuid=instance_uuid)


def _action_end(values, now):
    """The action's columns when one of its events ends (the action ends
    with its last event; one failed event marks it)."""
    action = {'finish_time': values.get('finish_time'), 'updated_at': now}
    if values.get('result') == ERROR:
        action['message'] = ERROR
    return action


@db_api.writer
def _event_start(context, instance_uuid, request_id, values):
    """Insert the event under the request's action: three statements, no
    ORM unit of work."""
    st, conn = _statements(), context.session.connection()
    action_id = conn.execute(st['action'], {
        'instance_uuid': instance_uuid, 'request_id': request_id}).scalar()
    if action_id is None:
        raise _not_found(instance_uuid, request_id)
    row = dict({'finish_time': None, 'result': None, 'traceback': None,
                'details': None, 'host': None}, **values)
    row.update(action_id=action_id, created_at=utils.utcnow(),
               updated_at=None)
    row['id'] = conn.execute(st['insert'], row).inserted_primary_key[0]
    conn.execute(st['action_of'], {'aid': action_id,
                                   'updated_at': row['created_at']})
    return types.SimpleNamespace(**row)


@db_api.writer
def _event_finish(context, event_id, values):
    """Finish the event and its action: two UPDATEs."""
    st, conn = _statements(), context.session.connection()
    now = utils.utcnow()
    count = conn.execute(st['event'], dict(
        values, event_id=event_id, updated_at=now)).rowcount
    if count != 1:
        raise exception.InstanceActionEventNotFound(event_id=event_id)
    action = _action_end(values, now)
    del action['updated_at']  # an end alone does not move the action
    conn.execute(st['action_of_event'], dict(action, event_id=event_id))
    return types.SimpleNamespace(**values)


@db_api.writer
def _event_record(context, instance_uuid, request_id, values):
    """Write a finished event and end its action, in one transaction.

    The event's start may have been written already, carried by an
    instance save (see :func:`write_carried`): the unfinished row of this
    event and host is finished then.  (A step repeated under one request,
    a scheduling pass per attempt, has no unfinished row: each pass is a
    row of its own.)
    """
    st, conn = _statements(), context.session.connection()
    found = conn.execute(st['action_started'], {
        'instance_uuid': instance_uuid, 'request_id': request_id,
        'event': values['event'], 'host': values.get('host')}).first()
    if found is None:
        raise _not_found(instance_uuid, request_id)
    action_id, started = found
    now = utils.utcnow()
    values = dict(values, start_time=_as_datetime(values['start_time']))
    row = dict({'traceback': None, 'details': None, 'host': None}, **values)
    row.update(action_id=action_id, created_at=now, updated_at=now)
    if started is None:
        row['id'] = conn.execute(st['insert'], row).inserted_primary_key[0]
    else:
        row['id'] = started
        conn.execute(st['event'], {
            'event_id': started, 'finish_time': values['finish_time'],
            'result': values['result'], 'updated_at': now,
            'traceback': values.get('traceback'),
            'details': values.get('details')})
    conn.execute(st['action_of'], dict(_action_end(values, now),
                                       aid=action_id))
    return types.SimpleNamespace(**row)


def _as_datetime(value):
    """A time that crossed RPC as its ISO string, or is still a datetime."""
    if isinstance(value, str):
        return utils.as_naive_utc(datetime.datetime.fromisoformat(value))
    return value


@db_api.writer
def _events_insert(context, instance_uuid, request_id, events):
    """Insert new event rows under the request's action, in one go: the
    finished events of the steps before this one (conductor, scheduler),
    handed down the build, and this step's start.  Three statements
    however many events: the action, one multi-row INSERT, the action's
    end (the last finish, Error if any failed)."""
    st, conn = _statements(), context.session.connection()
    action_id = conn.execute(st['action'], {
        'instance_uuid': instance_uuid, 'request_id': request_id}).scalar()
    if action_id is None:
        raise _not_found(instance_uuid, request_id)
    now = utils.utcnow()
    rows = []
    for values in events:
        row = dict({'finish_time': None, 'result': None, 'traceback': None,
                    'details': None, 'host': None}, **values)
        row['start_time'] = _as_datetime(row['start_time'])
        if row['finish_time'] is not None:
            row['finish_time'] = _as_datetime(row['finish_time'])
        row.update(action_id=action_id, created_at=now,
                   updated_at=now if row['finish_time'] else None)
        rows.append(row)
    conn.execute(st['insert'], rows)
    action = {'updated_at': now}
    finished = [row for row in rows if row['finish_time'] is not None]
    if finished:
        action.update(_action_end(
            max(finished, key=lambda row: row['finish_time']), now))
        if any(row['result'] == ERROR for row in finished):
            action['message'] = ERROR
    conn.execute(st['action_of'], dict(action, aid=action_id))


@db_api.writer
def write_carried(context, instance_uuid, values, request_id=None):
    """Write an event carried by another write (an instance save): its
    start (no ``finish_time``) or its end, in the caller's transaction
    (joined when called inside one).  A list is new rows only, written
    together (see :func:`_events_insert`): finished events handed down
    and a start.

    The event joins the action of ``request_id``, by default the
    context's: a node save carrying the bindings of several claims runs
    under one of their requests, or none.

    Best effort as every event: a request that recorded no action (a
    periodic task) writes nothing and does not fail the save.
    """
    request_id = request_id or context.request_id
    if isinstance(values, list):
        try:
            _events_insert(context, instance_uuid, request_id, values)
        except exception.InstanceActionNotFound:
            pass
        return
    values = dict(values, start_time=_as_datetime(values['start_time']))
    try:
        if values.get('finish_time') is None:
            _event_start(context, instance_uuid, request_id, values)
        else:
            values['finish_time'] = _as_datetime(values['finish_time'])
            _event_record(context, instance_uuid, request_id, values)
    except exception.InstanceActionNotFound:
        pass


@db_api.reader
def _events_get(context, action_id):
    return context.session.scalars(sa.select(models.InstanceActionEvent).where(
        models.InstanceActionEvent.action_id == action_id).order_by(
            models.InstanceActionEvent.start_time.desc(),
            models.InstanceActionEvent.id.desc())).all()


@base.register
class InstanceAction(base.NovaLiteObject):
    # Version 1.0: initial
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(read_only=True),
        'action': fields.StringField(),
        'instance_uuid': fields.UUIDField(),
        'request_id': fields.StringField(),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'start_time': fields.DateTimeField(nullable=True),
        'finish_time': fields.DateTimeField(nullable=True),
        'message': fields.StringField(nullable=True),
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
    }

    @classmethod
    @base.remotable
    def action_start(cls, context, instance_uuid, action):
        """Record ``action`` on the instance under the request's id."""
        row = _action_create(context, {
            'instance_uuid': instance_uuid, 'action': action,
            'request_id': context.request_id, 'user_id': context.user_id,
            'project_id': context.project_id,
            'start_time': utils.utcnow()})
        return cls._from_db_object(context, cls(), row)

    @classmethod
    @base.remotable
    def get_by_request_id(cls, context, instance_uuid, request_id):
        return cls._from_db_object(context, cls(), _action_get_by_request_id(
            context, instance_uuid, request_id))


@base.register
class InstanceActionList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: initial
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('InstanceAction')}

    @classmethod
    @base.remotable
    def get_by_instance_uuid(cls, context, instance_uuid):
        """Newest first."""
        return cls.from_rows(context, InstanceAction,
                             _actions_get(context, instance_uuid))


@base.register
class InstanceActionEvent(base.NovaLiteObject):
    # Version 1.0: initial
    # Version 1.1: event_record
    # Version 1.2: events_write
    VERSION = '1.2'

    fields = {
        'id': fields.IntegerField(read_only=True),
        'action_id': fields.IntegerField(),
        'event': fields.StringField(),
        'start_time': fields.DateTimeField(nullable=True),
        'finish_time': fields.DateTimeField(nullable=True),
        'result': fields.StringField(nullable=True),
        'traceback': fields.StringField(nullable=True),
        'host': fields.StringField(nullable=True),
        'details': fields.StringField(nullable=True),
    }

    @classmethod
    @base.remotable
    def event_start(cls, context, instance_uuid, event, host=None):
        """Start ``event`` in the action of this request on the instance.

        Raises InstanceActionNotFound when the request recorded none.
        """
        row = _event_start(context, instance_uuid, context.request_id, {
            'event': event, 'host': host, 'start_time': utils.utcnow()})
        return cls._from_db_object(context, cls(), row)

    @classmethod
    @base.remotable
    def event_record(cls, context, instance_uuid, event, start_time,
                     host=None, result=SUCCESS, traceback=None,
                     details=None):
        """Record ``event``, begun at ``start_time`` and finished now, in
        one write: for a short step, where ``event_start`` + ``finish``
        would be two transactions for an event nobody sees in between;
        or the end of a step whose start an instance save carried (its
        unfinished row is finished)."""
        row = _event_record(context, instance_uuid, context.request_id, {
            'event': event, 'host': host, 'start_time': start_time,
            'finish_time': utils.utcnow(), 'result': result,
            'traceback': traceback, 'details': details})
        return cls._from_db_object(context, cls(), row)

    @classmethod
    @base.remotable
    def events_write(cls, context, instance_uuid, events):
        """Write new event rows together (:func:`_events_insert`): the
        finished steps handed down a build, when the step that was to
        carry them ended first.  Raises InstanceActionNotFound when the
        request recorded no action."""
        _events_insert(context, instance_uuid, context.request_id, events)

    @base.remotable
    def finish(self, result=SUCCESS, traceback=None, details=None):
        """Record the end; an ``Error`` marks the action's message too."""
        row = _event_finish(self._context, self.id, {
            'finish_time': utils.utcnow(), 'result': result,
            'traceback': traceback, 'details': details})
        self._from_db_object(self._context, self, row, skip=('id',))

    def finish_with_error(self, error):
        """Finish as ``Error`` with ``error``'s message and traceback."""
        self.finish(result=ERROR, **error_fields(error))


def error_fields(error):
    """``traceback`` and ``details`` of an event that ended in ``error``."""
    trace = ''.join(tb_module.format_exception(
        type(error), error, error.__traceback__))
    message = (error.format_message()
               if hasattr(error, 'format_message') else str(error))
    return {'traceback': trace,
            'details': (message or error.__class__.__name__)[:_MESSAGE_MAX]}


@base.register
class InstanceActionEventList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: initial
    # Version 1.1: InstanceActionEvent 1.1
    VERSION = '1.1'
    fields = {'objects': fields.ListOfObjectsField('InstanceActionEvent')}

    @classmethod
    @base.remotable
    def get_by_action(cls, context, action_id):
        """Newest first, as Nova lists them."""
        return cls.from_rows(context, InstanceActionEvent,
                             _events_get(context, action_id))
