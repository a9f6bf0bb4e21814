"""Policies of the Block Storage API subset (/volume/v3)."""

from oslo_policy import policy

from nova_lite.policies import base

_P = '/volume/v3/{project_id}'

_RULES = [
    policy.DocumentedRuleDefault(
        name='volume:project_access', check_str=base.PROJECT_MEMBER_OR_ADMIN,
        description="Use a project's volumes, snapshots and quotas.",
        operations=[{'method': 'GET', 'path': _P + '/volumes'},
                    {'method': 'POST', 'path': _P + '/volumes'},
                    {'method': 'POST', 'path': _P + '/snapshots'}],
        scope_types=['project']),
    policy.DocumentedRuleDefault(
        name='volume:all_tenants', check_str=base.ADMIN,
        description='List the volumes and snapshots of every project.',
        operations=[{'method': 'GET', 'path': _P + '/volumes?all_tenants=1'}],
        scope_types=['project']),
    policy.DocumentedRuleDefault(
        name='volume:type_manage', check_str=base.ADMIN,
        description='Create a volume type.',
        operations=[{'method': 'POST', 'path': _P + '/types'}],
        scope_types=['project']),
    policy.DocumentedRuleDefault(
        name='volume:update_quota', check_str=base.ADMIN,
        description="Set a project's volume quotas.",
        operations=[{'method': 'PUT',
                     'path': _P + '/os-quota-sets/{target}'}],
        scope_types=['project']),
]


def list_rules():
    return _RULES
