"""Policies of the shelve actions of POST /servers/{id}/action."""

from oslo_policy import policy

from nova_lite.policies import base

PREFIX = 'os_compute_api:os-shelve:%s'


def _rule(name, check, action, description):
    return policy.DocumentedRuleDefault(
        name=PREFIX % name, check_str=check, description=description,
        operations=[{'method': 'POST',
                     'path': '/servers/{server_id}/action (%s)' % action}],
        scope_types=['project'])


_RULES = [
    _rule('shelve', base.PROJECT_MEMBER_OR_ADMIN, 'shelve',
          'Shelve a server.'),
    _rule('shelve_offload', base.ADMIN, 'shelveOffload',
          'Offload a shelved server: free its host.'),
    _rule('unshelve', base.PROJECT_MEMBER_OR_ADMIN, 'unshelve',
          'Unshelve a shelved or offloaded server.'),
]


def list_rules():
    return _RULES
