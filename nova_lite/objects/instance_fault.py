"""InstanceFault: why an instance went to ERROR (the server's fault)."""

from oslo_versionedobjects import fields

from nova_lite.db import api as db_api
from nova_lite.db.lazy import models, sa
from nova_lite.objects import base

_MESSAGE_MAX = 255


@db_api.writer
def _fault_create(context, values):
    row = models.InstanceFault(**values)
    context.session.add(row)
    context.session.flush()
    return row


@db_api.reader
def _fault_get_latest(context, instance_uuids):
    if not instance_uuids:
        return []
    newest = sa.select(sa.func.max(models.InstanceFault.id)).where(
        models.InstanceFault.instance_uuid.in_(instance_uuids)).group_by(
            models.InstanceFault.instance_uuid)
    return context.session.scalars(sa.select(models.InstanceFault).where(
        models.InstanceFault.id.in_(newest))).all()


@base.register
class InstanceFault(base.NovaLiteObject):
    # Version 1.0: initial
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(read_only=True),
        'instance_uuid': fields.UUIDField(),
        'code': fields.IntegerField(),
        'message': fields.StringField(nullable=True),
        'details': fields.StringField(nullable=True),
        'host': fields.StringField(nullable=True),
        'created_at': fields.DateTimeField(nullable=True),
    }

    @classmethod
    def from_exception(cls, context, instance_uuid, error, host=None,
                       details=None):
        """A fault describing ``error``; ``details`` is admin-only detail."""
        code = getattr(error, 'code', 500)
        if not isinstance(code, int):
            code = 500
        message = (error.format_message() if hasattr(error, 'format_message')
                   else str(error)) or error.__class__.__name__
        fault = cls(context, instance_uuid=instance_uuid, code=code,
                    message=message[:_MESSAGE_MAX], host=host,
                    details=details if details is not None else message)
        return fault

    @base.remotable
    def create(self):
        values = self.obj_get_changes()
        self._from_db_object(self._context, self,
                             _fault_create(self._context, values))


@base.register
class InstanceFaultList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: initial
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('InstanceFault')}

    @classmethod
    @base.remotable
    def get_latest_by_instance_uuids(cls, context, instance_uuids):
        return cls.from_rows(context, InstanceFault,
                             _fault_get_latest(context, instance_uuids))
