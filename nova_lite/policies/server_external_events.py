"""Policies of /os-server-external-events."""

from oslo_policy import policy

from nova_lite.policies import base

_RULES = [
    policy.DocumentedRuleDefault(
        name='os_compute_api:os-server-external-events:create',
        check_str=base.ADMIN,
        description='Report events about servers (the network service '
                    'does, when its ports change).',
        operations=[{'method': 'POST',
                     'path': '/os-server-external-events'}],
        scope_types=['project']),
]


def list_rules():
    return _RULES
