"""Policies of /servers."""

from oslo_policy import policy

from nova_lite.policies import base

PREFIX = 'os_compute_api:servers:%s'


def _rule(name, check, method, path, description):
    return policy.DocumentedRuleDefault(
        name=PREFIX % name, check_str=check, description=description,
        operations=[{'method': method, 'path': path}],
        scope_types=['project'])


_RULES = [
    _rule('index', base.PROJECT_READER_OR_ADMIN, 'GET', '/servers',
          'List servers of the project.'),
    _rule('detail', base.PROJECT_READER_OR_ADMIN, 'GET', '/servers/detail',
          'List servers of the project with details.'),
    _rule('index:get_all_tenants', base.ADMIN, 'GET', '/servers',
          'List servers of every project (all_tenants).'),
    _rule('show', base.PROJECT_READER_OR_ADMIN, 'GET', '/servers/{id}',
          'Show a server.'),
    _rule('show:host_status', base.ADMIN, 'GET', '/servers/{id}',
          'See host_status of a server (2.16+).'),
    _rule('create', base.PROJECT_MEMBER_OR_ADMIN, 'POST', '/servers',
          'Create servers.'),
    _rule('create:forced_host', base.ADMIN, 'POST', '/servers',
          'Force a host through availability_zone "zone:host".'),
    _rule('delete', base.PROJECT_MEMBER_OR_ADMIN, 'DELETE',
          '/servers/{id}', 'Delete a server.'),
    _rule('update', base.PROJECT_MEMBER_OR_ADMIN, 'PUT', '/servers/{id}',
          'Rename a server or change its description.'),
    _rule('stop', base.PROJECT_MEMBER_OR_ADMIN, 'POST',
          '/servers/{id}/action (os-stop)', 'Stop a server.'),
    _rule('start', base.PROJECT_MEMBER_OR_ADMIN, 'POST',
          '/servers/{id}/action (os-start)', 'Start a stopped server.'),
    _rule('reboot', base.PROJECT_MEMBER_OR_ADMIN, 'POST',
          '/servers/{id}/action (reboot)', 'Reboot a server.'),
    _rule('resize', base.PROJECT_MEMBER_OR_ADMIN, 'POST',
          '/servers/{id}/action (resize)', 'Resize a server.'),
    _rule('confirm_resize', base.PROJECT_MEMBER_OR_ADMIN, 'POST',
          '/servers/{id}/action (confirmResize)',
          'Confirm a resize or cold migration.'),
    _rule('revert_resize', base.PROJECT_MEMBER_OR_ADMIN, 'POST',
          '/servers/{id}/action (revertResize)',
          'Revert a resize or cold migration.'),
    _rule('rebuild', base.PROJECT_MEMBER_OR_ADMIN, 'POST',
          '/servers/{id}/action (rebuild)', 'Rebuild a server.'),
    policy.DocumentedRuleDefault(
        name='os_compute_api:os-migrate-server:migrate',
        check_str=base.ADMIN,
        description='Cold migrate a server to a host the scheduler picks.',
        operations=[{'method': 'POST',
                     'path': '/servers/{id}/action (migrate)'}],
        scope_types=['project']),
    policy.DocumentedRuleDefault(
        name='os_compute_api:os-console-output',
        check_str=base.PROJECT_MEMBER_OR_ADMIN,
        description='Show the console output of a server.',
        operations=[{'method': 'POST',
                     'path': '/servers/{id}/action (os-getConsoleOutput)'}],
        scope_types=['project']),
    policy.DocumentedRuleDefault(
        name='os_compute_api:os-extended-server-attributes',
        check_str=base.ADMIN,
        description='See host, hypervisor and instance name of servers.',
        operations=[{'method': 'GET', 'path': '/servers/{id}'}],
        scope_types=['project']),
]


def list_rules():
    return _RULES
