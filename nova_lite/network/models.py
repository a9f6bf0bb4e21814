"""Tables of the network service: networks, subnets, ports, their IP
allocations, and the outbox of port events for the Compute API.

Same metadata (and migration chain) as the compute tables; nothing else
reads these tables.  Rows are hard-deleted, as Neutron does.  The unique
constraints are what keeps concurrent writers honest: one address per
network (``ipallocations``), one MAC per network (``ports``).
"""

import sqlalchemy as sa

from nova_lite.db import models
from nova_lite import utils


class StandardAttrMixin:
    """Neutron's standard attributes: description, timestamps, revision."""
    description = sa.Column(sa.String(255), nullable=False, default='')
    revision_number = sa.Column(sa.Integer, nullable=False, default=1)
    created_at = sa.Column(sa.DateTime, default=utils.utcnow)
    updated_at = sa.Column(sa.DateTime, default=utils.utcnow,
                           onupdate=utils.utcnow)


class Network(StandardAttrMixin, models.Base):
    __tablename__ = 'networks'
    __table_args__ = (
        sa.Index('networks_project_id_idx', 'project_id'),
    )
    id = sa.Column(sa.String(36), primary_key=True)
    name = sa.Column(sa.String(255), nullable=False, default='')
    project_id = sa.Column(sa.String(255), nullable=False)
    status = sa.Column(sa.String(16), nullable=False)
    admin_state_up = sa.Column(sa.Boolean, nullable=False, default=True)
    shared = sa.Column(sa.Boolean, nullable=False, default=False)
    mtu = sa.Column(sa.Integer, nullable=False)
    port_security_enabled = sa.Column(sa.Boolean, nullable=False,
                                      default=True)


class Subnet(StandardAttrMixin, models.Base):
    __tablename__ = 'subnets'
    __table_args__ = (
        sa.Index('subnets_network_id_idx', 'network_id'),
    )
    id = sa.Column(sa.String(36), primary_key=True)
    network_id = sa.Column(sa.String(36), sa.ForeignKey('networks.id'),
                           nullable=False)
    name = sa.Column(sa.String(255), nullable=False, default='')
    project_id = sa.Column(sa.String(255), nullable=False)
    ip_version = sa.Column(sa.Integer, nullable=False)
    cidr = sa.Column(sa.String(64), nullable=False)
    gateway_ip = sa.Column(sa.String(64))
    # JSON lists: [{'start', 'end'}], ['8.8.8.8'], [{'destination',
    # 'nexthop'}]
    allocation_pools = sa.Column(sa.Text, nullable=False)
    dns_nameservers = sa.Column(sa.Text, nullable=False)
    host_routes = sa.Column(sa.Text, nullable=False)
    enable_dhcp = sa.Column(sa.Boolean, nullable=False, default=True)


class Port(StandardAttrMixin, models.Base):
    __tablename__ = 'ports'
    __table_args__ = (
        sa.UniqueConstraint('network_id', 'mac_address',
                            name='uniq_ports0network_id0mac_address'),
        sa.Index('ports_network_id_idx', 'network_id'),
        sa.Index('ports_device_id_idx', 'device_id'),
        sa.Index('ports_project_id_idx', 'project_id'),
    )
    id = sa.Column(sa.String(36), primary_key=True)
    network_id = sa.Column(sa.String(36), sa.ForeignKey('networks.id'),
                           nullable=False)
    name = sa.Column(sa.String(255), nullable=False, default='')
    project_id = sa.Column(sa.String(255), nullable=False)
    mac_address = sa.Column(sa.String(32), nullable=False)
    admin_state_up = sa.Column(sa.Boolean, nullable=False, default=True)
    status = sa.Column(sa.String(16), nullable=False)
    device_id = sa.Column(sa.String(255), nullable=False, default='')
    device_owner = sa.Column(sa.String(255), nullable=False, default='')
    binding_host_id = sa.Column(sa.String(255), nullable=False, default='')
    binding_vnic_type = sa.Column(sa.String(64), nullable=False,
                                  default='normal')
    binding_profile = sa.Column(sa.Text, nullable=False, default='{}')
    port_security_enabled = sa.Column(sa.Boolean, nullable=False,
                                      default=True)


class IPAllocation(models.Base):
    __tablename__ = 'ipallocations'
    __table_args__ = (
        sa.UniqueConstraint('network_id', 'ip_address',
                            name='uniq_ipallocations0network_id0ip_address'),
        sa.Index('ipallocations_port_id_idx', 'port_id'),
        sa.Index('ipallocations_subnet_id_idx', 'subnet_id'),
    )
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    port_id = sa.Column(sa.String(36),
                        sa.ForeignKey('ports.id', ondelete='CASCADE'),
                        nullable=False)
    subnet_id = sa.Column(sa.String(36), sa.ForeignKey('subnets.id'),
                          nullable=False)
    network_id = sa.Column(sa.String(36), sa.ForeignKey('networks.id'),
                           nullable=False)
    ip_address = sa.Column(sa.String(64), nullable=False)


class EventOutbox(models.Base):
    """Port events waiting for the Compute API (see network/notifier.py).

    Written in the transaction that changes the port, deleted once the
    Compute API has answered for them.
    """
    __tablename__ = 'network_event_outbox'
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    server_uuid = sa.Column(sa.String(36), nullable=False)
    name = sa.Column(sa.String(64), nullable=False)
    tag = sa.Column(sa.String(255))
    status = sa.Column(sa.String(32), nullable=False)
    created_at = sa.Column(sa.DateTime, default=utils.utcnow)
