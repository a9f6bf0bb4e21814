"""Policies of /os-services."""

from oslo_policy import policy

from nova_lite.policies import base

_RULES = [
    policy.DocumentedRuleDefault(
        name='os_compute_api:os-services:list',
        check_str=base.ADMIN, description='List compute services.',
        operations=[{'method': 'GET', 'path': '/os-services'}],
        scope_types=['project']),
]


def list_rules():
    return _RULES
