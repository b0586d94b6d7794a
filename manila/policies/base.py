"""Rules the resource policies build on."""

from oslo_policy import policy

RULE_ADMIN_API = 'rule:admin_api'
RULE_ADMIN_OR_OWNER = 'rule:admin_or_owner'
RULE_ANY = '@'

rules = [
    policy.RuleDefault(
        name='context_is_admin', check_str='role:admin',
        description='Who counts as an administrator: the request context '
                    'gets is_admin=True from this rule.'),
    policy.RuleDefault(
        name='admin_api', check_str='is_admin:True',
        description='Administrators only.'),
    policy.RuleDefault(
        name='admin_or_owner',
        check_str='is_admin:True or project_id:%(project_id)s',
        description='Administrators, or members of the project that owns '
                    'the resource.'),
    policy.RuleDefault(
        name='default', check_str=RULE_ADMIN_OR_OWNER,
        description='Rule for actions that have no rule of their own.'),
]


def list_rules():
    return rules
