"""volumes: volumes, snapshots, volume types, capacity reports, quotas

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def _timestamps(soft_delete=True):
    cols = [sa.Column('created_at', sa.DateTime(), nullable=True),
            sa.Column('updated_at', sa.DateTime(), nullable=True)]
    if soft_delete:
        cols += [sa.Column('deleted_at', sa.DateTime(), nullable=True),
                 sa.Column('deleted', sa.Integer(), nullable=False)]
    return cols


def upgrade():
    op.create_table(
        'volumes',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('project_id', sa.String(length=255), nullable=False),
        sa.Column('user_id', sa.String(length=255), nullable=True),
        sa.Column('host', sa.String(length=255), nullable=True),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('availability_zone', sa.String(length=255), nullable=True),
        sa.Column('status', sa.String(length=255), nullable=False),
        sa.Column('status_reason', sa.Text(), nullable=True),
        sa.Column('attach_status', sa.String(length=255), nullable=False),
        sa.Column('instance_uuid', sa.String(length=36), nullable=True),
        sa.Column('mountpoint', sa.String(length=255), nullable=True),
        sa.Column('display_name', sa.String(length=255), nullable=True),
        sa.Column('display_description', sa.String(length=255),
                  nullable=True),
        sa.Column('volume_type_id', sa.String(length=36), nullable=True),
        sa.Column('snapshot_id', sa.String(length=36), nullable=True),
        sa.Column('source_volid', sa.String(length=36), nullable=True),
        sa.Column('image_id', sa.String(length=36), nullable=True),
        sa.Column('bootable', sa.Boolean(), nullable=False),
        sa.Column('metadata', sa.Text(), nullable=True),
        sa.Column('scheduled_at', sa.DateTime(), nullable=True),
        sa.Column('launched_at', sa.DateTime(), nullable=True),
        sa.Column('terminated_at', sa.DateTime(), nullable=True),
        *_timestamps(),
        sa.PrimaryKeyConstraint('id'))
    op.create_index('volumes_host_idx', 'volumes', ['host'])
    op.create_index('volumes_project_id_idx', 'volumes', ['project_id'])
    op.create_table(
        'snapshots',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('volume_id', sa.String(length=36), nullable=False),
        sa.Column('project_id', sa.String(length=255), nullable=False),
        sa.Column('user_id', sa.String(length=255), nullable=True),
        sa.Column('status', sa.String(length=255), nullable=False),
        sa.Column('progress', sa.String(length=255), nullable=True),
        sa.Column('volume_size', sa.Integer(), nullable=False),
        sa.Column('display_name', sa.String(length=255), nullable=True),
        sa.Column('display_description', sa.String(length=255),
                  nullable=True),
        *_timestamps(),
        sa.PrimaryKeyConstraint('id'))
    op.create_index('snapshots_volume_id_idx', 'snapshots', ['volume_id'])
    op.create_table(
        'volume_types',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('description', sa.String(length=255), nullable=True),
        sa.Column('is_public', sa.Boolean(), nullable=False),
        sa.Column('extra_specs', sa.Text(), nullable=True),
        *_timestamps(),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name', 'deleted',
                            name='uniq_volume_types0name0deleted'))
    op.create_table(
        'volume_capacities',
        sa.Column('host', sa.String(length=255), nullable=False),
        sa.Column('availability_zone', sa.String(length=255),
                  nullable=False),
        sa.Column('total_gb', sa.Integer(), nullable=False),
        sa.Column('free_gb', sa.Integer(), nullable=False),
        sa.Column('allocated_gb', sa.Integer(), nullable=False),
        *_timestamps(soft_delete=False),
        sa.PrimaryKeyConstraint('host'))
    op.create_table(
        'volume_quotas',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.String(length=255), nullable=False),
        sa.Column('resource', sa.String(length=255), nullable=False),
        sa.Column('hard_limit', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('project_id', 'resource',
                            name='uniq_volume_quotas0project_id0resource'))
    op.create_table(
        'volume_quota_usages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.String(length=255), nullable=False),
        sa.Column('resource', sa.String(length=255), nullable=False),
        sa.Column('in_use', sa.Integer(), nullable=False),
        sa.Column('reserved', sa.Integer(), nullable=False),
        *_timestamps(soft_delete=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('project_id', 'resource',
                            name='uniq_volume_quota_usages0project_id0'
                                 'resource'))
    op.create_table(
        'volume_reservations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('usage_id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.String(length=255), nullable=False),
        sa.Column('resource', sa.String(length=255), nullable=False),
        sa.Column('delta', sa.Integer(), nullable=False),
        sa.Column('expire', sa.DateTime(), nullable=False),
        *_timestamps(soft_delete=False),
        sa.PrimaryKeyConstraint('id'))
    op.create_index('volume_reservations_uuid_idx', 'volume_reservations',
                    ['uuid'])
