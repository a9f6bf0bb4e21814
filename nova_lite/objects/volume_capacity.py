"""VolumeCapacity: the last capacity report of a volume host.

Each ``nova-lite-volume`` writes it from its periodic task (through the
conductor); the volume scheduler reads all of them to know which hosts
exist and how large they are.
"""

from oslo_versionedobjects import fields

from nova_lite.db import api as db_api
from nova_lite.db.lazy import models, sa
from nova_lite.objects import base
from nova_lite import utils

_REPORTED = ('availability_zone', 'total_gb', 'free_gb', 'allocated_gb')


@db_api.writer
def _capacity_upsert(context, host, values):
    row = context.session.get(models.VolumeCapacity, host)
    if row is None:
        row = models.VolumeCapacity(host=host, **values)
        context.session.add(row)
    else:
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_at = utils.utcnow()
    context.session.flush()
    return row


@db_api.reader
def _capacity_get_all(context):
    return context.session.scalars(sa.select(models.VolumeCapacity).order_by(
        models.VolumeCapacity.host)).all()


@base.register
class VolumeCapacity(base.NovaLiteObject):
    # Version 1.0: initial
    VERSION = '1.0'

    fields = {
        'host': fields.StringField(),
        'availability_zone': fields.StringField(),
        'total_gb': fields.IntegerField(),
        'free_gb': fields.IntegerField(),
        'allocated_gb': fields.IntegerField(),
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
    }

    @base.remotable
    def report(self):
        """Insert or replace this host's report."""
        values = {name: getattr(self, name) for name in _REPORTED}
        self._from_db_object(self._context, self, _capacity_upsert(
            self._context, self.host, values))


@base.register
class VolumeCapacityList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: initial
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('VolumeCapacity')}

    @classmethod
    @base.remotable
    def get_all(cls, context):
        return cls.from_rows(context, VolumeCapacity,
                             _capacity_get_all(context))
