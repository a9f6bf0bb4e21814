"""Volume types, minimal: a name, public or not, extra specs.  Read by the
API; the default type (``[volume] default_volume_type``) is created on
first use."""

from oslo_db import exception as db_exc
from oslo_utils import uuidutils

from nova_lite.db import api as db_api
from nova_lite.db.lazy import models, sa
from nova_lite import exception
from nova_lite.objects import base


def as_dict(row):
    return {'id': row.id, 'name': row.name, 'description': row.description,
            'is_public': row.is_public,
            'extra_specs': base.json_load(row.extra_specs, {})}


@db_api.reader
def get_all(context):
    return [as_dict(row) for row in context.session.scalars(
        sa.select(models.VolumeType).where(
            models.VolumeType.deleted == 0).order_by(
            models.VolumeType.name)).all()]


@db_api.reader
def get(context, id_or_name):
    row = context.session.scalars(sa.select(models.VolumeType).where(
        models.VolumeType.deleted == 0,
        sa.or_(models.VolumeType.id == id_or_name,
               models.VolumeType.name == id_or_name))).first()
    if row is None:
        raise exception.VolumeTypeNotFound(volume_type_id=id_or_name)
    return as_dict(row)


@db_api.writer
def create(context, name, description=None, is_public=True,
           extra_specs=None):
    row = models.VolumeType(id=uuidutils.generate_uuid(), name=name,
                            description=description, is_public=is_public,
                            extra_specs=base.json_dump(extra_specs or {}))
    context.session.add(row)
    try:
        context.session.flush()
    except db_exc.DBDuplicateEntry:
        raise exception.Conflict('Volume type %s already exists.' % name)
    return as_dict(row)


def get_default(context, conf):
    name = conf.volume.default_volume_type
    try:
        return get(context, name)
    except exception.VolumeTypeNotFound:
        pass
    try:
        return create(context, name, description='Default Volume Type')
    except exception.Conflict:  # created by a sibling request meanwhile
        return get(context, name)
