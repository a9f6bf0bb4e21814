"""Policies of /servers/{id}/os-volume_attachments."""

from oslo_policy import policy

from nova_lite.policies import base

PREFIX = 'os_compute_api:os-volumes-attachments:%s'
_PATH = '/servers/{server_id}/os-volume_attachments'


def _rule(name, check, method, path, description):
    return policy.DocumentedRuleDefault(
        name=PREFIX % name, check_str=check, description=description,
        operations=[{'method': method, 'path': path}],
        scope_types=['project'])


_RULES = [
    _rule('index', base.PROJECT_READER_OR_ADMIN, 'GET', _PATH,
          'List the volumes attached to a server.'),
    _rule('show', base.PROJECT_READER_OR_ADMIN, 'GET',
          _PATH + '/{volume_id}', 'Show a volume attachment.'),
    _rule('create', base.PROJECT_MEMBER_OR_ADMIN, 'POST', _PATH,
          'Attach a volume to a server.'),
    _rule('delete', base.PROJECT_MEMBER_OR_ADMIN, 'DELETE',
          _PATH + '/{volume_id}', 'Detach a volume from a server.'),
]


def list_rules():
    return _RULES
