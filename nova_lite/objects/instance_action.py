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


def _action_query(instance_uuid, request_id):
    return sa.select(models.InstanceAction).where(
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


@db_api.writer
def _event_start(context, instance_uuid, request_id, values):
    action = context.session.scalars(
        _action_query(instance_uuid, request_id)).first()
    if action is None:
        raise exception.InstanceActionNotFound(request_id=request_id,
                                               instance_uuid=instance_uuid)
    row = models.InstanceActionEvent(action_id=action.id, **values)
    context.session.add(row)
    action.updated_at = utils.utcnow()
    context.session.flush()
    return row


@db_api.writer
def _event_finish(context, event_id, values):
    row = context.session.get(models.InstanceActionEvent, event_id)
    if row is None:
        raise exception.InstanceActionEventNotFound(event_id=event_id)
    for name, value in values.items():
        setattr(row, name, value)
    action = context.session.get(models.InstanceAction, row.action_id)
    # The action ends with its last event; one failed event marks it.
    action.finish_time = values.get('finish_time')
    if values.get('result') == ERROR:
        action.message = ERROR
    context.session.flush()
    return row


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
    VERSION = '1.0'

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

    @base.remotable
    def finish(self, result=SUCCESS, traceback=None, details=None):
        """Record the end; an ``Error`` marks the action's message too."""
        row = _event_finish(self._context, self.id, {
            'finish_time': utils.utcnow(), 'result': result,
            'traceback': traceback, 'details': details})
        self._from_db_object(self._context, self, row, skip=('id',))

    def finish_with_error(self, error):
        """Finish as ``Error`` with ``error``'s message and traceback."""
        trace = ''.join(tb_module.format_exception(
            type(error), error, error.__traceback__))
        message = (error.format_message()
                   if hasattr(error, 'format_message') else str(error))
        self.finish(result=ERROR, traceback=trace,
                    details=(message or error.__class__.__name__)[
                        :_MESSAGE_MAX])


@base.register
class InstanceActionEventList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: initial
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('InstanceActionEvent')}

    @classmethod
    @base.remotable
    def get_by_action(cls, context, action_id):
        """Newest first, as Nova lists them."""
        return cls.from_rows(context, InstanceActionEvent,
                             _events_get(context, action_id))
