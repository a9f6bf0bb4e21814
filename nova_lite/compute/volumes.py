"""Attach and detach on the compute host (compute RPC 1.6).

The API reserved the volume (``attaching`` / ``detaching``, with the
server and device already written); here the volume service says how to
reach the volume (``initialize_connection``), the virt driver connects it,
and the volume becomes ``in-use`` / ``available``.  A failed attach gives
the volume back (``available``, detached).  No DB: Volume objects go
through the conductor.
"""

from oslo_log import log as logging

from nova_lite import exception
from nova_lite.objects import volume as volume_obj

LOG = logging.getLogger(__name__)


def _release(volume):
    volume.status = 'available'
    volume.attach_status = 'detached'
    volume.instance_uuid = None
    volume.mountpoint = None
    volume.save()


def attach(manager, context, instance, volume_id, mountpoint):
    volume = volume_obj.Volume.get_by_id(context, volume_id)
    try:
        connection = manager.volume_rpcapi.initialize_connection(
            context, volume)
        connection['serial'] = volume.id
        device = manager.driver.attach_volume(context, instance, connection,
                                              mountpoint)
    except Exception as exc:
        LOG.warning('Attaching volume %s to %s failed: %s', volume_id,
                    instance.uuid, exc)
        _release(volume)
        return
    volume.status = 'in-use'
    volume.attach_status = 'attached'
    if device:  # the driver chose another name than the API's
        volume.mountpoint = mountpoint = device
    volume.save(expected_status=['attaching'])
    LOG.info('Volume %s attached to %s at %s', volume_id, instance.uuid,
             mountpoint)


def detach(manager, context, instance, volume_id):
    volume = volume_obj.Volume.get_by_id(context, volume_id)
    try:
        manager.driver.detach_volume(context, instance, volume.mountpoint)
    except Exception as exc:
        # The guest still has the disk: the volume stays attached.
        LOG.warning('Detaching volume %s from %s failed: %s', volume_id,
                    instance.uuid, exc)
        if volume.status == 'detaching':
            volume.status = 'in-use'
            volume.save(expected_status=['detaching'])
        raise
    try:
        manager.volume_rpcapi.terminate_connection(context, volume)
    except Exception as exc:  # the guest no longer has it either way
        LOG.warning('terminate_connection of %s failed: %s', volume_id, exc)
    _release(volume)


def _volumes_of(context, instance):
    """The server's volumes; none (logged) when they cannot be listed."""
    try:
        return volume_obj.VolumeList.get_all(
            context, {'instance_uuid': instance.uuid})
    except exception.NovaLiteException as exc:
        LOG.warning('Could not list the volumes of %s: %s', instance.uuid,
                    exc.format_message())
        return []


def detach_all(manager, context, instance):
    """A deleted server gives its volumes back."""
    for volume in _volumes_of(context, instance):
        try:
            detach(manager, context, instance, volume.id)
        except Exception:
            LOG.exception('Detaching volume %s of deleted server %s failed',
                          volume.id, instance.uuid)


def reattach_all(manager, context, instance):
    """After a guest was made anew (rebuild, resize/migration, unshelve):
    its attached volumes again, at their devices.  A volume that cannot
    be reconnected is logged and left as it is (in-use)."""
    for volume in _volumes_of(context, instance):
        if volume.attach_status != 'attached':
            continue
        try:
            connection = manager.volume_rpcapi.initialize_connection(
                context, volume)
            connection['serial'] = volume.id
            manager.driver.attach_volume(context, instance, connection,
                                         volume.mountpoint)
        except Exception as exc:
            LOG.warning('Volume %s could not be attached again to %s: %s',
                        volume.id, instance.uuid, exc)
