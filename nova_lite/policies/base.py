"""Rules the resource policies are built from."""

from oslo_policy import policy

ADMIN = 'rule:admin_api'
PROJECT_MEMBER_OR_ADMIN = 'rule:project_member_or_admin'
PROJECT_READER_OR_ADMIN = 'rule:project_reader_or_admin'
ANY = '@'

_RULES = [
    policy.RuleDefault('admin_api', 'role:admin',
                       description='Cloud administrators.'),
    policy.RuleDefault('project_member_or_admin',
                       'rule:admin_api or (role:member and '
                       'project_id:%(project_id)s)',
                       description='Members of the owning project, or an '
                                   'admin.'),
    policy.RuleDefault('project_reader_or_admin',
                       'rule:admin_api or (role:reader and '
                       'project_id:%(project_id)s)',
                       description='Readers of the owning project, or an '
                                   'admin.'),
]


def list_rules():
    return _RULES
