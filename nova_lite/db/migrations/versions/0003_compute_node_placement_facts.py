"""compute node availability zone and CPU architecture

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('compute_nodes') as batch:
        batch.add_column(sa.Column('availability_zone', sa.String(255),
                                   nullable=True))
        batch.add_column(sa.Column('cpu_arch', sa.String(32),
                                   nullable=True))
