"""ComputeNode: a hypervisor's resources and their usage, saved by its
resource tracker and read by the scheduler."""

from oslo_utils import uuidutils
from oslo_versionedobjects import fields

from nova_lite.db import api as db_api
from nova_lite.db.lazy import models, sa
from nova_lite import exception
from nova_lite.objects import base
from nova_lite.objects import instance as instance_obj
from nova_lite import utils


def _active():
    return models.ComputeNode.deleted == 0


@db_api.reader
def _node_get_all(context, host=None, changed_since=None):
    query = sa.select(models.ComputeNode).where(
        base.live_or_changed_since(models.ComputeNode, changed_since))
    if host is not None:
        query = query.where(models.ComputeNode.host == host)
    return context.session.scalars(
        query.order_by(models.ComputeNode.id)).all()


# What the scheduler keeps of a node: plain columns, no ORM object.
SCHEDULER_COLUMNS = (
    'id', 'host', 'hypervisor_hostname', 'hypervisor_type', 'vcpus',
    'memory_mb', 'local_gb', 'vcpus_used', 'memory_mb_used', 'local_gb_used',
    'running_vms', 'cpu_allocation_ratio', 'ram_allocation_ratio',
    'disk_allocation_ratio', 'availability_zone', 'cpu_arch', 'deleted',
    'created_at', 'updated_at')


@db_api.reader
def scheduler_rows(context, changed_since=None):
    """The scheduler's read (DB side only): ``SCHEDULER_COLUMNS`` of every
    live node, or with ``changed_since`` of every node created, updated or
    deleted since then, as plain rows (attribute access, read-only).

    Selecting columns instead of loading ComputeNode objects keeps the cost
    of a read to the transfer of the rows: no ORM identity map, no
    versioned-object fields."""
    key = 'all' if changed_since is None else 'changed'
    query = _SCHEDULER_QUERIES.get(key)
    if query is None:  # built once: building costs more than running it
        cols = [getattr(models.ComputeNode, n) for n in SCHEDULER_COLUMNS]
        query = _SCHEDULER_QUERIES[key] = sa.select(*cols).where(
            base.live_or_changed_since(
                models.ComputeNode,
                None if changed_since is None else sa.bindparam('since')))
    connection = context.session.connection()
    since = base.comparable_since(connection, changed_since)
    return connection.execute(
        query, {'since': since}).all()


_SCHEDULER_QUERIES = {}


@db_api.writer
def _node_create(context, values):
    row = models.ComputeNode(**values)
    context.session.add(row)
    context.session.flush()
    return row


@db_api.writer
def _node_update(context, node_id, values):
    """One UPDATE, no read back (every claim writes the node's usage);
    returns the new ``updated_at``.  The connection is taken before the
    clock is read: a wait for a pooled connection must not make the stamp
    older than the commit by more than the scheduler's margin."""
    context.session.connection()
    now = utils.utcnow()
    count = context.session.execute(sa.update(models.ComputeNode).where(
        _active(), models.ComputeNode.id == node_id).values(
            **dict(values, updated_at=now)).execution_options(
                synchronize_session=False)).rowcount
    if count != 1:
        raise exception.ComputeHostNotFound(host=node_id)
    return now


@db_api.writer
def _node_destroy(context, node_id):
    context.session.execute(sa.update(models.ComputeNode).where(
        models.ComputeNode.id == node_id).values(
            deleted=models.ComputeNode.id, deleted_at=utils.utcnow()))


@base.register
class ComputeNode(base.TimestampedObject, base.NovaLiteObject):
    # Version 1.0: initial
    # Version 1.1: availability_zone, cpu_arch
    # Version 1.2: save(bindings)
    VERSION = '1.2'

    fields = {
        'id': fields.IntegerField(read_only=True),
        'uuid': fields.UUIDField(),
        'service_id': fields.IntegerField(nullable=True),
        'host': fields.StringField(),
        'hypervisor_hostname': fields.StringField(),
        'hypervisor_type': fields.StringField(),
        'hypervisor_version': fields.IntegerField(),
        'vcpus': fields.IntegerField(),
        'memory_mb': fields.IntegerField(),
        'local_gb': fields.IntegerField(),
        'vcpus_used': fields.IntegerField(),
        'memory_mb_used': fields.IntegerField(),
        'local_gb_used': fields.IntegerField(),
        'running_vms': fields.IntegerField(),
        'cpu_allocation_ratio': fields.FloatField(),
        'ram_allocation_ratio': fields.FloatField(),
        'disk_allocation_ratio': fields.FloatField(),
        'host_ip': fields.StringField(nullable=True),
        'availability_zone': fields.StringField(nullable=True),
        'cpu_arch': fields.StringField(nullable=True),
    }

    def obj_make_compatible(self, primitive, target_version):
        super().obj_make_compatible(primitive, target_version)
        base.drop_fields_below(primitive, target_version,
                               {'availability_zone': '1.1',
                                'cpu_arch': '1.1'})

    @property
    def free_ram_mb(self):
        return self.memory_mb - self.memory_mb_used

    @property
    def free_disk_gb(self):
        return self.local_gb - self.local_gb_used

    @base.remotable
    def create(self):
        values = self.obj_get_changes()
        values.setdefault('uuid', uuidutils.generate_uuid())
        self._from_db_object(self._context, self,
                             _node_create(self._context, values))

    @base.remotable
    def save(self, bindings=None):
        """Write the changed fields.  ``bindings``: instance writes
        (``Instance.pending_write``) done in the same transaction, after
        the node's; returns one ``write_pending`` answer per binding.  A
        claim's usage and its instance's binding then land together, in
        one conductor call."""
        values = self.obj_get_changes()
        values.pop('id', None)
        if not bindings:
            if values:
                self.updated_at = _node_update(self._context, self.id,
                                               values)
                self.obj_reset_changes()
            return None
        with db_api.writing(self._context):
            if values:
                self.updated_at = _node_update(self._context, self.id,
                                               values)
            results = [instance_obj.write_pending(self._context, write)
                       for write in bindings]
        self.obj_reset_changes()
        return results

    @base.remotable
    def destroy(self):
        _node_destroy(self._context, self.id)


@base.register
class ComputeNodeList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: initial
    # Version 1.1: ComputeNode 1.1
    # Version 1.2: get_all(changed_since)
    VERSION = '1.2'
    fields = {'objects': fields.ListOfObjectsField('ComputeNode')}

    @classmethod
    @base.remotable
    def get_all(cls, context, changed_since=None):
        """Every node; with ``changed_since``, only nodes created, updated
        or deleted since then (deleted ones included, ``deleted`` True)."""
        return cls.from_rows(context, ComputeNode, _node_get_all(
            context, changed_since=changed_since))

    @classmethod
    @base.remotable
    def get_all_by_host(cls, context, host):
        return cls.from_rows(context, ComputeNode,
                             _node_get_all(context, host=host))
