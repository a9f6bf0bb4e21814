"""JSON of volumes and snapshots, with Cinder's keys."""

from nova_lite.api.views import common
from nova_lite import utils


def _links(project_id, collection, item_id):
    root = common.base_url()
    return [{'rel': 'self', 'href': '%s/volume/v3/%s/%s/%s' % (
                root, project_id, collection, item_id)},
            {'rel': 'bookmark', 'href': '%s/volume/%s/%s/%s' % (
                root, project_id, collection, item_id)}]


def volume_basic(volume):
    return {'id': volume.id, 'name': volume.display_name,
            'links': _links(volume.project_id, 'volumes', volume.id)}


def _attachments(volume):
    if not volume.instance_uuid or volume.attach_status != 'attached':
        return []
    return [{'id': volume.id, 'attachment_id': volume.id,
             'volume_id': volume.id, 'server_id': volume.instance_uuid,
             'host_name': None, 'device': volume.mountpoint,
             'attached_at': utils.isotime(volume.updated_at)}]


def volume_detail(context, volume, type_name=None):
    body = volume_basic(volume)
    body.update({
        'status': volume.status, 'size': volume.size,
        'availability_zone': volume.availability_zone,
        'created_at': utils.isotime(volume.created_at),
        'updated_at': utils.isotime(volume.updated_at),
        'description': volume.display_description,
        'volume_type': type_name or volume.volume_type_id,
        'volume_type_id': volume.volume_type_id,
        'snapshot_id': volume.snapshot_id,
        'source_volid': volume.source_volid,
        'metadata': dict(volume.metadata),
        'bootable': 'true' if volume.bootable else 'false',
        'encrypted': False, 'multiattach': False,
        'replication_status': None, 'consistencygroup_id': None,
        'user_id': volume.user_id, 'attachments': _attachments(volume),
        'os-vol-tenant-attr:tenant_id': volume.project_id,
    })
    if volume.image_id:
        body['volume_image_metadata'] = {'image_id': volume.image_id}
    if context.is_admin:
        body['os-vol-host-attr:host'] = volume.host
        body['status_reason'] = volume.status_reason
    return body


def snapshot(snap):
    return {'id': snap.id, 'name': snap.display_name,
            'description': snap.display_description,
            'volume_id': snap.volume_id, 'status': snap.status,
            'size': snap.volume_size, 'metadata': {},
            'created_at': utils.isotime(snap.created_at),
            'updated_at': utils.isotime(snap.updated_at),
            'os-extended-snapshot-attributes:progress': snap.progress,
            'os-extended-snapshot-attributes:project_id': snap.project_id}
