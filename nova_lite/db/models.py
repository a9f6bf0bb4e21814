"""SQLAlchemy models: the tables, nothing else.

Rows are soft-deleted where Nova does it (``deleted`` = row id, so unique
constraints still hold with history); JSON-shaped columns are Text holding
jsonutils dumps, portable across SQLite, PostgreSQL and MariaDB.
"""

import sqlalchemy as sa
from sqlalchemy.dialects import mysql
from sqlalchemy import orm

from nova_lite import utils


class Base(orm.DeclarativeBase):
    pass


class TimestampMixin:
    created_at = sa.Column(sa.DateTime, default=utils.utcnow)
    updated_at = sa.Column(sa.DateTime, onupdate=utils.utcnow)


class SoftDeleteMixin:
    deleted_at = sa.Column(sa.DateTime)
    deleted = sa.Column(sa.Integer, default=0, nullable=False)


class Service(TimestampMixin, SoftDeleteMixin, Base):
    __tablename__ = 'services'
    __table_args__ = (
        sa.UniqueConstraint('host', 'binary', 'deleted',
                            name='uniq_services0host0binary0deleted'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    host = sa.Column(sa.String(255), nullable=False)
    binary = sa.Column(sa.String(255), nullable=False)
    topic = sa.Column(sa.String(255))
    report_count = sa.Column(sa.Integer, nullable=False, default=0)
    disabled = sa.Column(sa.Boolean, nullable=False, default=False)
    disabled_reason = sa.Column(sa.String(255))
    forced_down = sa.Column(sa.Boolean, nullable=False, default=False)
    last_seen_up = sa.Column(sa.DateTime)
    version = sa.Column(sa.Integer, nullable=False, default=0)


class ComputeNode(TimestampMixin, SoftDeleteMixin, Base):
    __tablename__ = 'compute_nodes'
    __table_args__ = (
        sa.UniqueConstraint('host', 'hypervisor_hostname', 'deleted',
                            name='uniq_compute_nodes0host0hypervisor_'
                                 'hostname0deleted'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    service_id = sa.Column(sa.Integer)
    host = sa.Column(sa.String(255), nullable=False)
    hypervisor_hostname = sa.Column(sa.String(255), nullable=False)
    hypervisor_type = sa.Column(sa.String(255), nullable=False)
    hypervisor_version = sa.Column(sa.Integer, nullable=False, default=0)
    vcpus = sa.Column(sa.Integer, nullable=False)
    memory_mb = sa.Column(sa.Integer, nullable=False)
    local_gb = sa.Column(sa.Integer, nullable=False)
    vcpus_used = sa.Column(sa.Integer, nullable=False, default=0)
    memory_mb_used = sa.Column(sa.Integer, nullable=False, default=0)
    local_gb_used = sa.Column(sa.Integer, nullable=False, default=0)
    running_vms = sa.Column(sa.Integer, nullable=False, default=0)
    cpu_allocation_ratio = sa.Column(sa.Float, nullable=False)
    ram_allocation_ratio = sa.Column(sa.Float, nullable=False)
    disk_allocation_ratio = sa.Column(sa.Float, nullable=False)
    host_ip = sa.Column(sa.String(64))
    availability_zone = sa.Column(sa.String(255))
    cpu_arch = sa.Column(sa.String(32))


class Flavor(TimestampMixin, Base):
    __tablename__ = 'flavors'
    id = sa.Column(sa.Integer, primary_key=True)
    flavorid = sa.Column(sa.String(255), nullable=False, unique=True)
    name = sa.Column(sa.String(255), nullable=False, unique=True)
    memory_mb = sa.Column(sa.Integer, nullable=False)
    vcpus = sa.Column(sa.Integer, nullable=False)
    root_gb = sa.Column(sa.Integer, nullable=False, default=0)
    ephemeral_gb = sa.Column(sa.Integer, nullable=False, default=0)
    swap = sa.Column(sa.Integer, nullable=False, default=0)
    rxtx_factor = sa.Column(sa.Float, nullable=False, default=1.0)
    is_public = sa.Column(sa.Boolean, nullable=False, default=True)
    disabled = sa.Column(sa.Boolean, nullable=False, default=False)
    description = sa.Column(sa.Text)
    extra_specs = orm.relationship('FlavorExtraSpec', lazy='selectin',
                                   cascade='all, delete-orphan',
                                   passive_deletes=True)


class FlavorExtraSpec(TimestampMixin, Base):
    __tablename__ = 'flavor_extra_specs'
    __table_args__ = (
        sa.UniqueConstraint('flavor_id', 'key',
                            name='uniq_flavor_extra_specs0flavor_id0key'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    flavor_id = sa.Column(sa.Integer,
                          sa.ForeignKey('flavors.id', ondelete='CASCADE'),
                          nullable=False)
    key = sa.Column(sa.String(255), nullable=False)
    value = sa.Column(sa.String(255))


class Instance(TimestampMixin, SoftDeleteMixin, Base):
    __tablename__ = 'instances'
    __table_args__ = (
        sa.Index('instances_project_id_deleted_idx', 'project_id', 'deleted'),
        sa.Index('instances_host_deleted_idx', 'host', 'deleted'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    user_id = sa.Column(sa.String(255))
    project_id = sa.Column(sa.String(255))
    display_name = sa.Column(sa.String(255))
    display_description = sa.Column(sa.Text)
    hostname = sa.Column(sa.String(255))
    image_ref = sa.Column(sa.String(255))
    flavor = sa.Column(sa.Text)
    memory_mb = sa.Column(sa.Integer)
    vcpus = sa.Column(sa.Integer)
    root_gb = sa.Column(sa.Integer)
    ephemeral_gb = sa.Column(sa.Integer)
    host = sa.Column(sa.String(255))
    node = sa.Column(sa.String(255))
    vm_state = sa.Column(sa.String(255))
    task_state = sa.Column(sa.String(255))
    power_state = sa.Column(sa.Integer)
    launched_at = sa.Column(sa.DateTime)
    terminated_at = sa.Column(sa.DateTime)
    availability_zone = sa.Column(sa.String(255))
    reservation_id = sa.Column(sa.String(255))
    launch_index = sa.Column(sa.Integer)
    locked = sa.Column(sa.Boolean, nullable=False, default=False)
    metadata_ = sa.Column('metadata', sa.Text)
    key_name = sa.Column(sa.String(255))
    config_drive = sa.Column(sa.String(255))
    user_data = sa.Column(sa.Text)
    network_info = sa.Column(sa.Text)


class InstanceFault(Base):
    __tablename__ = 'instance_faults'
    __table_args__ = (
        sa.Index('instance_faults_instance_uuid_idx', 'instance_uuid'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    instance_uuid = sa.Column(sa.String(36), nullable=False)
    code = sa.Column(sa.Integer, nullable=False)
    message = sa.Column(sa.String(255))
    details = sa.Column(sa.Text)
    host = sa.Column(sa.String(255))
    created_at = sa.Column(sa.DateTime, default=utils.utcnow)


# Step times of the timeline keep microseconds (MariaDB's DATETIME drops
# them unless asked): the timing extension measures sub-second hops.
PRECISE_TIME = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), 'mysql')


class InstanceAction(TimestampMixin, Base):
    """One API request on an instance (create, delete, stop, ...)."""
    __tablename__ = 'instance_actions'
    __table_args__ = (
        sa.Index('instance_actions_instance_uuid_request_id_idx',
                 'instance_uuid', 'request_id'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    instance_uuid = sa.Column(sa.String(36), nullable=False)
    action = sa.Column(sa.String(255), nullable=False)
    request_id = sa.Column(sa.String(255), nullable=False)
    user_id = sa.Column(sa.String(255))
    project_id = sa.Column(sa.String(255))
    start_time = sa.Column(PRECISE_TIME)
    finish_time = sa.Column(PRECISE_TIME)
    message = sa.Column(sa.String(255))


class InstanceActionEvent(TimestampMixin, Base):
    """One service step of an action (``compute_stop_instance``, ...)."""
    __tablename__ = 'instance_actions_events'
    __table_args__ = (
        sa.Index('instance_actions_events_action_id_idx', 'action_id'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    action_id = sa.Column(sa.Integer,
                          sa.ForeignKey('instance_actions.id',
                                        ondelete='CASCADE'),
                          nullable=False)
    event = sa.Column(sa.String(255), nullable=False)
    start_time = sa.Column(PRECISE_TIME)
    finish_time = sa.Column(PRECISE_TIME)
    result = sa.Column(sa.String(255))
    traceback = sa.Column(sa.Text)
    host = sa.Column(sa.String(255))
    details = sa.Column(sa.Text)


class RequestSpec(TimestampMixin, Base):
    __tablename__ = 'request_specs'
    id = sa.Column(sa.Integer, primary_key=True)
    instance_uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    spec = sa.Column(sa.Text, nullable=False)


class Image(TimestampMixin, Base):
    __tablename__ = 'images'
    id = sa.Column(sa.String(36), primary_key=True)
    name = sa.Column(sa.String(255))
    status = sa.Column(sa.String(30), nullable=False)
    visibility = sa.Column(sa.String(20), nullable=False)
    owner = sa.Column(sa.String(255))
    disk_format = sa.Column(sa.String(20))
    container_format = sa.Column(sa.String(20))
    size = sa.Column(sa.BigInteger)
    checksum = sa.Column(sa.String(32))
    min_disk = sa.Column(sa.Integer, nullable=False, default=0)
    min_ram = sa.Column(sa.Integer, nullable=False, default=0)
    protected = sa.Column(sa.Boolean, nullable=False, default=False)
    properties = sa.Column(sa.Text)


class Migration(TimestampMixin, SoftDeleteMixin, Base):
    """A move of an instance between hosts (cold migration, resize).

    Nova's columns, plus the two flavors as JSON and the vm_state to come
    back to (Nova keeps those in the instance's system metadata).
    """
    __tablename__ = 'migrations'
    __table_args__ = (
        sa.Index('migrations_instance_uuid_status_idx', 'instance_uuid',
                 'status'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    instance_uuid = sa.Column(sa.String(36), nullable=False)
    source_compute = sa.Column(sa.String(255))
    source_node = sa.Column(sa.String(255))
    dest_compute = sa.Column(sa.String(255))
    dest_node = sa.Column(sa.String(255))
    dest_host = sa.Column(sa.String(255))
    old_instance_type_id = sa.Column(sa.Integer)
    new_instance_type_id = sa.Column(sa.Integer)
    old_flavor = sa.Column(sa.Text)
    new_flavor = sa.Column(sa.Text)
    old_vm_state = sa.Column(sa.String(255))
    status = sa.Column(sa.String(255), nullable=False)
    migration_type = sa.Column(sa.String(255), nullable=False)
    project_id = sa.Column(sa.String(255))
    user_id = sa.Column(sa.String(255))


class Volume(TimestampMixin, SoftDeleteMixin, Base):
    """A block storage volume (Cinder's columns that our flows use).

    ``host`` is the volume service holding it, set by whoever schedules
    it (scheduler, or the API when a snapshot/source pins the host);
    ``status_reason`` says why a volume went to ``error``.
    """
    __tablename__ = 'volumes'
    __table_args__ = (
        sa.Index('volumes_host_idx', 'host'),
        sa.Index('volumes_project_id_idx', 'project_id'),
    )
    id = sa.Column(sa.String(36), primary_key=True)
    project_id = sa.Column(sa.String(255), nullable=False)
    user_id = sa.Column(sa.String(255))
    host = sa.Column(sa.String(255))
    size = sa.Column(sa.Integer, nullable=False)
    availability_zone = sa.Column(sa.String(255))
    status = sa.Column(sa.String(255), nullable=False)
    status_reason = sa.Column(sa.Text)
    attach_status = sa.Column(sa.String(255), nullable=False)
    instance_uuid = sa.Column(sa.String(36))
    mountpoint = sa.Column(sa.String(255))
    display_name = sa.Column(sa.String(255))
    display_description = sa.Column(sa.String(255))
    volume_type_id = sa.Column(sa.String(36))
    snapshot_id = sa.Column(sa.String(36))
    source_volid = sa.Column(sa.String(36))
    image_id = sa.Column(sa.String(36))
    bootable = sa.Column(sa.Boolean, nullable=False, default=False)
    metadata_ = sa.Column('metadata', sa.Text)
    scheduled_at = sa.Column(sa.DateTime)
    launched_at = sa.Column(sa.DateTime)
    terminated_at = sa.Column(sa.DateTime)


class Snapshot(TimestampMixin, SoftDeleteMixin, Base):
    __tablename__ = 'snapshots'
    __table_args__ = (sa.Index('snapshots_volume_id_idx', 'volume_id'),)
    id = sa.Column(sa.String(36), primary_key=True)
    volume_id = sa.Column(sa.String(36), nullable=False)
    project_id = sa.Column(sa.String(255), nullable=False)
    user_id = sa.Column(sa.String(255))
    status = sa.Column(sa.String(255), nullable=False)
    progress = sa.Column(sa.String(255))
    volume_size = sa.Column(sa.Integer, nullable=False)
    display_name = sa.Column(sa.String(255))
    display_description = sa.Column(sa.String(255))


class VolumeType(TimestampMixin, SoftDeleteMixin, Base):
    __tablename__ = 'volume_types'
    __table_args__ = (
        sa.UniqueConstraint('name', 'deleted',
                            name='uniq_volume_types0name0deleted'),
    )
    id = sa.Column(sa.String(36), primary_key=True)
    name = sa.Column(sa.String(255), nullable=False)
    description = sa.Column(sa.String(255))
    is_public = sa.Column(sa.Boolean, nullable=False, default=True)
    extra_specs = sa.Column(sa.Text)


class VolumeCapacity(TimestampMixin, Base):
    """The last capacity report of one volume host (its periodic task)."""
    __tablename__ = 'volume_capacities'
    host = sa.Column(sa.String(255), primary_key=True)
    availability_zone = sa.Column(sa.String(255), nullable=False)
    total_gb = sa.Column(sa.Integer, nullable=False)
    free_gb = sa.Column(sa.Integer, nullable=False)
    allocated_gb = sa.Column(sa.Integer, nullable=False)


class VolumeQuota(Base):
    """A per-project hard limit overriding ``[volume_quota]``."""
    __tablename__ = 'volume_quotas'
    __table_args__ = (
        sa.UniqueConstraint('project_id', 'resource',
                            name='uniq_volume_quotas0project_id0resource'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    project_id = sa.Column(sa.String(255), nullable=False)
    resource = sa.Column(sa.String(255), nullable=False)
    hard_limit = sa.Column(sa.Integer, nullable=False)


class VolumeQuotaUsage(TimestampMixin, Base):
    __tablename__ = 'volume_quota_usages'
    __table_args__ = (
        sa.UniqueConstraint('project_id', 'resource',
                            name='uniq_volume_quota_usages0project_id0'
                                 'resource'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    project_id = sa.Column(sa.String(255), nullable=False)
    resource = sa.Column(sa.String(255), nullable=False)
    in_use = sa.Column(sa.Integer, nullable=False, default=0)
    reserved = sa.Column(sa.Integer, nullable=False, default=0)


class VolumeReservation(TimestampMixin, Base):
    """One resource's share of a quota reservation (``uuid`` groups them);
    committed (usage moves to in_use) or rolled back (released)."""
    __tablename__ = 'volume_reservations'
    __table_args__ = (sa.Index('volume_reservations_uuid_idx', 'uuid'),)
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False)
    usage_id = sa.Column(sa.Integer, nullable=False)
    project_id = sa.Column(sa.String(255), nullable=False)
    resource = sa.Column(sa.String(255), nullable=False)
    delta = sa.Column(sa.Integer, nullable=False)
    expire = sa.Column(sa.DateTime, nullable=False)
