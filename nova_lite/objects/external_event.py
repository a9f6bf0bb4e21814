"""InstanceExternalEvent: what another service reports about an instance.

Posted to ``/os-server-external-events`` (the network service reports its
port changes so), cast by the API to the instance's compute host, and handed
there to whoever waits for it (``compute/events.py``).  It only travels:
no table holds it.
"""

from oslo_versionedobjects import fields

from nova_lite.objects import base

EVENT_NAMES = ['network-changed', 'network-vif-plugged',
               'network-vif-unplugged', 'network-vif-deleted']
EVENT_STATUSES = ['in-progress', 'completed', 'failed']
COMPLETED = 'completed'


@base.register
class InstanceExternalEvent(base.NovaLiteObject):
    # Version 1.0: initial
    VERSION = '1.0'

    fields = {
        'instance_uuid': fields.UUIDField(),
        'name': fields.EnumField(EVENT_NAMES),
        'status': fields.EnumField(EVENT_STATUSES),
        'tag': fields.StringField(nullable=True, default=None),
    }

    @staticmethod
    def make_key(name, tag=None):
        """The key a waiter is filed under: ``name`` or ``name-tag``."""
        return name if tag is None else '%s-%s' % (name, tag)

    @property
    def key(self):
        return self.make_key(self.name,
                             self.tag if self.obj_attr_is_set('tag')
                             else None)
