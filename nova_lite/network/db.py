"""Networks, subnets and ports: their queries and the rules on their data.

Every function takes a RequestContext and runs in its own transaction
(nova_lite/db/api.py's enginefacade); what it returns is the resource as
the Neutron API shows it (a dict), so nothing outside reads ORM rows.  The
REST controllers check policy and shape the answer; ``nova-lite-manage
network create`` calls the same functions.

Address allocation (port create, fixed_ips update) reads the addresses in
use, lets network/ipam.py choose, and inserts; the ``ipallocations``
unique constraint rejects a concurrent writer's duplicate, and the whole
transaction is retried (:func:`_retrying`) with a wider choice of
addresses, so concurrent requests never share an address.
"""

import random
import time

from oslo_db import exception as db_exc
from oslo_log import log as logging
from oslo_serialization import jsonutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from nova_lite.db import api as db_api
from nova_lite.network import exceptions
from nova_lite.network import ipam
from nova_lite.network import models
from nova_lite.network import status
from nova_lite import utils

LOG = logging.getLogger(__name__)

DEFAULT_MTU = 1500
MAC_PREFIX = 'fa:16:3e'
VIF_TYPE_BOUND = 'tap'
VIF_TYPE_UNBOUND = 'unbound'
MAX_ATTEMPTS = 30

# Query filters: API attribute -> model column.
NETWORK_FILTERS = {
    'id': 'id', 'name': 'name', 'tenant_id': 'project_id',
    'project_id': 'project_id', 'status': 'status',
    'admin_state_up': 'admin_state_up', 'shared': 'shared', 'mtu': 'mtu',
    'description': 'description',
    'port_security_enabled': 'port_security_enabled',
    'revision_number': 'revision_number'}
SUBNET_FILTERS = {
    'id': 'id', 'name': 'name', 'network_id': 'network_id',
    'tenant_id': 'project_id', 'project_id': 'project_id',
    'ip_version': 'ip_version', 'cidr': 'cidr', 'gateway_ip': 'gateway_ip',
    'enable_dhcp': 'enable_dhcp', 'description': 'description',
    'revision_number': 'revision_number'}
PORT_FILTERS = {
    'id': 'id', 'name': 'name', 'network_id': 'network_id',
    'tenant_id': 'project_id', 'project_id': 'project_id',
    'mac_address': 'mac_address', 'admin_state_up': 'admin_state_up',
    'status': 'status', 'device_id': 'device_id',
    'device_owner': 'device_owner', 'binding:host_id': 'binding_host_id',
    'binding:vnic_type': 'binding_vnic_type', 'description': 'description',
    'port_security_enabled': 'port_security_enabled',
    'revision_number': 'revision_number'}


# -- the API's view of rows ----------------------------------------------

def _standard(row):
    return {'description': row.description,
            'created_at': utils.isotime(row.created_at),
            'updated_at': utils.isotime(row.updated_at),
            'revision_number': row.revision_number, 'tags': []}


def _owner(row):
    return {'tenant_id': row.project_id, 'project_id': row.project_id}


def _network_dict(row, subnet_ids):
    body = {'id': row.id, 'name': row.name, 'status': row.status,
            'subnets': list(subnet_ids),
            'admin_state_up': row.admin_state_up, 'shared': row.shared,
            'router:external': False, 'mtu': row.mtu,
            'availability_zones': [], 'availability_zone_hints': [],
            'port_security_enabled': row.port_security_enabled}
    body.update(_owner(row))
    body.update(_standard(row))
    return body


def _subnet_dict(row):
    body = {'id': row.id, 'name': row.name, 'network_id': row.network_id,
            'ip_version': row.ip_version, 'cidr': row.cidr,
            'gateway_ip': row.gateway_ip,
            'allocation_pools': jsonutils.loads(row.allocation_pools),
            'enable_dhcp': row.enable_dhcp,
            'dns_nameservers': jsonutils.loads(row.dns_nameservers),
            'host_routes': jsonutils.loads(row.host_routes),
            'ipv6_ra_mode': None, 'ipv6_address_mode': None,
            'subnetpool_id': None, 'segment_id': None,
            'service_types': []}
    body.update(_owner(row))
    body.update(_standard(row))
    return body


