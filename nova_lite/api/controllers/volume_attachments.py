"""/servers/{id}/os-volume_attachments (Nova's shapes): attach a volume
of the server's project, list and show attachments, detach.

The API reserves the volume (``attaching``, device chosen here) and casts
the compute; the compute connects it and sets ``in-use``.
"""

import pecan
from pecan import rest

from nova_lite.api.schemas import volume_attachments as schema
from nova_lite.api import validation
from nova_lite.compute import states
from nova_lite.conf import CONF
from nova_lite import exception
from nova_lite.objects import volume as volume_obj
from nova_lite import policy
from nova_lite.volume import api as volume_api

POLICY = 'os_compute_api:os-volumes-attachments:%s'
_ATTACHABLE = (states.ACTIVE, states.STOPPED)


def _view(volume, server_id):
    return {'id': volume.id, 'volumeId': volume.id, 'serverId': server_id,
            'device': volume.mountpoint}


class VolumeAttachmentsController(rest.RestController):
    def __init__(self, compute_api):
        super().__init__()
        self.compute_api = compute_api

    def _instance(self, server_id, action):
        context = pecan.request.context
        instance = self.compute_api.get(context, server_id)
        if not context.is_admin and \
                instance.project_id != context.project_id:
            raise exception.InstanceNotFound(instance_id=server_id)
        policy.authorize(context, POLICY % action,
                         {'project_id': instance.project_id})
        return context, instance

    def _attached(self, context, server_id):
        return [v for v in volume_obj.VolumeList.get_all(
            context.elevated(), {'instance_uuid': server_id})
            if v.status in ('in-use', 'attaching', 'detaching')]

    @pecan.expose('json')
    def get_all(self, server_id):
        context, _instance = self._instance(server_id, 'index')
        return {'volumeAttachments': [
            _view(v, server_id) for v in self._attached(context, server_id)]}

    @pecan.expose('json')
    def get_one(self, server_id, volume_id):
        context, _instance = self._instance(server_id, 'show')
        for volume in self._attached(context, server_id):
            if volume.id == volume_id:
                return {'volumeAttachment': _view(volume, server_id)}
        raise exception.NotFound('Volume %s is not attached to server %s' %
                                 (volume_id, server_id))

    @pecan.expose('json')
    @validation.schema(schema.create)
    def post(self, server_id, body):
        context, instance = self._instance(server_id, 'create')
        if instance.vm_state not in _ATTACHABLE or \
                instance.task_state is not None or not instance.host:
            raise exception.InstanceInvalidState(
                attr='vm_state', instance_uuid=instance.uuid,
                state=instance.vm_state, action='attach_volume')
        request = body['volumeAttachment']
        api = volume_api.API(CONF)
        try:
            volume = api.get(context, request['volumeId'])
        except exception.VolumeNotFound as exc:
            raise exception.Invalid(exc.format_message())  # Nova: 400
        if volume.project_id != instance.project_id:
            raise exception.Invalid('Volume %s belongs to another project' %
                                    volume.id)
        volume_api.reserve_attach(context, volume, instance.uuid,
                                  request.get('device'))
        self.compute_api.compute_rpcapi.attach_volume(
            context, instance, volume.id, volume.mountpoint)
        return {'volumeAttachment': _view(volume, server_id)}

    @pecan.expose('json')
    def delete(self, server_id, volume_id):
        context, instance = self._instance(server_id, 'delete')
        try:
            volume = volume_obj.Volume.get_by_id(context.elevated(),
                                                 volume_id)
        except exception.VolumeNotFound:
            raise exception.NotFound('Volume %s is not attached to server '
                                     '%s' % (volume_id, server_id))
        volume_api.begin_detach(context, volume, instance.uuid)
        self.compute_api.compute_rpcapi.detach_volume(context, instance,
                                                      volume.id)
        pecan.response.status = 202
        return ''
