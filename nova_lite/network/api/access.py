"""Who sees and sets what: policy targets, hidden attributes, ownership.

Rules are in nova_lite/policies/network.py.  A resource the caller may not
``get_*`` is answered 404 (as if it did not exist), whatever the action;
an action refused on a visible resource is a 403.  Attributes whose
``get_port:<attribute>`` rule refuses the caller are left out of the body.
"""

from nova_lite.network import exceptions
from nova_lite import policy

BINDING_READ = ('binding:host_id', 'binding:profile', 'binding:vif_type',
                'binding:vif_details')
BINDING_WRITE = ('binding:host_id', 'binding:profile')


def visible_to(context):
    """The project a list is narrowed to (None: an admin sees all)."""
    return None if context.is_admin else context.project_id


def network_target(network):
    return {'project_id': network['project_id'],
            'network:project_id': network['project_id'],
            'shared': network['shared']}


def subnet_target(subnet, network):
    return {'project_id': subnet['project_id'],
            'network:project_id': network['project_id'],
            'shared': network['shared']}


def port_target(port, network=None):
    target = {'project_id': port['project_id']}
    if network is not None:
        target['network:project_id'] = network['project_id']
    return target


def can_see(context, resource, target):
    return policy.check(context, 'get_%s' % resource, target)


def require_visible(context, resource, target, not_found):
    if not can_see(context, resource, target):
        raise not_found


def authorize(context, action, target):
    policy.authorize(context, action, target)


def authorize_attributes(context, action, spec, target, attributes):
    """``<action>:<attribute>`` for each of ``attributes`` in ``spec``."""
    for attribute in attributes:
        if attribute in spec:
            policy.authorize(context, '%s:%s' % (action, attribute), target)


def owner_for_create(context, spec):
    """The project a new resource belongs to: ``tenant_id``/``project_id``
    of the body (they must agree) or the caller's."""
    tenant, project = spec.pop('tenant_id', None), spec.pop('project_id',
                                                            None)
    if tenant and project and tenant != project:
        raise exceptions.InvalidInput(
            error_message='tenant_id and project_id do not match')
    return tenant or project or context.project_id


def port_view(context, port):
    """The port as this caller may see it (binding attributes admin-only
    by default)."""
    target = port_target(port)
    view = dict(port)
    for attribute in BINDING_READ:
        if not policy.check(context, 'get_port:%s' % attribute, target):
            view.pop(attribute, None)
    return view
