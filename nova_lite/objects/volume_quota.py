"""Block storage quotas (``volumes``, ``gigabytes``, ``snapshots``) with
reservations, used by the API only.

What a project uses is counted from the live rows (volumes and snapshots,
so usage never drifts from what exists) plus its unexpired reservations:
the creates accepted but whose rows are not written yet.  ``reserve``
checks and records a reservation under a row lock on the project's usage
rows (``SELECT ... FOR UPDATE``; SQLite serialises writers anyway), so two
concurrent requests cannot both take the last unit.  ``commit`` (the row
now exists and counts itself) and ``rollback`` both drop the reservation.
"""

import datetime

from oslo_db import exception as db_exc
from oslo_utils import uuidutils

from nova_lite.db import api as db_api
from nova_lite.db.lazy import models, sa
from nova_lite import exception
from nova_lite import utils

RESOURCES = ('volumes', 'gigabytes', 'snapshots')


def default_limits(conf):
    return {'volumes': conf.volume.quota_volumes,
            'gigabytes': conf.volume.quota_gigabytes,
            'snapshots': conf.volume.quota_snapshots}


@db_api.reader
def get_limits(context, conf, project_id):
    limits = default_limits(conf)
    rows = context.session.scalars(sa.select(models.VolumeQuota).where(
        models.VolumeQuota.project_id == project_id)).all()
    limits.update({row.resource: row.hard_limit for row in rows})
    return limits


@db_api.writer
def set_limits(context, project_id, limits):
    for resource, hard_limit in limits.items():
        row = context.session.scalars(sa.select(models.VolumeQuota).where(
            models.VolumeQuota.project_id == project_id,
            models.VolumeQuota.resource == resource)).first()
        if row is None:
            context.session.add(models.VolumeQuota(
                project_id=project_id, resource=resource,
                hard_limit=hard_limit))
        else:
            row.hard_limit = hard_limit


def _in_use(context, project_id):
    vols, vol_gb = context.session.execute(
        sa.select(sa.func.count(), sa.func.sum(models.Volume.size)).where(
            models.Volume.project_id == project_id,
            models.Volume.deleted == 0)).one()
    snaps, snap_gb = context.session.execute(
        sa.select(sa.func.count(),
                  sa.func.sum(models.Snapshot.volume_size)).where(
            models.Snapshot.project_id == project_id,
            models.Snapshot.deleted == 0)).one()
    return {'volumes': vols, 'snapshots': snaps,
            'gigabytes': int(vol_gb or 0) + int(snap_gb or 0)}


def _reserved(context, project_id):
    rows = context.session.execute(
        sa.select(models.VolumeReservation.resource,
                  sa.func.sum(models.VolumeReservation.delta)).where(
            models.VolumeReservation.project_id == project_id,
            models.VolumeReservation.expire > utils.utcnow(),
            models.VolumeReservation.delta > 0).group_by(
            models.VolumeReservation.resource)).all()
    reserved = dict.fromkeys(RESOURCES, 0)
    reserved.update({resource: int(total) for resource, total in rows})
    return reserved


@db_api.writer
def _create_usage(context, project_id, resource):
    context.session.add(models.VolumeQuotaUsage(
        project_id=project_id, resource=resource, in_use=0, reserved=0))


def _ensure_usages(context, project_id, resources):
    """Make the usage rows that will be locked, each in its own
    transaction: two first requests of a project may race to make one."""
    for resource in resources:
        try:
            _create_usage(context, project_id, resource)
        except db_exc.DBDuplicateEntry:
            pass


def _lock_usages(context, project_id, resources):
    """The project's usage rows for ``resources``, locked for update."""
    query = sa.select(models.VolumeQuotaUsage).where(
        models.VolumeQuotaUsage.project_id == project_id,
        models.VolumeQuotaUsage.resource.in_(resources)).order_by(
        models.VolumeQuotaUsage.resource).with_for_update()
    return {row.resource: row for row in context.session.scalars(query)}


def _over_quota(resource, limit, in_use, reserved, delta):
    if resource == 'gigabytes':
        return exception.VolumeSizeExceedsAvailableQuota(
            name=resource, requested=delta, quota=limit,
            consumed=in_use + reserved)
    if resource == 'snapshots':
        return exception.SnapshotLimitExceeded(allowed=limit)
    return exception.VolumeLimitExceeded(allowed=limit, name=resource)


def reserve(context, conf, project_id, deltas):
    """Reserve ``deltas`` ({resource: amount}); returns the reservation id.

    Raises an OverLimit (413) with nothing reserved when any resource
    would pass its limit (-1: unlimited).
    """
    known = {row.resource for row in _usages(context, project_id)}
    _ensure_usages(context, project_id, sorted(set(deltas) - known))
    return _reserve(context, conf, project_id, deltas)


@db_api.reader
def _usages(context, project_id):
    return context.session.scalars(sa.select(models.VolumeQuotaUsage).where(
        models.VolumeQuotaUsage.project_id == project_id)).all()


@db_api.writer
def _reserve(context, conf, project_id, deltas):
    usages = _lock_usages(context, project_id, sorted(deltas))
    limits = get_limits(context, conf, project_id)
    in_use = _in_use(context, project_id)
    reserved = _reserved(context, project_id)
    for resource, delta in sorted(deltas.items()):
        limit = limits[resource]
        if delta > 0 and limit >= 0 and \
                in_use[resource] + reserved[resource] + delta > limit:
            raise _over_quota(resource, limit, in_use[resource],
                              reserved[resource], delta)
    reservation = uuidutils.generate_uuid()
    expire = utils.utcnow() + datetime.timedelta(
        seconds=conf.volume.reservation_expire)
    for resource, delta in deltas.items():
        usage = usages[resource]
        usage.in_use = in_use[resource]
        usage.reserved = reserved[resource] + delta
        context.session.add(models.VolumeReservation(
            uuid=reservation, usage_id=usage.id, project_id=project_id,
            resource=resource, delta=delta, expire=expire))
    return reservation


@db_api.writer
def _drop(context, reservation):
    context.session.execute(sa.delete(models.VolumeReservation).where(
        models.VolumeReservation.uuid == reservation))


def commit(context, reservation):
    """The reserved rows exist now and count themselves."""
    _drop(context, reservation)


def rollback(context, reservation):
    _drop(context, reservation)


@db_api.reader
def usage(context, conf, project_id):
    """{resource: {'limit', 'in_use', 'reserved'}} of a project."""
    limits = get_limits(context, conf, project_id)
    in_use = _in_use(context, project_id)
    reserved = _reserved(context, project_id)
    return {r: {'limit': limits[r], 'in_use': in_use[r],
                'reserved': reserved[r]} for r in RESOURCES}


@db_api.reader
def reservations(context, project_id):
    """The live reservations of a project (tests, diagnostics)."""
    return context.session.scalars(sa.select(models.VolumeReservation).where(
        models.VolumeReservation.project_id == project_id)).all()