def _port_dict(row, allocations):
    body = {'id': row.id, 'name': row.name, 'network_id': row.network_id,
            'mac_address': row.mac_address,
            'admin_state_up': row.admin_state_up, 'status': row.status,
            'device_id': row.device_id, 'device_owner': row.device_owner,
            'fixed_ips': [{'subnet_id': a.subnet_id,
                           'ip_address': a.ip_address}
                          for a in allocations],
            'binding:host_id': row.binding_host_id,
            'binding:vif_type': (VIF_TYPE_BOUND if row.binding_host_id
                                 else VIF_TYPE_UNBOUND),
            'binding:vnic_type': row.binding_vnic_type,
            'binding:profile': jsonutils.loads(row.binding_profile),
            'binding:vif_details': {},
            'security_groups': [],
            'port_security_enabled': row.port_security_enabled}
    body.update(_owner(row))
    body.update(_standard(row))
    return body


# -- shared query pieces -------------------------------------------------

def _get_row(context, model, row_id, not_found, lock=False):
    query = sa.select(model).where(model.id == row_id)
    if lock:
        query = query.with_for_update()
    row = context.session.scalars(query).first()
    if row is None:
        raise not_found
    return row


def _network_row(context, network_id, lock=False):
    return _get_row(context, models.Network, network_id,
                    exceptions.NetworkNotFound(net_id=network_id), lock)


def _subnet_rows(context, network_ids):
    if not network_ids:
        return []
    return context.session.scalars(
        sa.select(models.Subnet)
        .where(models.Subnet.network_id.in_(list(network_ids)))
        .order_by(models.Subnet.created_at, models.Subnet.id)).all()


def _allocations_by_port(context, port_ids):
    found = {port_id: [] for port_id in port_ids}
    if port_ids:
        for alloc in context.session.scalars(
                sa.select(models.IPAllocation)
                .where(models.IPAllocation.port_id.in_(list(port_ids)))
                .order_by(models.IPAllocation.id)):
            found[alloc.port_id].append(alloc)
    return found


def _apply_filters(query, model, filters, columns):
    """``filters``: API attribute -> list of accepted values (OR)."""
    for attr, values in filters.items():
        column = getattr(model, columns[attr])
        query = query.where(column.in_(list(values)))
    return query


def _paginate(context, query, model, sort_key, sort_dir, limit, marker,
              not_found):
    column = getattr(model, sort_key)
    ascending = sort_dir != 'desc'
    if marker is not None:
        mark = _get_row(context, model, marker, not_found)
        value = getattr(mark, sort_key)
        after = column > value if ascending else column < value
        query = query.where(sa.or_(after, sa.and_(column == value,
                                                  model.id > mark.id)))
    order = column.asc() if ascending else column.desc()
    query = query.order_by(order, model.id.asc())
    if limit is not None:
        query = query.limit(limit)
    return query


def _list(context, model, columns, filters, conditions, page):
    """Rows matching ``filters`` and SQL ``conditions``, one ``page``:
    (sort attribute, 'asc'|'desc', limit, marker id) or None."""
    query = _apply_filters(sa.select(model), model, filters, columns)
    if conditions:
        query = query.where(*conditions)
    sort_key, sort_dir, limit, marker = page or ('id', 'asc', None, None)
    query = _paginate(context, query, model, columns.get(sort_key, sort_key),
                      sort_dir, limit, marker,
                      exceptions.BadRequest(resource='list',
                                            msg='marker %s not found' %
                                                marker))
    return context.session.scalars(query).all()


# -- networks --------------------------------------------------------------

@db_api.writer
def network_create(context, values):
    row = models.Network(
        id=uuidutils.generate_uuid(), name=values.get('name', ''),
        project_id=values['project_id'], status='ACTIVE',
        admin_state_up=values.get('admin_state_up', True),
        shared=values.get('shared', False), mtu=DEFAULT_MTU,
        port_security_enabled=values.get('port_security_enabled', True),
        description=values.get('description', ''))
    context.session.add(row)
    context.session.flush()
    return _network_dict(row, [])


@db_api.reader
def network_get(context, network_id):
    row = _network_row(context, network_id)
    return _network_dict(row, [s.id for s in _subnet_rows(context,
                                                          [row.id])])


