"""Client of the volume RPC API (topic ``volume``, server = volume host)."""

import oslo_messaging as messaging

from nova_lite import rpc

TOPIC = 'volume'
RPC_API_VERSION = '1.0'


class VolumeAPI:
    # Version 1.0: create_volume, delete_volume, create_snapshot,
    #              delete_snapshot, initialize_connection,
    #              terminate_connection

    def __init__(self, conf):
        target = messaging.Target(topic=TOPIC, version=RPC_API_VERSION)
        self.client = rpc.get_client(target, rpc.version_cap(conf, 'volume'))

    def _prepare(self, host, timeout=None):
        return self.client.prepare(server=host, version='1.0',
                                   timeout=timeout)

    def create_volume(self, context, volume, request_spec,
                      allow_reschedule):
        """Cast: build ``volume`` on ``volume.host``.  ``request_spec``
        says from what (snapshot_id, source_volid, image_id) and carries
        the retry record of a rescheduled create."""
        self._prepare(volume.host).cast(
            context, 'create_volume', volume=volume,
            request_spec=request_spec, allow_reschedule=allow_reschedule)

    def delete_volume(self, context, volume):
        self._prepare(volume.host).cast(context, 'delete_volume',
                                        volume=volume)

    def create_snapshot(self, context, host, snapshot):
        self._prepare(host).cast(context, 'create_snapshot',
                                 snapshot=snapshot)

    def delete_snapshot(self, context, host, snapshot):
        self._prepare(host).cast(context, 'delete_snapshot',
                                 snapshot=snapshot)

    def initialize_connection(self, context, volume):
        """Call: how a compute on the same machine reaches the volume
        (``{'driver_volume_type': 'file', 'data': {'path': ...}}``)."""
        return self._prepare(volume.host).call(
            context, 'initialize_connection', volume=volume)

    def terminate_connection(self, context, volume):
        return self._prepare(volume.host).call(
            context, 'terminate_connection', volume=volume)
