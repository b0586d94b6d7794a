"""Policy defaults in code and their enforcement.

The two tables below are the defaults, persona by persona: who may do
what. Every rule in manila/policies is in exactly one of them, so a new
rule cannot land without saying who gets it.
"""

import os

import fixtures

from manila import context
from manila import exception
from manila import policies
from manila import policy
from manila.tests import base

# Personas, with the roles a Keystone token of theirs carries (implied
# roles included: admin -> member -> reader). The resource in the first
# table belongs to project-a.
ADMIN = 'admin'              # admin role, in project 'ops'
MEMBER = 'member'            # member of project-a
READER = 'reader'            # reader of project-a
OTHER_MEMBER = 'other-member'  # member of project-b
NO_ROLE = 'no-role'          # in project-a, with none of the three roles

PERSONAS = {
    ADMIN: ('root', 'ops', ['admin', 'member', 'reader']),
    MEMBER: ('alice', 'project-a', ['member', 'reader']),
    READER: ('rita', 'project-a', ['reader']),
    OTHER_MEMBER: ('bob', 'project-b', ['member', 'reader']),
    NO_ROLE: ('nina', 'project-a', ['observer']),
}

READERS_OF_A = (ADMIN, MEMBER, READER)
MEMBERS_OF_A = (ADMIN, MEMBER)
ADMIN_ONLY = (ADMIN,)

# Rules on an existing resource of project-a: a share, its export
# locations, access rules and metadata, a message. Whoever is not allowed
# share:get (or message:get) gets 404 from the API, the others 403.
ON_A_RESOURCE = {
    'share:get': READERS_OF_A,
    'share:update': MEMBERS_OF_A,
    'share:delete': MEMBERS_OF_A,
    'share:get_share_metadata': READERS_OF_A,
    'share:update_share_metadata': MEMBERS_OF_A,
    'share:delete_share_metadata': MEMBERS_OF_A,
    'share:allow_access': MEMBERS_OF_A,
    'share:deny_access': MEMBERS_OF_A,
    'share:access_get_all': READERS_OF_A,
    'share:reset_task_state': ADMIN_ONLY,
    'share:reset_status': ADMIN_ONLY,
    'share:force_delete': ADMIN_ONLY,
    'share_access_rule:reset_status': ADMIN_ONLY,
    'share:set_public_share': ADMIN_ONLY,
    'share_access_rule:get': READERS_OF_A,
    'share_access_rule:index': READERS_OF_A,
    'share_export_location:index': READERS_OF_A,
    'share_export_location:show': READERS_OF_A,
    'message:get': READERS_OF_A,
    'message:delete': MEMBERS_OF_A,
}

# Rules checked against the caller's own project: creating, listing, and
# what belongs to no project (services, share types, zones).
IN_OWN_PROJECT = {
    'share:create': (ADMIN, MEMBER, OTHER_MEMBER),
    'share:get_all': (ADMIN, MEMBER, READER, OTHER_MEMBER),
    'share:list_all_projects': ADMIN_ONLY,
    'share:create_public_share': ADMIN_ONLY,
    'message:get_all': (ADMIN, MEMBER, READER, OTHER_MEMBER),
    'share_type:index': (ADMIN, MEMBER, READER, OTHER_MEMBER),
    'share_type:show': (ADMIN, MEMBER, READER, OTHER_MEMBER),
    'share_type:create': ADMIN_ONLY,
    'share_type:delete': ADMIN_ONLY,
    'share_type:show_backend_specs': ADMIN_ONLY,
    'availability_zone:index': (ADMIN, MEMBER, READER, OTHER_MEMBER),
    'service:index': ADMIN_ONLY,
    'service:update': ADMIN_ONLY,
    'service:ensure_shares': ADMIN_ONLY,
    'ensure_run:get_all': ADMIN_ONLY,
    'ensure_run:get': ADMIN_ONLY,
    'share_instance:index': ADMIN_ONLY,
    'share_instance:show': ADMIN_ONLY,
    'share_instance:reset_status': ADMIN_ONLY,
    'share_instance:force_delete': ADMIN_ONLY,
}

