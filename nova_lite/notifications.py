"""Versioned notifications, shaped as Nova emits them.

Each ``instance.<action>.start|end|error`` and ``compute.exception``
carries a versioned-object payload serialised with Nova's keys
(``nova_object.name``, ``.namespace``, ``.version``, ``.data``), so tools
that read Nova's notifications read ours.  They go out through the
messagingv2 driver on ``[notifications] versioned_notifications_topics``
(Nova's ``versioned_notifications`` by default); with no driver, no
payload is built.  Sending is best effort:
a failure is logged and never fails the action it describes.

The payload objects live in their own registry: they are never RPC
arguments, only notification bodies.
"""

from oslo_log import log as logging
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields

from nova_lite import rpc

LOG = logging.getLogger(__name__)


class _PayloadRegistry(ovo_base.VersionedObjectRegistry):
    pass


class _Payload(ovo_base.VersionedObject):
    # Nova's serial keys: consumers of Nova's notifications parse these.
    OBJ_SERIAL_NAMESPACE = 'nova_object'
    OBJ_PROJECT_NAMESPACE = 'nova'


@_PayloadRegistry.register
class FlavorPayload(_Payload):
    # Version 1.0: initial
    VERSION = '1.0'
    fields = {
        'flavorid': fields.StringField(nullable=True),
        'name': fields.StringField(nullable=True),
        'memory_mb': fields.IntegerField(nullable=True),
        'vcpus': fields.IntegerField(nullable=True),
        'root_gb': fields.IntegerField(nullable=True),
        'ephemeral_gb': fields.IntegerField(nullable=True),
    }


@_PayloadRegistry.register
class ExceptionPayload(_Payload):
    # Version 1.0: initial
    VERSION = '1.0'
    fields = {
        'exception': fields.StringField(),
        'exception_message': fields.StringField(),
        'module_name': fields.StringField(nullable=True),
        'function_name': fields.StringField(nullable=True),
    }

    @classmethod
    def from_exception(cls, error, function_name=None):
        message = (error.format_message()
                   if hasattr(error, 'format_message') else str(error))
        return cls(exception=error.__class__.__name__,
                   exception_message=message or error.__class__.__name__,
                   module_name=error.__class__.__module__,
                   function_name=function_name)


@_PayloadRegistry.register
class InstanceActionPayload(_Payload):
    """What Nova's InstanceActionPayload says about a server, in short."""
    # Version 1.0: initial
    VERSION = '1.0'
    fields = {
        'uuid': fields.UUIDField(),
        'display_name': fields.StringField(nullable=True),
        'host': fields.StringField(nullable=True),
        'node': fields.StringField(nullable=True),
        'state': fields.StringField(nullable=True),
        'task_state': fields.StringField(nullable=True),
        'power_state': fields.IntegerField(nullable=True),
        'tenant_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'image_uuid': fields.StringField(nullable=True),
        'flavor': fields.ObjectField('FlavorPayload', nullable=True),
        'action_initiator_user': fields.StringField(nullable=True),
        'action_initiator_project': fields.StringField(nullable=True),
        'fault': fields.ObjectField('ExceptionPayload', nullable=True),
        # set on instance.resize*/migrate notifications
        'new_flavor': fields.ObjectField('FlavorPayload', nullable=True),
    }

    @classmethod
    def from_instance(cls, context, instance, fault=None, new_flavor=None):
        def get(name):
            return getattr(instance, name) \
                if instance.obj_attr_is_set(name) else None
        return cls(uuid=instance.uuid, display_name=get('display_name'),
                   host=get('host'), node=get('node'),
                   state=get('vm_state'), task_state=get('task_state'),
                   power_state=get('power_state'),
                   tenant_id=get('project_id'), user_id=get('user_id'),
                   image_uuid=get('image_ref'),
                   flavor=_flavor(get('flavor')),
                   action_initiator_user=context.user_id,
                   action_initiator_project=context.project_id,
                   fault=fault, new_flavor=_flavor(new_flavor))


def _flavor(flavor):
    if flavor is None:
        return None
    return FlavorPayload(flavorid=flavor.flavorid, name=flavor.name,
                         memory_mb=flavor.memory_mb, vcpus=flavor.vcpus,
                         root_gb=flavor.root_gb,
                         ephemeral_gb=flavor.ephemeral_gb)


def _send(notifier, context, event_type, payload, error=False):
    try:
        method = notifier.error if error else notifier.info
        method(context, event_type, payload.obj_to_primitive())
    except Exception:
        LOG.exception('Could not send notification %s', event_type)


def notify_instance(context, instance, action, phase, host,
                    binary='nova-compute', error=None, new_flavor=None):
    """Send ``instance.<action>.<phase>`` (phase start, end or error)."""
    notifier = rpc.get_versioned_notifier('%s:%s' % (binary, host))
    if notifier is None:
        return
    try:
        fault = None if error is None else \
            ExceptionPayload.from_exception(error)
        payload = InstanceActionPayload.from_instance(
            context, instance, fault=fault, new_flavor=new_flavor)
    except Exception:
        LOG.exception('Could not build the payload of instance.%s.%s',
                      action, phase)
        return
    _send(notifier, context, 'instance.%s.%s' % (action, phase), payload,
          error=phase == 'error')


def notify_exception(context, error, host, function_name=None,
                     binary='nova-compute'):
    """Send ``compute.exception`` for an error a compute step hit."""
    notifier = rpc.get_versioned_notifier('%s:%s' % (binary, host))
    if notifier is None:
        return
    _send(notifier, context, 'compute.exception',
          ExceptionPayload.from_exception(error, function_name), error=True)


class notify_action:
    """Context manager: ``instance.<action>.start`` on entry, ``.end`` on
    a clean exit, ``.error`` plus ``compute.exception`` when the body
    raises (the exception propagates) or calls :meth:`failed`."""

    def __init__(self, context, instance, action, host,
                 binary='nova-compute', new_flavor=None):
        self.args = (context, instance, action)
        self.host = host
        self.binary = binary
        self.new_flavor = new_flavor
        self.error = None

    def failed(self, error):
        self.error = error

    def __enter__(self):
        context, instance, action = self.args
        notify_instance(context, instance, action, 'start', self.host,
                        self.binary, new_flavor=self.new_flavor)
        return self

    def __exit__(self, exc_type, exc, tb):
        context, instance, action = self.args
        error = exc if exc is not None else self.error
        if error is None:
            notify_instance(context, instance, action, 'end', self.host,
                            self.binary, new_flavor=self.new_flavor)
        else:
            notify_instance(context, instance, action, 'error', self.host,
                            self.binary, error=error,
                            new_flavor=self.new_flavor)
            notify_exception(context, error, self.host, action, self.binary)
        return False
