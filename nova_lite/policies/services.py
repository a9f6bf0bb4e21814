"""Policies of /os-services."""

from oslo_policy import policy

from nova_lite.policies import base

_RULES = [
    policy.DocumentedRuleDefault(
        name='os_compute_api:os-services:list',
        check_str=base.ADMIN, description='List compute services.',
        operations=[{'method': 'GET', 'path': '/os-services'}],
        scope_types=['project']),
    policy.DocumentedRuleDefault(
        name='os_compute_api:os-services:update',
        check_str=base.ADMIN,
        description='Enable, disable or force down a compute service.',
        operations=[{'method': 'PUT', 'path': '/os-services/enable'},
                    {'method': 'PUT', 'path': '/os-services/disable'},
                    {'method': 'PUT',
                     'path': '/os-services/disable-log-reason'},
                    {'method': 'PUT', 'path': '/os-services/force-down'}],
        scope_types=['project']),
    policy.DocumentedRuleDefault(
        name='os_compute_api:os-services:delete',
        check_str=base.ADMIN,
        description='Delete a service (a compute service with its compute '
                    'nodes).',
        operations=[{'method': 'DELETE', 'path': '/os-services/{service_id}'}],
        scope_types=['project']),
]


def list_rules():
    return _RULES
