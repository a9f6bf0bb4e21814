"""Policies of the image service (/image/v2/images)."""

from oslo_policy import policy

from nova_lite.policies import base

_RULES = [
    policy.DocumentedRuleDefault(
        name='image:add_image', check_str=base.PROJECT_MEMBER_OR_ADMIN,
        description='Create an image.',
        operations=[{'method': 'POST', 'path': '/v2/images'}],
        scope_types=['project']),
    policy.DocumentedRuleDefault(
        name='image:publicize_image', check_str=base.ADMIN,
        description='Create or make an image public.',
        operations=[{'method': 'POST', 'path': '/v2/images'}],
        scope_types=['project']),
    policy.DocumentedRuleDefault(
        name='image:modify_image', check_str=base.PROJECT_MEMBER_OR_ADMIN,
        description='Upload data to or delete an image.',
        operations=[{'method': 'PUT', 'path': '/v2/images/{id}/file'},
                    {'method': 'DELETE', 'path': '/v2/images/{id}'}],
        scope_types=['project']),
]


def list_rules():
    return _RULES
