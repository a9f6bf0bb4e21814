"""Policies of /servers/{id}/os-instance-actions."""

from oslo_policy import policy

from nova_lite.policies import base

PREFIX = 'os_compute_api:os-instance-actions:%s'


def _rule(name, check, path, description):
    return policy.DocumentedRuleDefault(
        name=PREFIX % name, check_str=check, description=description,
        operations=[{'method': 'GET', 'path': path}],
        scope_types=['project'])


_RULES = [
    _rule('list', base.PROJECT_READER_OR_ADMIN,
          '/servers/{server_id}/os-instance-actions',
          'List the actions of a server.'),
    _rule('show', base.PROJECT_READER_OR_ADMIN,
          '/servers/{server_id}/os-instance-actions/{request_id}',
          'Show an action of a server.'),
    _rule('events', base.ADMIN,
          '/servers/{server_id}/os-instance-actions/{request_id}',
          'See the events of an action with their tracebacks (before '
          'microversion 2.51 only those allowed see events at all) and, '
          'in the timing extension, the host of each step.'),
]


def list_rules():
    return _RULES