@db_api.reader
def network_list(context, filters=None, visible_to=None, page=None):
    """Networks matching ``filters``; ``visible_to``: a project that sees
    only its own and the shared ones (None: all)."""
    conditions = []
    if visible_to is not None:
        conditions.append(sa.or_(models.Network.project_id == visible_to,
                                 models.Network.shared.is_(True)))
    rows = _list(context, models.Network, NETWORK_FILTERS, filters or {},
                 conditions, page)
    subnets = {}
    for subnet in _subnet_rows(context, [row.id for row in rows]):
        subnets.setdefault(subnet.network_id, []).append(subnet.id)
    return [_network_dict(row, subnets.get(row.id, [])) for row in rows]


@db_api.writer
def network_update(context, network_id, values):
    row = _network_row(context, network_id, lock=True)
    for key in ('name', 'admin_state_up', 'shared', 'description',
                'port_security_enabled'):
        if key in values:
            setattr(row, key, values[key])
    row.revision_number += 1
    context.session.flush()
    return _network_dict(row, [s.id for s in _subnet_rows(context,
                                                          [row.id])])


@db_api.writer
def network_delete(context, network_id):
    """Delete a network and its subnets; 409 while it has ports."""
    row = _network_row(context, network_id, lock=True)
    in_use = context.session.scalar(sa.select(models.Port.id).where(
        models.Port.network_id == network_id).limit(1))
    if in_use is not None:
        raise exceptions.NetworkInUse(net_id=network_id)
    context.session.execute(sa.delete(models.Subnet).where(
        models.Subnet.network_id == network_id))
    context.session.delete(row)
    try:
        context.session.flush()
    except db_exc.DBReferenceError:  # a port created meanwhile
        raise exceptions.NetworkInUse(net_id=network_id)


# -- subnets ---------------------------------------------------------------

def _check_nameservers(nameservers):
    checked = [str(ipam.parse_ip(ns)) for ns in nameservers]
    if len(set(checked)) != len(checked):
        raise exceptions.InvalidInput(
            error_message='Duplicate nameserver in %s' % nameservers)
    return checked


def _check_routes(routes):
    checked = []
    for route in routes:
        checked.append({'destination': ipam.parse_destination(
                            route['destination']),
                        'nexthop': str(ipam.parse_ip(route['nexthop']))})
    return checked


def _subnet_pools_and_gateway(net, values, current=None):
    """Gateway and pools of a new subnet, or of an updated one."""
    if 'gateway_ip' in values:
        gateway = values['gateway_ip']
        if gateway is not None:
            gateway = ipam.check_gateway(net, gateway)
    elif current is not None:
        gateway = current.gateway_ip
    else:
        gateway = ipam.default_gateway(net)
    if 'allocation_pools' in values:
        pools = values['allocation_pools']
    elif current is not None:
        pools = jsonutils.loads(current.allocation_pools)
    else:
        pools = ipam.default_pools(net, gateway)
    return gateway, ipam.validate_pools(net, pools, gateway)


def _check_no_overlap(context, network_id, net):
    for other in _subnet_rows(context, [network_id]):
        if ipam.parse_cidr(other.cidr).overlaps(net):
            raise exceptions.InvalidInput(
                error_message='Requested subnet with cidr: %s for network: '
                              '%s overlaps with another subnet' % (
                                  net, network_id))


@db_api.writer
def subnet_create(context, values):
    network = _network_row(context, values['network_id'], lock=True)
    net = ipam.parse_cidr(values['cidr'])
    _check_no_overlap(context, network.id, net)
    gateway, pools = _subnet_pools_and_gateway(net, values)
    row = models.Subnet(
        id=uuidutils.generate_uuid(), network_id=network.id,
        name=values.get('name', ''), project_id=values['project_id'],
        ip_version=4, cidr=str(net), gateway_ip=gateway,
        allocation_pools=jsonutils.dumps(pools),
        dns_nameservers=jsonutils.dumps(
            _check_nameservers(values.get('dns_nameservers', []))),
        host_routes=jsonutils.dumps(
            _check_routes(values.get('host_routes', []))),
        enable_dhcp=values.get('enable_dhcp', True),
        description=values.get('description', ''))
    context.session.add(row)
    context.session.flush()
    return _subnet_dict(row)


def _subnet_row(context, subnet_id, lock=False):
    return _get_row(context, models.Subnet, subnet_id,
                    exceptions.SubnetNotFound(subnet_id=subnet_id), lock)


