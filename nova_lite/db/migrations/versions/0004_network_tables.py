"""network service tables

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def _standard_attrs():
    return [
        sa.Column('description', sa.String(length=255), nullable=False),
        sa.Column('revision_number', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
    ]


def upgrade():
    op.create_table(
        'networks',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('project_id', sa.String(length=255), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('admin_state_up', sa.Boolean(), nullable=False),
        sa.Column('shared', sa.Boolean(), nullable=False),
        sa.Column('mtu', sa.Integer(), nullable=False),
        sa.Column('port_security_enabled', sa.Boolean(), nullable=False),
        *_standard_attrs(),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('networks_project_id_idx', 'networks', ['project_id'])
    op.create_table(
        'subnets',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('network_id', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('project_id', sa.String(length=255), nullable=False),
        sa.Column('ip_version', sa.Integer(), nullable=False),
        sa.Column('cidr', sa.String(length=64), nullable=False),
        sa.Column('gateway_ip', sa.String(length=64), nullable=True),
        sa.Column('allocation_pools', sa.Text(), nullable=False),
        sa.Column('dns_nameservers', sa.Text(), nullable=False),
        sa.Column('host_routes', sa.Text(), nullable=False),
        sa.Column('enable_dhcp', sa.Boolean(), nullable=False),
        *_standard_attrs(),
        sa.ForeignKeyConstraint(['network_id'], ['networks.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('subnets_network_id_idx', 'subnets', ['network_id'])
    op.create_table(
        'ports',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('network_id', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('project_id', sa.String(length=255), nullable=False),
        sa.Column('mac_address', sa.String(length=32), nullable=False),
        sa.Column('admin_state_up', sa.Boolean(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('device_id', sa.String(length=255), nullable=False),
        sa.Column('device_owner', sa.String(length=255), nullable=False),
        sa.Column('binding_host_id', sa.String(length=255),
                  nullable=False),
        sa.Column('binding_vnic_type', sa.String(length=64),
                  nullable=False),
        sa.Column('binding_profile', sa.Text(), nullable=False),
        sa.Column('port_security_enabled', sa.Boolean(), nullable=False),
        *_standard_attrs(),
        sa.ForeignKeyConstraint(['network_id'], ['networks.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('network_id', 'mac_address',
                            name='uniq_ports0network_id0mac_address'),
    )
    op.create_index('ports_network_id_idx', 'ports', ['network_id'])
    op.create_index('ports_device_id_idx', 'ports', ['device_id'])
    op.create_index('ports_project_id_idx', 'ports', ['project_id'])
    op.create_table(
        'ipallocations',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('port_id', sa.String(length=36), nullable=False),
        sa.Column('subnet_id', sa.String(length=36), nullable=False),
        sa.Column('network_id', sa.String(length=36), nullable=False),
        sa.Column('ip_address', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['port_id'], ['ports.id'],
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['subnet_id'], ['subnets.id']),
        sa.ForeignKeyConstraint(['network_id'], ['networks.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('network_id', 'ip_address',
                            name='uniq_ipallocations0network_id0ip_address'),
    )
    op.create_index('ipallocations_port_id_idx', 'ipallocations',
                    ['port_id'])
    op.create_index('ipallocations_subnet_id_idx', 'ipallocations',
                    ['subnet_id'])
    op.create_table(
        'network_event_outbox',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('server_uuid', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('tag', sa.String(length=255), nullable=True),
        sa.Column('status', sa.String(length=32), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
