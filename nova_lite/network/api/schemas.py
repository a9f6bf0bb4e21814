"""JSON schemas of the network API's request bodies.

The attributes Neutron accepts for what we implement, nothing more
(``additionalProperties: false``: an unknown or read-only attribute is a
400).  Addresses and CIDRs are strings here; network/ipam.py checks what
they mean.
"""

_NAME = {'type': 'string', 'maxLength': 255}
_BOOL = {'type': 'boolean'}
_ID = {'type': 'string', 'minLength': 1, 'maxLength': 36}
_IP = {'type': 'string', 'minLength': 1, 'maxLength': 64}
_NONE = {'type': 'null'}
MAC = '^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$'


def _body(resource, properties, required=()):
    return {
        'type': 'object',
        'properties': {resource: {
            'type': 'object', 'properties': properties,
            'required': list(required), 'additionalProperties': False}},
        'required': [resource],
        'additionalProperties': False,
    }


_OWNER = {'tenant_id': _NAME, 'project_id': _NAME}

_network = {'name': _NAME, 'description': _NAME, 'admin_state_up': _BOOL,
            'shared': _BOOL, 'port_security_enabled': _BOOL}

network_create = _body('network', dict(
    _network, **_OWNER, **{'router:external': {'enum': [False]}}))
network_update = _body('network', dict(
    _network, **{'router:external': {'enum': [False]}}))

_pools = {'type': 'array', 'items': {
    'type': 'object',
    'properties': {'start': _IP, 'end': _IP},
    'required': ['start', 'end'], 'additionalProperties': False}}
_subnet = {
    'name': _NAME, 'description': _NAME,
    'gateway_ip': {'oneOf': [_IP, _NONE]},
    'allocation_pools': _pools,
    'dns_nameservers': {'type': 'array', 'items': _IP},
    'host_routes': {'type': 'array', 'items': {
        'type': 'object',
        'properties': {'destination': _IP, 'nexthop': _IP},
        'required': ['destination', 'nexthop'],
        'additionalProperties': False}},
    'enable_dhcp': _BOOL,
}

subnet_create = _body('subnet', dict(
    _subnet, **_OWNER,
    network_id=_ID, cidr=_IP, ip_version={'enum': [4, '4']},
    ipv6_ra_mode=_NONE, ipv6_address_mode=_NONE, subnetpool_id=_NONE,
    segment_id=_NONE, use_default_subnetpool={'enum': [False]},
    service_types={'type': 'array', 'maxItems': 0}),
    required=('network_id', 'cidr', 'ip_version'))
subnet_update = _body('subnet', _subnet)

_fixed_ips = {'type': 'array', 'items': {
    'type': 'object',
    'properties': {'subnet_id': _ID, 'ip_address': _IP},
    'minProperties': 1, 'additionalProperties': False}}
_port = {
    'name': _NAME, 'description': _NAME, 'admin_state_up': _BOOL,
    'mac_address': {'type': 'string', 'pattern': MAC},
    'fixed_ips': _fixed_ips,
    'device_id': _NAME, 'device_owner': _NAME,
    'binding:host_id': _NAME,
    'binding:profile': {'type': 'object'},
    'binding:vnic_type': {'enum': ['normal']},
    # No security group API here: only "none" can be asked for.
    'security_groups': {'type': 'array', 'maxItems': 0},
    'port_security_enabled': _BOOL,
}

port_create = _body('port', dict(_port, **_OWNER, network_id=_ID),
                    required=('network_id',))
port_update = _body('port', _port)