@db_api.reader
def subnet_get(context, subnet_id):
    return _subnet_dict(_subnet_row(context, subnet_id))


@db_api.reader
def subnet_list(context, filters=None, visible_to=None, page=None):
    """Subnets matching ``filters``; a project sees its own and those of
    shared networks."""
    conditions = []
    if visible_to is not None:
        shared = sa.select(models.Network.id).where(
            models.Network.shared.is_(True))
        conditions.append(sa.or_(models.Subnet.project_id == visible_to,
                                 models.Subnet.network_id.in_(shared)))
    return [_subnet_dict(row) for row in _list(
        context, models.Subnet, SUBNET_FILTERS, filters or {}, conditions,
        page)]


@db_api.writer
def subnet_update(context, subnet_id, values):
    row = _subnet_row(context, subnet_id, lock=True)
    net = ipam.parse_cidr(row.cidr)
    gateway, pools = _subnet_pools_and_gateway(net, values, current=row)
    if gateway is not None and gateway != row.gateway_ip:
        taken = context.session.scalar(
            sa.select(models.IPAllocation.port_id).where(
                models.IPAllocation.subnet_id == row.id,
                models.IPAllocation.ip_address == gateway))
        if taken is not None:
            raise exceptions.IpAddressAlreadyAllocated(ip=gateway,
                                                       subnet_id=row.id)
    row.gateway_ip = gateway
    row.allocation_pools = jsonutils.dumps(pools)
    if 'dns_nameservers' in values:
        row.dns_nameservers = jsonutils.dumps(
            _check_nameservers(values['dns_nameservers']))
    if 'host_routes' in values:
        row.host_routes = jsonutils.dumps(
            _check_routes(values['host_routes']))
    for key in ('name', 'description', 'enable_dhcp'):
        if key in values:
            setattr(row, key, values[key])
    row.revision_number += 1
    context.session.flush()
    return _subnet_dict(row)


@db_api.writer
def subnet_delete(context, subnet_id):
    row = _subnet_row(context, subnet_id, lock=True)
    in_use = context.session.scalar(
        sa.select(models.IPAllocation.id).where(
            models.IPAllocation.subnet_id == subnet_id).limit(1))
    if in_use is not None:
        raise exceptions.SubnetInUse(subnet_id=subnet_id)
    context.session.delete(row)
    try:
        context.session.flush()
    except db_exc.DBReferenceError:  # an address allocated meanwhile
        raise exceptions.SubnetInUse(subnet_id=subnet_id)


# -- ports -----------------------------------------------------------------

def _retrying(fn):
    """Rerun the transaction ``fn(context, ..., attempt=n)`` when a
    concurrent writer took the address or MAC it chose.

    Each attempt is a fresh transaction that sees the winner's rows: a
    requested address then fails cleanly (409), a chosen one is chosen
    again among more candidates (network/ipam.py ``retry_window``).
    """
    def wrapper(context, *args, **kwargs):
        for attempt in range(MAX_ATTEMPTS):
            try:
                return fn(context, *args, attempt=attempt, **kwargs)
            except (db_exc.DBDuplicateEntry, db_exc.DBDeadlock) as exc:
                LOG.debug('Allocation attempt %d lost a race: %s',
                          attempt + 1, exc)
                time.sleep(random.uniform(0, 0.005 * min(attempt + 1, 10)))
        raise exceptions.ConcurrentAllocation(attempts=MAX_ATTEMPTS)
    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper


def _used_addresses(context, subnet_id):
    return set(context.session.scalars(
        sa.select(models.IPAllocation.ip_address).where(
            models.IPAllocation.subnet_id == subnet_id)))


def _subnet_for_ip(subnets, ip_address):
    ip = ipam.parse_ip(ip_address)
    for subnet in subnets:
        if ip in ipam.parse_cidr(subnet.cidr):
            return subnet
    raise exceptions.InvalidIpForNetwork(ip_address=ip_address)


def _requested_address(context, subnet, ip_address, keep, chosen):
    ip = ipam.check_fixed_ip(ipam.parse_cidr(subnet.cidr), ip_address,
                             subnet.gateway_ip)
    if ip in chosen:
        raise exceptions.InvalidInput(
            error_message='Duplicate IP address %s' % ip)
    taken = context.session.scalar(
        sa.select(models.IPAllocation.id).where(
            models.IPAllocation.network_id == subnet.network_id,
            models.IPAllocation.ip_address == ip))
    if ip not in keep and taken is not None:
        raise exceptions.IpAddressAlreadyAllocated(ip=ip,
                                                   subnet_id=subnet.id)
    return ip


