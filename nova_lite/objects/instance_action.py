"""InstanceAction and InstanceActionEvent: the timeline of a server.

The API records an action per request on an instance (``create``,
``delete``, ``stop``, ...) under the request id of that API request; the
services record events (one per service step: ``conductor_...``,
``scheduler_...``, ``compute_...``) under the same request id, which
travels with the RPC context.  Computes have no DB: their ``event_start``
and ``finish`` run on the conductor like every remotable method.  Written
through ``compute/action_events.py``, read by ``os-instance-actions``.
"""

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


def _action_id(context, instance_uuid, request_id):
    """Id of the newest action of this request on the instance."""
    action_id = context.session.execute(_action_query(
        instance_uuid, request_id, models.InstanceAction.id).limit(1)
    ).scalar()
    if action_id is None:
        raise exception.InstanceActionNotFound(request_id=request_id,
                                               instance_uuid=instance_uuid)
    return action_id


@db_api.writer
def _event_start(context, instance_uuid, request_id, values):
    """Insert the event under the request's action: three statements, no
    ORM unit of work (the conductor runs this twice per build step)."""
    actions = models.InstanceAction.__table__
    events = models.InstanceActionEvent.__table__
    action_id = _action_id(context, instance_uuid, request_id)
    row = dict({'finish_time': None, 'result': None, 'traceback': None,
                'details': None, 'host': None}, **values)
    row.update(action_id=action_id, created_at=utils.utcnow())
    result = context.session.execute(sa.insert(events).values(**row))
    row['id'] = result.inserted_primary_key[0]
    context.session.execute(sa.update(actions).where(
        actions.c.id == action_id).values(updated_at=row['created_at']))
    return types.SimpleNamespace(**row)


@db_api.writer
def _event_finish(context, event_id, values):
    """Finish the event and its action (the action ends with its last
    event; one failed event marks it): two UPDATEs."""
    actions = models.InstanceAction.__table__
    events = models.InstanceActionEvent.__table__
    count = context.session.execute(sa.update(events).where(
        events.c.id == event_id).values(**values)).rowcount
    if count != 1:
        raise exception.InstanceActionEventNotFound(event_id=event_id)
    action = {'finish_time': values.get('finish_time')}
    if values.get('result') == ERROR:
        action['message'] = ERROR
    context.session.execute(sa.update(actions).where(
        actions.c.id == sa.select(events.c.action_id).where(
            events.c.id == event_id).scalar_subquery()).values(**action))
    return types.SimpleNamespace(**values)


@db_api.writer
def _event_record(context, instance_uuid, request_id, values):
    """Insert a finished event and end its action, in one transaction."""
    actions = models.InstanceAction.__table__
    events = models.InstanceActionEvent.__table__
    action_id = _action_id(context, instance_uuid, request_id)
    now = utils.utcnow()
    row = dict(values, action_id=action_id, created_at=now, updated_at=now)
    row['id'] = context.session.execute(
        sa.insert(events).values(**row)).inserted_primary_key[0]
    action = {'finish_time': values['finish_time'], 'updated_at': now}
    if values.get('result') == ERROR:
        action['message'] = ERROR
    context.session.execute(sa.update(actions).where(
        actions.c.id == action_id).values(**action))
    return types.SimpleNamespace(**row)


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
    VERSION = '1.1'

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
        would be two transactions for an event nobody sees in between."""
        row = _event_record(context, instance_uuid, context.request_id, {
            'event': event, 'host': host, 'start_time': start_time,
            'finish_time': utils.utcnow(), 'result': result,
            'traceback': traceback, 'details': details})
        return cls._from_db_object(context, cls(), row)

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
