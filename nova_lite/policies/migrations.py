"""Policies of /os-migrations and /servers/{id}/metadata."""

from oslo_policy import policy

from nova_lite.policies import base

METADATA = 'os_compute_api:server-metadata:%s'


def _meta(name, method, path, description):
    return policy.DocumentedRuleDefault(
        name=METADATA % name, check_str=base.PROJECT_MEMBER_OR_ADMIN,
        description=description,
        operations=[{'method': method, 'path': path}],
        scope_types=['project'])


_RULES = [
    policy.DocumentedRuleDefault(
        name='os_compute_api:os-migrations:index', check_str=base.ADMIN,
        description='List the migrations (cold migrations, resizes).',
        operations=[{'method': 'GET', 'path': '/os-migrations'}],
        scope_types=['project']),
    _meta('index', 'GET', '/servers/{server_id}/metadata',
          'List the metadata of a server.'),
    _meta('show', 'GET', '/servers/{server_id}/metadata/{key}',
          'Show one metadata item of a server.'),
    _meta('create', 'POST', '/servers/{server_id}/metadata',
          'Add or change metadata items of a server.'),
    _meta('update_all', 'PUT', '/servers/{server_id}/metadata',
          'Replace all metadata of a server.'),
    _meta('update', 'PUT', '/servers/{server_id}/metadata/{key}',
          'Set one metadata item of a server.'),
    _meta('delete', 'DELETE', '/servers/{server_id}/metadata/{key}',
          'Delete one metadata item of a server.'),
]


def list_rules():
    return _RULES