def _free_address(context, subnet, chosen, attempt):
    used = _used_addresses(context, subnet.id) | set(chosen)
    return ipam.choose_address(jsonutils.loads(subnet.allocation_pools),
                               used, window=ipam.retry_window(attempt))


def _allocate(context, network_id, fixed_ips, attempt, keep=()):
    """[(subnet_id, ip)] for a port: ``fixed_ips`` as asked, or one free
    address of the first subnet that has one.  ``keep``: addresses the port
    already holds (an update may ask for them again)."""
    subnets = _subnet_rows(context, [network_id])
    if fixed_ips is None:
        for subnet in subnets:
            ip = _free_address(context, subnet, (), attempt)
            if ip is not None:
                return [(subnet.id, ip)]
        if subnets:
            raise exceptions.IpAddressGenerationFailure(net_id=network_id)
        return []
    by_id = {subnet.id: subnet for subnet in subnets}
    result = []
    for item in fixed_ips:
        chosen = [ip for _sid, ip in result]
        if item.get('subnet_id'):
            subnet = by_id.get(item['subnet_id'])
            if subnet is None:
                raise exceptions.InvalidInput(
                    error_message='Failed to create port on network %s, '
                                  'because fixed_ips included invalid '
                                  'subnet %s' % (network_id,
                                                 item['subnet_id']))
        else:
            subnet = _subnet_for_ip(subnets, item['ip_address'])
        if item.get('ip_address'):
            ip = _requested_address(context, subnet, item['ip_address'],
                                    keep, chosen)
        else:
            ip = _free_address(context, subnet, chosen, attempt)
            if ip is None:
                raise exceptions.IpAddressGenerationFailure(
                    net_id=network_id)
        result.append((subnet.id, ip))
    return result


def _add_allocations(context, port, allocations):
    for subnet_id, ip in allocations:
        context.session.add(models.IPAllocation(
            port_id=port.id, subnet_id=subnet_id,
            network_id=port.network_id, ip_address=ip))
    context.session.flush()


def _mac_in_use(context, network_id, mac):
    return context.session.scalar(sa.select(models.Port.id).where(
        models.Port.network_id == network_id,
        models.Port.mac_address == mac)) is not None


def _mac_address(context, network_id, requested):
    if requested is not None:
        mac = requested.lower()
        if int(mac[:2], 16) & 1 or mac == '00:00:00:00:00:00':
            raise exceptions.InvalidInput(
                error_message="'%s' is not a valid unicast MAC address" %
                              requested)
        if _mac_in_use(context, network_id, mac):
            raise exceptions.MacAddressInUse(net_id=network_id, mac=mac)
        return mac
    while True:
        mac = '%s:%02x:%02x:%02x' % ((MAC_PREFIX,) + tuple(
            random.randint(0, 255) for _ in range(3)))
        if not _mac_in_use(context, network_id, mac):
            return mac


def _port_row(context, port_id, lock=False):
    return _get_row(context, models.Port, port_id,
                    exceptions.PortNotFound(port_id=port_id), lock)


def _port_view(context, row):
    return _port_dict(row, _allocations_by_port(context, [row.id])[row.id])


@db_api.writer
def _port_create(context, values, attempt):
    network = _network_row(context, values['network_id'])
    allocations = _allocate(context, network.id, values.get('fixed_ips'),
                            attempt)
    row = models.Port(
        id=uuidutils.generate_uuid(), network_id=network.id,
        name=values.get('name', ''), project_id=values['project_id'],
        mac_address=_mac_address(context, network.id,
                                 values.get('mac_address')),
        admin_state_up=values.get('admin_state_up', True),
        status=status.DOWN, device_id=values.get('device_id', ''),
        device_owner=values.get('device_owner', ''),
        binding_host_id=values.get('binding:host_id', ''),
        binding_vnic_type=values.get('binding:vnic_type', 'normal'),
        binding_profile=jsonutils.dumps(values.get('binding:profile', {})),
        port_security_enabled=values.get('port_security_enabled',
                                         network.port_security_enabled),
        description=values.get('description', ''))
    context.session.add(row)
    try:
        context.session.flush()
        _add_allocations(context, row, allocations)
    except db_exc.DBReferenceError:  # network or subnet deleted meanwhile
        raise exceptions.NetworkNotFound(net_id=network.id)
    return _port_view(context, row)


