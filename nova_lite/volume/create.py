"""Building a volume on its host: empty, from a snapshot, a clone of a
volume, or from an image (status ``downloading`` while the bytes copy).

Success sets ``available`` and ``launched_at``.  A failure removes what was
written; then, when the create came from the scheduler
(``allow_reschedule``) and has not been rescheduled yet, it goes back to the
scheduler with this host excluded; otherwise the volume goes to ``error``
with the reason in ``status_reason``.
"""

import os

from oslo_log import log as logging

from nova_lite import exception
from nova_lite.objects import snapshot as snapshot_obj
from nova_lite.objects import volume as volume_obj
from nova_lite import utils
from nova_lite.volume import notify

LOG = logging.getLogger(__name__)

MAX_ATTEMPTS = 2  # the first host and one reschedule


def _build(context, driver, volume, request_spec, image_dir):
    if request_spec.get('snapshot_id'):
        snapshot = snapshot_obj.Snapshot.get_by_id(
            context, request_spec['snapshot_id'])
        driver.create_volume_from_snapshot(volume, snapshot)
    elif request_spec.get('source_volid'):
        source = volume_obj.Volume.get_by_id(context,
                                             request_spec['source_volid'])
        driver.create_cloned_volume(volume, source)
    elif request_spec.get('image_id'):
        volume.status = 'downloading'
        volume.save(expected_status=['creating'])
        driver.create_volume_from_image(
            volume, os.path.join(image_dir, request_spec['image_id']))
        volume.bootable = True
    else:
        driver.create_volume(volume)


def _reschedule(context, scheduler, host, volume, request_spec, reason):
    retry = request_spec.setdefault('retry', {'num_attempts': 1,
                                              'hosts': []})
    if retry['num_attempts'] >= MAX_ATTEMPTS:
        return False
    retry['num_attempts'] += 1
    retry['hosts'].append(host)
    volume.host = None
    volume.status = 'creating'
    volume.status_reason = 'rescheduled after %s: %s' % (host, reason)
    volume.save()
    LOG.warning('Volume %s failed on %s (%s); rescheduling', volume.id,
                host, reason)
    scheduler.create_volume(context, volume=volume,
                            request_spec=request_spec)
    return True


def create_volume(context, driver, host, volume, request_spec,
                  allow_reschedule, scheduler, image_dir):
    """Build ``volume`` here; never raises (the caller is a cast)."""
    request_spec = dict(request_spec or {})
    notify.notify_volume(context, volume, 'volume.create.start', host)
    try:
        _build(context, driver, volume, request_spec, image_dir)
    except Exception as exc:
        reason = exc.format_message() if isinstance(
            exc, exception.NovaLiteException) else str(exc)
        LOG.warning('Creating volume %s failed: %s', volume.id, reason)
        driver.delete_volume(volume)
        try:
            if allow_reschedule and _reschedule(
                    context, scheduler, host, volume, request_spec, reason):
                return
        except Exception:
            LOG.exception('Rescheduling volume %s failed', volume.id)
        _set_error(context, volume, host, reason)
        return
    volume.status = 'available'
    volume.launched_at = utils.utcnow()
    volume.status_reason = None
    volume.save()
    notify.notify_volume(context, volume, 'volume.create.end', host)


def _set_error(context, volume, host, reason):
    try:
        volume.status = 'error'
        volume.status_reason = reason
        volume.save()
    except exception.VolumeNotFound:
        return
    notify.notify_volume(context, volume, 'volume.create.error', host,
                         reason=reason)
