"""RequestSpec: what the scheduler needs to place one boot request."""

from oslo_versionedobjects import fields

from nova_lite.db import api as db_api
from nova_lite.db.lazy import models, sa
from nova_lite import exception
from nova_lite.objects import base
from nova_lite.objects import flavor as flavor_obj

_STORED = ('project_id', 'user_id', 'flavor', 'image_ref',
           'image_properties', 'num_instances', 'availability_zone',
           'ignore_hosts', 'retry_hosts', 'num_attempts', 'scheduler_hints',
           'retry_reasons', 'alternates', 'requested_networks')


@db_api.reader
def _spec_get(context, instance_uuid):
    row = context.session.scalars(sa.select(models.RequestSpec).where(
        models.RequestSpec.instance_uuid == instance_uuid)).first()
    if row is None:
        raise exception.RequestSpecNotFound(instance_uuid=instance_uuid)
    return row


@db_api.writer
def _spec_insert(context, instance_uuid, spec):
    """A new instance's spec: one INSERT, no read first."""
    row = models.RequestSpec(instance_uuid=instance_uuid, spec=spec)
    context.session.add(row)
    context.session.flush()
    return row.id


@db_api.writer
def _spec_upsert(context, instance_uuid, spec):
    row = context.session.scalars(sa.select(models.RequestSpec).where(
        models.RequestSpec.instance_uuid == instance_uuid)).first()
    if row is None:
        row = models.RequestSpec(instance_uuid=instance_uuid)
        context.session.add(row)
    row.spec = spec
    context.session.flush()
    return row


@base.register
class RequestSpec(base.NovaLiteObject):
    # Version 1.0: initial
    # Version 1.1: retry_reasons, alternates
    # Version 1.2: requested_networks
    VERSION = '1.2'

    fields = {
        'id': fields.IntegerField(read_only=True),
        'instance_uuid': fields.UUIDField(),
        'project_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'flavor': fields.ObjectField('Flavor'),
        'image_ref': fields.StringField(nullable=True),
        'image_properties': fields.DictOfNullableStringsField(default={}),
        'num_instances': fields.IntegerField(default=1),
        'availability_zone': fields.StringField(nullable=True),
        'ignore_hosts': fields.ListOfStringsField(default=[]),
        'retry_hosts': fields.ListOfStringsField(default=[]),
        'num_attempts': fields.IntegerField(default=0),
        'scheduler_hints': fields.DictOfListOfStringsField(default={}),
        # host -> why the build failed there, for the final fault
        'retry_reasons': fields.DictOfStringsField(default={}),
        # hosts the scheduler ranked next, tried on reschedule before asking
        # the scheduler again: [{'host': ..., 'nodename': ...}]
        'alternates': fields.ListOfDictOfNullableStringsField(default=[]),
        # the ports to create or bind, resolved by the API:
        # [{'network_id': ..., 'port_id': ..., 'fixed_ip': ...}]
        'requested_networks': fields.ListOfDictOfNullableStringsField(
            default=[]),
    }

    def obj_make_compatible(self, primitive, target_version):
        super().obj_make_compatible(primitive, target_version)
        base.drop_fields_below(primitive, target_version,
                               {'retry_reasons': '1.1', 'alternates': '1.1',
                                'requested_networks': '1.2'})

    def describe_attempts(self):
        """``host (why it failed); ...`` for the hosts tried so far."""
        return '; '.join('%s (%s)' % (host, self.retry_reasons.get(
            host, 'failed')) for host in self.retry_hosts) or 'none'

    def _to_json(self):
        values = {}
        for name in _STORED:
            if not self.obj_attr_is_set(name):
                continue
            value = getattr(self, name)
            if name == 'flavor':
                value = value.obj_to_primitive()
            values[name] = value
        return base.json_dump(values)

    @classmethod
    def _from_db_object(cls, context, obj, row, skip=()):
        values = base.json_load(row.spec, {})
        flavor = values.pop('flavor', None)
        if flavor is not None:
            obj.flavor = flavor_obj.Flavor.obj_from_primitive(flavor)
        for name, value in values.items():
            setattr(obj, name, value)
        obj.id = row.id
        obj.instance_uuid = row.instance_uuid
        obj._context = context
        obj.obj_reset_changes(recursive=True)
        return obj

    @classmethod
    @base.remotable
    def get_by_instance_uuid(cls, context, instance_uuid):
        return cls._from_db_object(context, cls(),
                                   _spec_get(context, instance_uuid))

    @base.remotable
    def create(self):
        """Insert the spec of a new instance (the fields are what was
        written: nothing is read back)."""
        self.obj_set_defaults()
        self.id = _spec_insert(self._context, self.instance_uuid,
                               self._to_json())
        self.obj_reset_changes(recursive=True)

    @base.remotable
    def save(self):
        self._from_db_object(self._context, self, _spec_upsert(
            self._context, self.instance_uuid, self._to_json()))
