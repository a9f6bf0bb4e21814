"""Volume usage notifications, as Cinder sends them.

``volume.create.start|end``, ``volume.delete.start|end``,
``snapshot.create.start|end`` … with Cinder's payload keys, published by
``volume.<host>`` through the process's notifier (the
``[oslo_messaging_notifications]`` driver; none configured sends nothing).
Best effort: a failure is logged and never fails the work it describes.
"""

from oslo_log import log as logging

from nova_lite import rpc
from nova_lite import utils

LOG = logging.getLogger(__name__)


def volume_payload(volume):
    def get(name):
        return getattr(volume, name) if volume.obj_attr_is_set(name) \
            else None
    return {'tenant_id': get('project_id'), 'user_id': get('user_id'),
            'volume_id': get('id'), 'host': get('host'),
            'availability_zone': get('availability_zone'),
            'display_name': get('display_name'), 'size': get('size'),
            'status': get('status'), 'volume_type': get('volume_type_id'),
            'snapshot_id': get('snapshot_id'),
            'created_at': utils.isotime(get('created_at')),
            'launched_at': utils.isotime(get('launched_at'))}


def snapshot_payload(snapshot):
    return {'tenant_id': snapshot.project_id, 'user_id': snapshot.user_id,
            'snapshot_id': snapshot.id, 'volume_id': snapshot.volume_id,
            'volume_size': snapshot.volume_size, 'status': snapshot.status,
            'display_name': snapshot.display_name}


def notify(context, host, event_type, payload, error=False):
    try:
        notifier = rpc.get_notifier('volume.%s' % host)
        method = notifier.error if error else notifier.info
        method(context, event_type, payload)
    except Exception:
        LOG.exception('Could not send notification %s', event_type)


def notify_volume(context, volume, event_type, host=None, reason=None):
    payload = volume_payload(volume)
    if reason is not None:
        payload['reason'] = reason
    notify(context, host or volume.host, event_type, payload,
           error=event_type.endswith('.error'))