def port_create(context, values):
    """A DOWN port on ``values['network_id']`` with its addresses."""
    return _retrying(_port_create)(context, values)


_PORT_COLUMNS = {'name': 'name', 'description': 'description',
                 'admin_state_up': 'admin_state_up',
                 'device_id': 'device_id', 'device_owner': 'device_owner',
                 'binding:vnic_type': 'binding_vnic_type',
                 'port_security_enabled': 'port_security_enabled'}


def _update_mac(context, row, mac):
    mac = mac.lower()
    if mac == row.mac_address:
        return
    if row.binding_host_id:
        raise exceptions.PortBound(port_id=row.id, vif_type=VIF_TYPE_BOUND,
                                   old_mac=row.mac_address, new_mac=mac)
    row.mac_address = _mac_address(context, row.network_id, mac)


def _update_fixed_ips(context, row, fixed_ips, attempt):
    current = context.session.scalars(sa.select(models.IPAllocation).where(
        models.IPAllocation.port_id == row.id)).all()
    keep = {a.ip_address for a in current}
    wanted = _allocate(context, row.network_id, fixed_ips, attempt,
                       keep=keep)
    wanted_set = set(wanted)
    for alloc in current:
        if (alloc.subnet_id, alloc.ip_address) not in wanted_set:
            context.session.delete(alloc)
    context.session.flush()
    held = {(a.subnet_id, a.ip_address) for a in current}
    _add_allocations(context, row, [w for w in wanted if w not in held])


@db_api.writer
def _port_update(context, port_id, values, attempt):
    row = _port_row(context, port_id, lock=True)
    old_device = (row.device_id, row.device_owner)
    for key, column in _PORT_COLUMNS.items():
        if key in values:
            setattr(row, column, values[key])
    if 'binding:profile' in values:
        row.binding_profile = jsonutils.dumps(values['binding:profile'])
    if 'mac_address' in values:
        _update_mac(context, row, values['mac_address'])
    if 'fixed_ips' in values:
        try:
            _update_fixed_ips(context, row, values['fixed_ips'], attempt)
        except db_exc.DBReferenceError:
            raise exceptions.Conflict(
                'A subnet of port %s was deleted meanwhile; try again.' %
                port_id)
    host = values.get('binding:host_id')
    if host is not None and host != row.binding_host_id:
        row.binding_host_id = host
        status.set_status(context, row, status.DOWN, *old_device)
    row.revision_number += 1
    context.session.flush()
    return _port_view(context, row)


def port_update(context, port_id, values):
    return _retrying(_port_update)(context, port_id, values)


@db_api.reader
def port_get(context, port_id):
    return _port_view(context, _port_row(context, port_id))


def _has_address(fixed_ips):
    """The port holds an address with one of ``fixed_ips['ip_address']``
    and in one of ``fixed_ips['subnet_id']`` (each when given)."""
    conds = [models.IPAllocation.port_id == models.Port.id]
    for key in ('ip_address', 'subnet_id'):
        if fixed_ips.get(key):
            conds.append(getattr(models.IPAllocation, key).in_(
                list(fixed_ips[key])))
    return sa.exists().where(*conds)


@db_api.reader
def port_list(context, filters=None, visible_to=None, page=None,
              fixed_ips=None):
    """Ports matching ``filters`` and ``fixed_ips`` (``{'ip_address':
    [...], 'subnet_id': [...]}``); ``visible_to``: a project that sees
    only its own."""
    conditions = [_has_address(fixed_ips)] if fixed_ips else []
    if visible_to is not None:
        conditions.append(models.Port.project_id == visible_to)
    rows = _list(context, models.Port, PORT_FILTERS, filters or {},
                 conditions, page)
    allocations = _allocations_by_port(context, [row.id for row in rows])
    return [_port_dict(row, allocations[row.id]) for row in rows]


@db_api.writer
def port_delete(context, port_id):
    row = _port_row(context, port_id, lock=True)
    status.port_deleted(context, row)
    context.session.execute(sa.delete(models.IPAllocation).where(
        models.IPAllocation.port_id == port_id))
    context.session.delete(row)
