"""The API side of volume create: a taskflow linear flow.

extract and validate the request -> reserve quota -> create the row
(``creating``) -> VolumeCastTask -> commit the reservation.  When a task
fails, the ones before it revert: the reservation is rolled back and the
row, if written, goes to ``error`` with the reason.  The request then
fails with the original exception (a 4xx for what the user got wrong).
"""

from oslo_log import log as logging
from taskflow import engines
from taskflow.patterns import linear_flow
from taskflow import task
from taskflow.types import failure

from nova_lite import exception
from nova_lite.objects import image as image_obj
from nova_lite.objects import snapshot as snapshot_obj
from nova_lite.objects import volume as volume_obj
from nova_lite.objects import volume_quota
from nova_lite.objects import volume_type
from nova_lite import utils

LOG = logging.getLogger(__name__)

FLOW_NAME = 'volume_create_api'
GiB = 1024 ** 3
_SOURCE_STATUSES = ('available', 'in-use')


def _invalid(reason):
    return exception.InvalidVolume(reason=reason)


class ExtractVolumeRequestTask(task.Task):
    """Validate the sources, size, zone and type; provide the values of
    the row and the request spec the later tasks cast."""
    default_provides = ('volume_properties', 'request_spec')

    def __init__(self, conf):
        super().__init__()
        self.conf = conf

    def _sized(self, context, request):
        size = request.get('size')
        sources = [k for k in ('snapshot_id', 'source_volid', 'image_id')
                   if request.get(k)]
        if len(sources) > 1:
            raise _invalid('only one of snapshot_id, source_volid and '
                           'imageRef may be given')
        zone = request.get('availability_zone')
        if request.get('snapshot_id'):
            snapshot = snapshot_obj.Snapshot.get_by_id(
                context, request['snapshot_id'])
            if snapshot.status != 'available':
                raise _invalid('snapshot %s is %s, not available' %
                               (snapshot.id, snapshot.status))
            source = volume_obj.Volume.get_by_id(context, snapshot.volume_id)
            size = size or snapshot.volume_size
            minimum, zone = snapshot.volume_size, source.availability_zone
        elif request.get('source_volid'):
            source = volume_obj.Volume.get_by_id(context,
                                                 request['source_volid'])
            if source.status not in _SOURCE_STATUSES:
                raise _invalid('source volume %s is %s' % (source.id,
                                                           source.status))
            size = size or source.size
            minimum, zone = source.size, source.availability_zone
        elif request.get('image_id'):
            image = image_obj.Image.get_by_id(context, request['image_id'])
            if image.status != 'active':
                raise _invalid('image %s is not active' % image.id)
            minimum = max(-(-(image.size or 0) // GiB), image.min_disk or 0,
                          1)
            size = size or minimum
        else:
            minimum = 1
        if size is None:
            raise _invalid('size is required for a volume with no source')
        if size < minimum:
            raise _invalid('size %d GiB is smaller than its source (%d GiB)'
                           % (size, minimum))
        return size, zone

    def execute(self, context, request):
        size, zone = self._sized(context, request)
        force_host = None
        zone = zone or request.get('availability_zone') or \
            self.conf.volume.storage_availability_zone
        if ':' in zone:
            if not context.is_admin:
                raise _invalid('only an admin may choose a host with '
                               'zone:host')
            zone, force_host = zone.split(':', 1)
        vtype = volume_type.get(context, request['volume_type']) \
            if request.get('volume_type') else \
            volume_type.get_default(context, self.conf)
        properties = {
            'size': size, 'availability_zone': zone,
            'display_name': request.get('name'),
            'display_description': request.get('description'),
            'volume_type_id': vtype['id'],
            'snapshot_id': request.get('snapshot_id'),
            'source_volid': request.get('source_volid'),
            'image_id': request.get('image_id'),
            'metadata': request.get('metadata') or {},
            'project_id': context.project_id, 'user_id': context.user_id,
        }
        spec = {key: request.get(key) for key in
                ('snapshot_id', 'source_volid', 'image_id')}
        spec.update(size=size, force_host=force_host)
        return properties, spec


class QuotaReserveTask(task.Task):
    default_provides = 'reservation'

    def __init__(self, conf):
        super().__init__()
        self.conf = conf

    def execute(self, context, volume_properties):
        return volume_quota.reserve(
            context, self.conf, context.project_id,
            {'volumes': 1, 'gigabytes': volume_properties['size']})

    def revert(self, context, result, **kwargs):
        if isinstance(result, str):
            volume_quota.rollback(context, result)


class EntryCreateTask(task.Task):
    default_provides = 'volume'

    def execute(self, context, volume_properties):
        volume = volume_obj.Volume(context, status='creating',
                                   attach_status='detached',
                                   **volume_properties)
        volume.create()
        return volume

    def revert(self, context, result, flow_failures, **kwargs):
        if result is None or isinstance(result, failure.Failure):
            return  # the row was never written
        reasons = [str(f.exception) for f in flow_failures.values()]
        result.status = 'error'
        result.status_reason = '; '.join(reasons) or 'create failed'
        try:
            result.save()
        except exception.VolumeNotFound:
            pass


class VolumeCastTask(task.Task):
    """Where the create goes (seed 003): a snapshot's host (when
    ``snapshot_same_host``), else a source volume's host, straight to that
    volume service without rescheduling; otherwise to the scheduler."""

    def __init__(self, conf, scheduler_rpcapi, volume_rpcapi):
        super().__init__()
        self.conf = conf
        self.scheduler_rpcapi = scheduler_rpcapi
        self.volume_rpcapi = volume_rpcapi

    def execute(self, context, volume, request_spec):
        host = None
        snapshot_id = request_spec.get('snapshot_id')
        source_volid = request_spec.get('source_volid')
        if snapshot_id and self.conf.volume.snapshot_same_host:
            snapshot = snapshot_obj.Snapshot.get_by_id(context, snapshot_id)
            host = volume_obj.Volume.get_by_id(context,
                                               snapshot.volume_id).host
        elif source_volid:
            host = volume_obj.Volume.get_by_id(context, source_volid).host
        if host:
            volume.host = host
            volume.scheduled_at = utils.utcnow()
            volume.save()
            self.volume_rpcapi.create_volume(
                context, volume=volume, request_spec=request_spec,
                allow_reschedule=False)
        else:
            self.scheduler_rpcapi.create_volume(
                context, volume=volume, request_spec=request_spec)


class QuotaCommitTask(task.Task):
    def execute(self, context, reservation):
        volume_quota.commit(context, reservation)


def get_flow(conf, scheduler_rpcapi, volume_rpcapi):
    flow = linear_flow.Flow(FLOW_NAME)
    flow.add(ExtractVolumeRequestTask(conf), QuotaReserveTask(conf),
             EntryCreateTask(),
             VolumeCastTask(conf, scheduler_rpcapi, volume_rpcapi),
             QuotaCommitTask())
    return flow


def run(context, request, conf, scheduler_rpcapi, volume_rpcapi):
    """Create the volume ``request`` asks for; returns the Volume."""
    engine = engines.load(get_flow(conf, scheduler_rpcapi, volume_rpcapi),
                          store={'context': context,
                                 'request': dict(request)})
    engine.run()
    return engine.storage.fetch('volume')
