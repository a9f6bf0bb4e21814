"""Port status: the transitions and the Compute API events they queue.

Ports are created DOWN.  The transitions, all in the transaction that
makes them (so the outbox row commits with the change or not at all):

* device up from the host the port is bound to: -> ACTIVE,
  ``network-vif-plugged``;
* device up from any other host: ignored (logged);
* device down from the bound host, or while unbound: -> DOWN,
  ``network-vif-unplugged``;
* device down from another host: ignored (a stale report of the old host
  of a moved port must not unplug it on the new one);
* ``binding:host_id`` changed (rebind, or unbind to ''): -> DOWN,
  ``network-vif-unplugged``;
* port deleted: ``network-vif-deleted``.

An event is queued only for a real change of status (DOWN -> DOWN sends
nothing) and only for ports of a server: ``device_owner`` starting with
``compute:`` and a ``device_id``, which is the event's ``server_uuid``; the
``tag`` is the port id.  Changing ``device_id``/``device_owner`` alone
changes no status.
"""

from oslo_log import log as logging
import sqlalchemy as sa

from nova_lite.db import api as db_api
from nova_lite.network import models
from nova_lite.network import outbox

LOG = logging.getLogger(__name__)

ACTIVE = 'ACTIVE'
DOWN = 'DOWN'

VIF_PLUGGED = 'network-vif-plugged'
VIF_UNPLUGGED = 'network-vif-unplugged'
VIF_DELETED = 'network-vif-deleted'

_TRANSITION_EVENTS = {(DOWN, ACTIVE): VIF_PLUGGED,
                      (ACTIVE, DOWN): VIF_UNPLUGGED}


def is_compute_port(device_id: str, device_owner: str) -> bool:
    return bool(device_id) and (device_owner or '').startswith('compute:')


def set_status(context, row, new_status, device_id=None,
               device_owner=None):
    """Move ``row`` to ``new_status``; queue the event the change means.

    ``device_id``/``device_owner`` name the server to tell when the same
    update also rewrites them (an unbind clears them): the server that had
    the port is the one that sees it unplugged.  Returns True on a change.
    """
    old_status = row.status
    if old_status == new_status:
        return False
    row.status = new_status
    name = _TRANSITION_EVENTS.get((old_status, new_status))
    device_id = row.device_id if device_id is None else device_id
    device_owner = row.device_owner if device_owner is None else \
        device_owner
    if name and is_compute_port(device_id, device_owner):
        outbox.add(context, device_id, name, row.id)
    LOG.info('Port %s %s -> %s', row.id, old_status, new_status)
    return True


def port_deleted(context, row):
    if is_compute_port(row.device_id, row.device_owner):
        outbox.add(context, row.device_id, VIF_DELETED, row.id)


def _locked_port(context, port_id):
    return context.session.scalars(
        sa.select(models.Port).where(models.Port.id == port_id)
        .with_for_update()).first()


@db_api.writer
def device_up(context, port_id: str, host: str) -> bool:
    """A host reports the port's VIF plugged.  True if it became ACTIVE."""
    row = _locked_port(context, port_id)
    if row is None:
        LOG.info('Device up for unknown port %s from %s', port_id, host)
        return False
    if row.binding_host_id != host:
        LOG.warning('Device up for port %s from host %s ignored: the port '
                    'is bound to %r', port_id, host, row.binding_host_id)
        return False
    changed = set_status(context, row, ACTIVE)
    if changed:
        row.revision_number += 1
    return changed


@db_api.writer
def device_down(context, port_id: str, host: str) -> bool:
    """A host reports the port's VIF unplugged.  True if it went DOWN."""
    row = _locked_port(context, port_id)
    if row is None:
        LOG.info('Device down for unknown port %s from %s', port_id, host)
        return False
    if row.binding_host_id not in ('', host):
        LOG.warning('Device down for port %s from host %s ignored: the '
                    'port is bound to %r', port_id, host,
                    row.binding_host_id)
        return False
    changed = set_status(context, row, DOWN)
    if changed:
        row.revision_number += 1
    return changed
