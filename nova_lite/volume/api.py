"""The Block Storage API's facade over flows, objects and RPC: what the
REST controllers (and the Compute API's attach) call."""

from nova_lite import exception
from nova_lite.objects import snapshot as snapshot_obj
from nova_lite.objects import volume as volume_obj
from nova_lite.objects import volume_quota
from nova_lite.scheduler.volume import rpcapi as scheduler_rpcapi
from nova_lite.volume import create_flow
from nova_lite.volume import rpcapi as volume_rpcapi

DELETABLE = ('available', 'error', 'error_deleting')


class API:
    def __init__(self, conf):
        self.conf = conf
        self.scheduler_rpcapi = scheduler_rpcapi.VolumeSchedulerAPI(conf)
        self.volume_rpcapi = volume_rpcapi.VolumeAPI(conf)

    def get(self, context, volume_id):
        volume = volume_obj.Volume.get_by_id(context, volume_id)
        if not context.is_admin and volume.project_id != context.project_id:
            raise exception.VolumeNotFound(volume_id=volume_id)
        return volume

    def get_all(self, context, filters, limit=None, marker=None):
        filters = dict(filters)
        if not (context.is_admin and filters.pop('all_tenants', False)):
            filters['project_id'] = context.project_id
        filters.pop('all_tenants', None)
        return volume_obj.VolumeList.get_all(context, filters, limit=limit,
                                             marker=marker)

    def create(self, context, request):
        return create_flow.run(context, request, self.conf,
                               self.scheduler_rpcapi, self.volume_rpcapi)

    def delete(self, context, volume_id):
        volume = self.get(context, volume_id)
        if volume.attach_status != 'detached' or volume.status == 'in-use':
            raise exception.InvalidVolume(
                reason='volume %s is attached to server %s' %
                (volume.id, volume.instance_uuid))
        if volume.status not in DELETABLE:
            raise exception.InvalidVolume(
                reason='volume status must be available or error or '
                       'error_deleting, but current status is: %s' %
                volume.status)
        if snapshot_obj.SnapshotList.get_all(context,
                                             {'volume_id': volume.id}):
            raise exception.InvalidVolume(
                reason='volume %s has snapshots' % volume.id)
        volume.status = 'deleting'
        volume.save(expected_status=list(DELETABLE))
        if volume.host:
            self.volume_rpcapi.delete_volume(context, volume=volume)
        else:  # never placed: nothing on any host
            volume.destroy()

    def create_snapshot(self, context, volume_id, name=None,
                        description=None, force=False):
        volume = self.get(context, volume_id)
        allowed = ('available', 'in-use') if force else ('available',)
        if volume.status not in allowed:
            raise exception.InvalidVolume(
                reason='volume %s is %s' % (volume.id, volume.status))
        reservation = volume_quota.reserve(
            context, self.conf, context.project_id,
            {'snapshots': 1, 'gigabytes': volume.size})
        try:
            snapshot = snapshot_obj.Snapshot(
                context, volume_id=volume.id, project_id=context.project_id,
                user_id=context.user_id, status='creating',
                volume_size=volume.size, display_name=name,
                display_description=description, progress='0%')
            snapshot.create()
        except Exception:
            volume_quota.rollback(context, reservation)
            raise
        volume_quota.commit(context, reservation)
        self.volume_rpcapi.create_snapshot(context, volume.host, snapshot)
        return snapshot

    def get_snapshot(self, context, snapshot_id):
        snapshot = snapshot_obj.Snapshot.get_by_id(context, snapshot_id)
        if not context.is_admin and \
                snapshot.project_id != context.project_id:
            raise exception.SnapshotNotFound(snapshot_id=snapshot_id)
        return snapshot

    def get_all_snapshots(self, context, filters):
        filters = dict(filters)
        if not (context.is_admin and filters.pop('all_tenants', False)):
            filters['project_id'] = context.project_id
        filters.pop('all_tenants', None)
        return snapshot_obj.SnapshotList.get_all(context, filters)

    def delete_snapshot(self, context, snapshot_id):
        snapshot = self.get_snapshot(context, snapshot_id)
        if snapshot.status not in ('available', 'error'):
            raise exception.InvalidVolume(
                reason='snapshot %s is %s' % (snapshot.id, snapshot.status))
        volume = volume_obj.Volume.get_by_id(context, snapshot.volume_id)
        snapshot.status = 'deleting'
        snapshot.save(expected_status=['available', 'error'])
        self.volume_rpcapi.delete_snapshot(context, volume.host, snapshot)


def _device_names():
    for letter in 'bcdefghijklmnopqrstuvwxyz':
        yield '/dev/vd%s' % letter


def reserve_attach(context, volume, instance_uuid, device=None):
    """available -> attaching, with the server and device written (a
    compare-and-swap: a concurrent attach loses with 409)."""
    if volume.status != 'available' or volume.attach_status != 'detached':
        raise exception.InvalidVolume(
            reason='volume %s status must be available, but current status '
                   'is: %s' % (volume.id, volume.status))
    if device is None:
        used = {v.mountpoint for v in volume_obj.VolumeList.get_all(
            context, {'instance_uuid': instance_uuid})}
        device = next((d for d in _device_names() if d not in used), None)
        if device is None:
            raise exception.InvalidVolume(reason='no free device name')
    volume.status = 'attaching'
    volume.attach_status = 'attaching'
    volume.instance_uuid = instance_uuid
    volume.mountpoint = device
    volume.save(expected_status=['available'])
    return device


def begin_detach(context, volume, instance_uuid):
    """in-use -> detaching for the server the volume is attached to."""
    if volume.instance_uuid != instance_uuid:
        raise exception.NotFound('Volume %s is not attached to server %s' %
                                 (volume.id, instance_uuid))
    if volume.status != 'in-use':
        raise exception.InvalidVolume(
            reason='volume %s is %s, not in-use' % (volume.id,
                                                    volume.status))
    volume.status = 'detaching'
    volume.save(expected_status=['in-use'])
