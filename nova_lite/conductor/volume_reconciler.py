"""No volume stays in a transitional status forever (SPEC §10).

Run by every conductor beside the instance reconciler.  A volume whose
record has not moved for ``[volume] stuck_state_timeout`` while creating,
downloading, deleting, attaching or detaching (its volume host or compute
died, or a cast was lost) is ended by a compare-and-swap on its status, so
of several conductors one wins and the others skip.
"""

import datetime

from oslo_log import log as logging

from nova_lite import exception
from nova_lite.objects import volume as volume_obj
from nova_lite import utils

LOG = logging.getLogger(__name__)

# status -> (status it ends in, attach_status, keeps its server)
_ENDINGS = {
    'creating': ('error', 'detached', False),
    'downloading': ('error', 'detached', False),
    'deleting': ('error_deleting', 'detached', False),
    'attaching': ('available', 'detached', False),
    'detaching': ('in-use', 'attached', True),
}


def reconcile_volumes(context, conf):
    """Returns how many stuck volumes were ended."""
    timeout = conf.volume.stuck_state_timeout
    if not timeout:
        return 0
    cutoff = utils.utcnow() - datetime.timedelta(seconds=timeout)
    ended = 0
    for volume in volume_obj.VolumeList.get_all(
            context, {'statuses': list(_ENDINGS),
                      'updated_before': cutoff}):
        was = volume.status
        status, attach_status, keeps_server = _ENDINGS[was]
        volume.status = status
        volume.attach_status = attach_status
        if not keeps_server:
            volume.instance_uuid = None
            volume.mountpoint = None
        volume.status_reason = 'stuck in %s for more than %d s on host %s' \
            % (was, timeout, volume.host)
        try:
            volume.save(expected_status=[was])
        except (exception.VolumeStatusConflict, exception.VolumeNotFound):
            continue  # it moved meanwhile, or another conductor won
        LOG.warning('Volume %s was stuck in %s: now %s', volume.id, was,
                    status)
        ended += 1
    return ended
