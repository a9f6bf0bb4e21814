"""Policies of /os-hypervisors (admin only, names as Nova's)."""

from oslo_policy import policy

from nova_lite.policies import base

POLICY = 'os_compute_api:os-hypervisors:%s'


def _rule(action, description, method, path):
    return policy.DocumentedRuleDefault(
        name=POLICY % action, check_str=base.ADMIN, description=description,
        operations=[{'method': method, 'path': path}],
        scope_types=['project'])


_RULES = [
    _rule('list', 'List hypervisors.', 'GET', '/os-hypervisors'),
    _rule('list-detail', 'List hypervisors with details.', 'GET',
          '/os-hypervisors/detail'),
    _rule('statistics', 'Show summary statistics of the enabled '
          'hypervisors.', 'GET', '/os-hypervisors/statistics'),
    _rule('show', 'Show the details of a hypervisor.', 'GET',
          '/os-hypervisors/{hypervisor_id}'),
    _rule('search', 'Search hypervisors by hostname pattern (up to '
          'microversion 2.52).', 'GET',
          '/os-hypervisors/{hypervisor_hostname_pattern}/search'),
    _rule('servers', 'List the servers of the hypervisors matching a '
          'hostname pattern (up to microversion 2.52).', 'GET',
          '/os-hypervisors/{hypervisor_hostname_pattern}/servers'),
    _rule('uptime', 'Show the uptime of a hypervisor.', 'GET',
          '/os-hypervisors/{hypervisor_id}/uptime'),
]


def list_rules():
    return _RULES
