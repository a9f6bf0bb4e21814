"""Policy defaults: members vs admins, own vs other project."""

import pytest

from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import policy
from tests.fixtures import policy as policy_fixture


pytestmark = pytest.mark.usefixtures('policy_enforcer')
_member = policy_fixture.member
_admin = policy_fixture.admin


@pytest.mark.parametrize('action', [
    'os_compute_api:os-flavor-manage:create',
    'os_compute_api:os-flavor-manage:delete',
    'os_compute_api:os-services:list',
    'os_compute_api:os-services:update',
    'os_compute_api:os-services:delete',
    'os_compute_api:os-hypervisors:list',
    'os_compute_api:os-hypervisors:list-detail',
    'os_compute_api:os-hypervisors:show',
    'os_compute_api:os-hypervisors:statistics',
    'os_compute_api:os-hypervisors:search',
    'os_compute_api:os-hypervisors:servers',
    'os_compute_api:os-hypervisors:uptime',
    'os_compute_api:os-aggregates:index',
    'os_compute_api:servers:index:get_all_tenants',
    'os_compute_api:servers:create:forced_host',
])
def test_admin_only_actions(action):
    with pytest.raises(exception.PolicyNotAuthorized) as info:
        policy.authorize(_member(), action)
    assert info.value.code == 403
    assert action in info.value.format_message()
    assert policy.check(_member(), action) is False
    assert policy.authorize(_admin(), action)


def test_show_own_project_server():
    target = {'project_id': 'p1'}
    assert policy.authorize(_member('p1'), 'os_compute_api:servers:show',
                            target)


def test_show_other_project_server_is_forbidden():
    target = {'project_id': 'p2'}
    with pytest.raises(exception.PolicyNotAuthorized):
        policy.authorize(_member('p1'), 'os_compute_api:servers:show',
                         target)
    with pytest.raises(exception.PolicyNotAuthorized):
        policy.authorize(_member('p1'), 'os_compute_api:servers:delete',
                         target)


def test_admin_may_show_any_server():
    assert policy.authorize(_admin(), 'os_compute_api:servers:show',
                            {'project_id': 'p2'})


def test_reader_without_member_cannot_create():
    reader = nl_context.RequestContext(user_id='r', project_id='p1',
                                       roles=['reader'])
    assert policy.check(reader, 'os_compute_api:servers:show')
    assert not policy.check(reader, 'os_compute_api:servers:create')


def test_default_target_is_own_project():
    assert policy.check(_member('p1'), 'os_compute_api:servers:create')


def test_every_rule_has_a_default():
    from nova_lite import policies
    names = [rule.name for rule in policies.list_rules()]
    assert len(names) == len(set(names))
    assert 'os_compute_api:servers:show' in names


@pytest.mark.parametrize('action', ['stop', 'start', 'reboot', 'update'])
def test_server_actions_owner_or_admin(action):
    rule = 'os_compute_api:servers:%s' % action
    target = {'project_id': 'p1'}
    assert policy.authorize(_member('p1'), rule, target)
    assert policy.authorize(_admin(), rule, target)
    with pytest.raises(exception.PolicyNotAuthorized):
        policy.authorize(_member('p2'), rule, target)
    reader = nl_context.RequestContext(user_id='r', project_id='p1',
                                       roles=['reader'])
    assert not policy.check(reader, rule, target)