# Not actions: who is an administrator, and the fallback rule.
GENERIC = ('context_is_admin', 'default')


def _context(persona):
    user, project, roles = PERSONAS[persona]
    ctx = context.RequestContext(user, project, roles=roles)
    ctx.is_admin = policy.check_is_admin(ctx)
    return ctx


class PolicyTestCase(base.TestCase):
    DATABASE = None

    def setUp(self):
        super().setUp()
        self.conf([], project='manila', default_config_files=[])
        policy.reset()
        self.addCleanup(policy.reset)


class PersonaTableTest(PolicyTestCase):

    def _assert_table(self, table, target):
        for rule, allowed in sorted(table.items()):
            for persona in PERSONAS:
                self.assertEqual(
                    persona in allowed,
                    policy.authorize(_context(persona), rule, target,
                                     do_raise=False),
                    '%s for %s' % (rule, persona))

    def test_rules_on_a_project_a_resource(self):
        self._assert_table(ON_A_RESOURCE,
                           {'project_id': 'project-a', 'user_id': 'alice'})

    def test_rules_in_the_callers_own_project(self):
        self._assert_table(IN_OWN_PROJECT, None)

    def test_every_rule_is_in_one_table(self):
        names = [r.name for r in policies.list_rules()]
        self.assertEqual(len(names), len(set(names)))
        tabled = list(ON_A_RESOURCE) + list(IN_OWN_PROJECT) + list(GENERIC)
        self.assertEqual(sorted(names), sorted(tabled))

    def test_only_project_scoped_tokens(self):
        for rule in policies.list_rules():
            if rule.name != 'context_is_admin':
                self.assertEqual(['project'], rule.scope_types, rule.name)
        # A system-scoped admin token is refused, not an error.
        system_admin = context.RequestContext(
            'root', None, roles=['admin', 'member', 'reader'],
            system_scope='all')
        self.assertFalse(policy.authorize(system_admin, 'service:index',
                                          do_raise=False))
        self.assertRaises(exception.PolicyNotAuthorized, policy.authorize,
                          system_admin, 'service:ensure_shares')

    def test_refusal_names_the_rule(self):
        exc = self.assertRaises(
            exception.PolicyNotAuthorized, policy.authorize,
            _context(READER), 'share:delete', {'project_id': 'project-a'})
        self.assertIn('share:delete', str(exc))
        self.assertIn('role:member and project_id:%(project_id)s',
                      str(exc))


class PolicyEnforcementTest(PolicyTestCase):

    def test_rules_are_described(self):
        for rule in policies.list_rules():
            self.assertTrue(rule.description, rule.name)

    def test_is_admin_comes_from_roles(self):
        self.assertTrue(policy.check_is_admin(
            context.RequestContext('u', 'p', roles=['admin'])))
        self.assertFalse(policy.check_is_admin(
            context.RequestContext('u', 'p', roles=['member', 'reader'])))

    def test_default_target_is_the_callers_project(self):
        # A member of project-b creates in project-b, never in project-a.
        bob = _context(OTHER_MEMBER)
        self.assertTrue(policy.authorize(bob, 'share:create'))
        self.assertFalse(policy.authorize(
            bob, 'share:create', {'project_id': 'project-a'},
            do_raise=False))

    def test_policy_file_overrides_a_default(self):
        path = os.path.join(self.useFixture(fixtures.TempDir()).path,
                            'policy.yaml')
        with open(path, 'w') as f:
            f.write('"service:index": "role:member"\n')
        self.flags(policy_file=path, group='oslo_policy')
        policy.reset()
        alice = _context(MEMBER)
        self.assertTrue(policy.authorize(alice, 'service:index'))
        self.assertRaises(exception.PolicyNotAuthorized, policy.authorize,
                          alice, 'service:ensure_shares')

    def test_enforcer_entry_point(self):
        self.assertIsNotNone(policy.init().registered_rules.get(
            'service:ensure_shares'))
