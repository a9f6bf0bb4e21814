"""Policies of /flavors/{flavor_id}/os-extra_specs."""

from oslo_policy import policy

from nova_lite.policies import base

PATH = '/flavors/{flavor_id}/os-extra_specs'


def _rule(name, check, method, path, description):
    return policy.DocumentedRuleDefault(
        name='os_compute_api:os-flavor-extra-specs:%s' % name,
        check_str=check, description=description,
        operations=[{'method': method, 'path': path}],
        scope_types=['project'])


_RULES = [
    _rule('index', base.ANY, 'GET', PATH, 'List the extra specs of a '
                                          'flavor.'),
    _rule('show', base.ANY, 'GET', PATH + '/{key}', 'Show one extra spec.'),
    _rule('create', base.ADMIN, 'POST', PATH, 'Set extra specs.'),
    _rule('update', base.ADMIN, 'PUT', PATH + '/{key}',
          'Update one extra spec.'),
    _rule('delete', base.ADMIN, 'DELETE', PATH + '/{key}',
          'Delete one extra spec.'),
]


def list_rules():
    return _RULES
