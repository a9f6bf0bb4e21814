"""Policies of the network service (/v2.0 networks, subnets, ports).

Neutron's rule names.  Targets carry the resource's ``project_id``, its
network's owner as ``network:project_id`` and, for networks and subnets,
the network's ``shared`` flag.  A member sees their project's resources
and shared networks (and their subnets); an admin sees everything; the
``binding:*`` attributes (where a port is plugged) are admin-only.  What a
caller may not see answers 404, as Neutron does, not 403.
"""

from oslo_policy import policy

from nova_lite.policies import base

SHARED = 'rule:network_shared'
NETWORK_OWNER = 'rule:network_owner_or_admin'

_BASE = [
    policy.RuleDefault('network_shared', 'True:%(shared)s',
                       description='The network (of a subnet) is shared.'),
    policy.RuleDefault('network_owner_or_admin',
                       'rule:admin_api or (role:member and '
                       'project_id:%(network:project_id)s)',
                       description='Members of the project owning the '
                                   'network, or an admin.'),
]


def _rule(name, check, method, path, description):
    return policy.DocumentedRuleDefault(
        name=name, check_str=check, description=description,
        operations=[{'method': method, 'path': path}],
        scope_types=['project'])


def _crud(resource, collection, create, get, update, delete):
    path = '/v2.0/%s' % collection
    item = '%s/{id}' % path
    return [
        _rule('create_%s' % resource, create, 'POST', path,
              'Create a %s.' % resource),
        _rule('get_%s' % resource, get, 'GET', item,
              'Show a %s (and see it in lists).' % resource),
        _rule('update_%s' % resource, update, 'PUT', item,
              'Update a %s.' % resource),
        _rule('delete_%s' % resource, delete, 'DELETE', item,
              'Delete a %s.' % resource),
    ]


def _admin_attribute(action, attribute, method, collection):
    path = '/v2.0/%s' % collection
    if method != 'POST':
        path += '/{id}'
    return _rule('%s:%s' % (action, attribute), base.ADMIN, method, path,
                 '%s the %s attribute.' % (
                     {'POST': 'Set', 'PUT': 'Change', 'GET': 'See'}[method],
                     attribute))


_BINDING = ('binding:host_id', 'binding:profile')
_BINDING_READ = ('binding:host_id', 'binding:profile', 'binding:vif_type',
                 'binding:vif_details')

_RULES = _BASE + _crud(
    'network', 'networks',
    create=base.PROJECT_MEMBER_OR_ADMIN,
    get='%s or %s' % (base.PROJECT_READER_OR_ADMIN, SHARED),
    update=base.PROJECT_MEMBER_OR_ADMIN,
    delete=base.PROJECT_MEMBER_OR_ADMIN) + [
    _admin_attribute('create_network', 'shared', 'POST', 'networks'),
    _admin_attribute('update_network', 'shared', 'PUT', 'networks'),
] + _crud(
    'subnet', 'subnets',
    create=NETWORK_OWNER,
    get='%s or %s' % (base.PROJECT_READER_OR_ADMIN, SHARED),
    update=NETWORK_OWNER,
    delete=NETWORK_OWNER) + _crud(
    'port', 'ports',
    create=base.PROJECT_MEMBER_OR_ADMIN,
    get=base.PROJECT_READER_OR_ADMIN,
    update=base.PROJECT_MEMBER_OR_ADMIN,
    delete=base.PROJECT_MEMBER_OR_ADMIN) + [
    _rule('create_port:mac_address', NETWORK_OWNER, 'POST', '/v2.0/ports',
          'Choose the MAC address of a new port.'),
    _rule('create_port:fixed_ips:ip_address', NETWORK_OWNER, 'POST',
          '/v2.0/ports', 'Choose the IP address of a new port.'),
    _rule('update_port:mac_address', base.ADMIN, 'PUT',
          '/v2.0/ports/{id}', 'Change the MAC address of a port.'),
    _rule('update_port:fixed_ips:ip_address', NETWORK_OWNER, 'PUT',
          '/v2.0/ports/{id}', 'Choose the IP addresses of a port.'),
] + [_admin_attribute('create_port', attr, 'POST', 'ports')
     for attr in _BINDING] + [
    _admin_attribute('update_port', attr, 'PUT', 'ports')
    for attr in _BINDING] + [
    _admin_attribute('get_port', attr, 'GET', 'ports')
    for attr in _BINDING_READ]


def list_rules():
    return _RULES
