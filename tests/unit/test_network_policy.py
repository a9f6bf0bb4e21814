"""Network policy defaults: own vs other project, shared networks, admin
only binding attributes."""

import pytest

from nova_lite import context as nl_context
from nova_lite import policy
from tests.fixtures import policy as policy_fixture


pytestmark = pytest.mark.usefixtures('policy_enforcer')
_member = policy_fixture.member
_admin = policy_fixture.admin


def _network(project, shared=False):
    return {'project_id': project, 'network:project_id': project,
            'shared': shared}


def test_member_sees_own_and_shared_networks_only():
    assert policy.check(_member('p1'), 'get_network', _network('p1'))
    assert policy.check(_member('p1'), 'get_network',
                        _network('p2', shared=True))
    assert not policy.check(_member('p1'), 'get_network', _network('p2'))
    assert policy.check(_admin(), 'get_network', _network('p2'))


def test_shared_network_is_not_writable_by_others():
    shared = _network('p2', shared=True)
    for action in ('update_network', 'delete_network'):
        assert not policy.check(_member('p1'), action, shared)
        assert policy.check(_member('p2'), action, shared)
        assert policy.check(_admin(), action, shared)


def test_subnets_follow_the_network_owner():
    subnet = {'project_id': 'p2', 'network:project_id': 'p2',
              'shared': True}
    assert policy.check(_member('p1'), 'get_subnet', subnet)
    assert not policy.check(_member('p1'), 'create_subnet', subnet)
    assert not policy.check(_member('p1'), 'get_subnet',
                            dict(subnet, shared=False))
    assert policy.check(_member('p2'), 'create_subnet', subnet)


def test_ports_are_seen_by_their_project_only():
    port = {'project_id': 'p2'}
    assert not policy.check(_member('p1'), 'get_port', port)
    assert not policy.check(_member('p1'), 'delete_port', port)
    assert policy.check(_member('p2'), 'get_port', port)
    assert policy.check(_admin(), 'delete_port', port)


def test_member_may_not_create_for_another_project():
    assert not policy.check(_member('p1'), 'create_port',
                            {'project_id': 'p2'})
    assert policy.check(_admin(), 'create_port', {'project_id': 'p2'})


@pytest.mark.parametrize('action', [
    'create_network:shared', 'update_network:shared',
    'create_port:binding:host_id', 'create_port:binding:profile',
    'update_port:binding:host_id', 'update_port:binding:profile',
    'get_port:binding:host_id', 'get_port:binding:vif_type',
    'get_port:binding:vif_details', 'get_port:binding:profile',
    'update_port:mac_address',
])
def test_admin_only_attributes(action):
    target = {'project_id': 'p1', 'network:project_id': 'p1'}
    assert not policy.check(_member('p1'), action, target)
    assert policy.check(_admin(), action, target)


def test_fixed_ip_on_a_foreign_network_needs_its_owner():
    target = {'project_id': 'p1', 'network:project_id': 'p2'}
    assert not policy.check(_member('p1'),
                            'create_port:fixed_ips:ip_address', target)
    assert policy.check(_member('p2'), 'create_port:fixed_ips:ip_address',
                        dict(target, project_id='p2'))


def test_reader_cannot_write():
    reader = nl_context.RequestContext(user_id='r', project_id='p1',
                                       roles=['reader'])
    assert policy.check(reader, 'get_port', {'project_id': 'p1'})
    assert not policy.check(reader, 'create_port', {'project_id': 'p1'})


def test_neutron_rule_names_are_registered():
    from nova_lite import policies
    names = {rule.name for rule in policies.list_rules()}
    for resource in ('network', 'subnet', 'port'):
        for verb in ('create', 'get', 'update', 'delete'):
            assert '%s_%s' % (verb, resource) in names
