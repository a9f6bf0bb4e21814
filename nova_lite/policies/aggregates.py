"""Policies of /os-aggregates."""

from oslo_policy import policy

from nova_lite.policies import base

_RULES = [
    policy.DocumentedRuleDefault(
        name='os_compute_api:os-aggregates:index',
        check_str=base.ADMIN, description='List host aggregates.',
        operations=[{'method': 'GET', 'path': '/os-aggregates'}],
        scope_types=['project']),
]


def list_rules():
    return _RULES
