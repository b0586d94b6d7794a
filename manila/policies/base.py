"""Personas the resource policies are written with.

The defaults follow the project-scoped roles Keystone creates at bootstrap,
where admin implies member and member implies reader:

* ``ADMIN``: the ``admin`` role, in any project; sees every project.
* ``PROJECT_MEMBER``: the ``member`` role in the project that owns the
  resource; creates, changes and deletes it.
* ``PROJECT_READER``: the ``reader`` role in that project; only reads.

For actions on no existing resource (create, list) the target is the
caller's own project, so "member of the project" means "member of the
project the token is scoped to" there.
"""

from oslo_policy import policy

ADMIN = 'rule:context_is_admin'
PROJECT_MEMBER = 'role:member and project_id:%(project_id)s'
PROJECT_READER = 'role:reader and project_id:%(project_id)s'
ADMIN_OR_PROJECT_MEMBER = '(%s) or (%s)' % (ADMIN, PROJECT_MEMBER)
ADMIN_OR_PROJECT_READER = '(%s) or (%s)' % (ADMIN, PROJECT_READER)

# Every API rule is checked against project-scoped tokens (system- and
# domain-scoped tokens are refused: manila.policy treats InvalidScope as
# not allowed).
PROJECT_SCOPE = ['project']

rules = [
    policy.RuleDefault(
        name='context_is_admin', check_str='role:admin',
        description='Who counts as an administrator: the request context '
                    'gets is_admin=True from this rule, and the ADMIN '
                    'persona of every other rule refers to it.'),
    policy.RuleDefault(
        name='default', check_str=ADMIN_OR_PROJECT_MEMBER,
        description='Rule for actions that have no rule of their own: '
                    'administrators, or members of the project that owns '
                    'the resource.',
        scope_types=PROJECT_SCOPE),
]


def list_rules():
    return rules
