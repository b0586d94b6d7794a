"""Policy defaults in code and their enforcement."""

import os

import fixtures

from manila import context
from manila import exception
from manila import policies
from manila import policy
from manila.tests import base


class PolicyDefaultsTest(base.TestCase):
    DATABASE = None

    def setUp(self):
        super().setUp()
        self.conf([], project='manila', default_config_files=[])
        policy.reset()
        self.addCleanup(policy.reset)
        self.admin = context.RequestContext('root', 'ops', roles=['admin'],
                                            is_admin=True)
        self.alice = context.RequestContext('alice', 'project-a',
                                            roles=['member'])

    def test_names_unique_and_described(self):
        rules = policies.list_rules()
        names = [r.name for r in rules]
        self.assertEqual(len(names), len(set(names)))
        for rule in rules:
            self.assertTrue(rule.description, rule.name)

    def test_service_rules_are_admin_only(self):
        for action in ('service:index', 'service:update',
                       'service:ensure_shares', 'share_type:create',
                       'share_type:delete', 'share:list_all_projects'):
            self.assertTrue(policy.authorize(self.admin, action))
            self.assertRaises(exception.PolicyNotAuthorized,
                              policy.authorize, self.alice, action)

    def test_share_rules_are_owner_or_admin(self):
        own = {'project_id': 'project-a'}
        other = {'project_id': 'project-b'}
        for action in ('share:get', 'share:update', 'share:delete',
                       'share:allow_access', 'share:deny_access',
                       'share:access_get_all', 'share_access_rule:get',
                       'share_export_location:index'):
            self.assertTrue(policy.authorize(self.alice, action, own))
            self.assertTrue(policy.authorize(self.admin, action, other))
            self.assertRaises(exception.PolicyNotAuthorized,
                              policy.authorize, self.alice, action, other)

    def test_is_admin_comes_from_roles(self):
        self.assertTrue(policy.check_is_admin(
            context.RequestContext('u', 'p', roles=['admin'])))
        self.assertFalse(policy.check_is_admin(
            context.RequestContext('u', 'p', roles=['member', 'reader'])))

    def test_policy_file_overrides_a_default(self):
        path = os.path.join(self.useFixture(fixtures.TempDir()).path,
                            'policy.yaml')
        with open(path, 'w') as f:
            f.write('"service:index": "role:member"\n')
        self.flags(policy_file=path, group='oslo_policy')
        policy.reset()
        self.assertTrue(policy.authorize(self.alice, 'service:index'))
        self.assertRaises(exception.PolicyNotAuthorized, policy.authorize,
                          self.alice, 'service:ensure_shares')

    def test_enforcer_entry_point(self):
        self.assertIsNotNone(policy.init().registered_rules.get(
            'service:ensure_shares'))
