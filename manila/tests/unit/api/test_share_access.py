"""Access rules: allow/deny actions, access_list, /share-access-rules."""

from manila.db import api as db
from manila.common import states
from manila.tests.unit.api import fakes


class AccessTest(fakes.APITestCase):

    def setUp(self):
        super().setUp()
        self.share = self.make_share('s1', project='project-a')
        self.path = '/shares/%s/action' % self.share.id

    def _allow(self, access_to='10.0.0.0/24', access_type='ip',
               version='2.93', **extra):
        body = {'allow_access': dict({'access_type': access_type,
                                      'access_to': access_to}, **extra)}
        return self.member('POST', self.path, body, version=version)

    def test_allow(self):
        resp = self._allow(access_level='ro', metadata={'k': 'v'})
        self.assertEqual(200, resp.status_int, resp.text)
        access = resp.json['access']
        self.assertEqual(('ip', '10.0.0.0/24', 'ro', 'queued_to_apply',
                          self.share.id, {'k': 'v'}),
                         (access['access_type'], access['access_to'],
                          access['access_level'], access['state'],
                          access['share_id'], access['metadata']))
        instance = db.share_instance_get(self.context,
                                         self.share.instance.id)
        self.assertEqual('syncing', instance.access_rules_status)
        self.assertEqual([('update_access', instance.id,
                           'localhost@alpha')], self.rpc.casts)

    def test_allow_client_body_at_2_82(self):
        # manilaclient adds the lock fields (false) at 2.82 and later.
        resp = self._allow(access_level='rw', metadata={},
                           lock_visibility=False, lock_deletion=False,
                           lock_reason=None)
        self.assertEqual(200, resp.status_int, resp.text)

    def test_allow_user_and_ipv6(self):
        self.assertEqual(200, self._allow('alice_1', 'user').status_int)
        self.assertEqual(200, self._allow('2001:db8::/64').status_int)

    def test_allow_invalid_values(self):
        for access_type, access_to, word in (
                ('ip', '10.0.0.1/24', 'host bits'),
                ('ip', '300.1.1.1', 'not an IP'),
                ('ip', 'example.com', 'not an IP'),
                ('user', 'ab', 'user name'),
                ('user', 'a/b/c/d', 'user name'),
                ('kerberos', 'x', 'access_type')):
            resp = self._allow(access_to, access_type)
            self.assertFault(resp, 400, contains=word)
        self.assertFault(self._allow(access_level='rx'), 400,
                         contains='access_level')
        self.assertEqual([], self.rpc.casts)

    def test_duplicate_rule_is_refused(self):
        self.assertEqual(200, self._allow().status_int)
        resp = self._allow()
        self.assertFault(resp, 409, contains='10.0.0.0/24')

    def test_metadata_needs_2_45(self):
        resp = self._allow(version='2.44', metadata={'k': 'v'})
        self.assertFault(resp, 400, contains='2.45')

    def test_locks_are_refused(self):
        self.assertFault(self._allow(lock_deletion=True), 400,
                         contains='lock')

    def test_allow_while_ensuring_is_409_and_nothing_queued(self):
        db.share_instance_status_cas(self.context, self.share.instance.id,
                                     [states.AVAILABLE], states.ENSURING)
        resp = self._allow()
        self.assertFault(resp, 409, 'conflictingRequest',
                         contains='ensuring')
        self.assertEqual([], db.access_rules_get_by_share(self.context,
                                                          self.share.id))
        self.assertEqual([], self.rpc.casts)
        self.assertEqual('active', db.share_instance_get(
            self.context, self.share.instance.id).access_rules_status)

    def test_allow_on_error_share_is_400(self):
        share = self.make_share('e', status=states.ERROR)
        resp = self.member('POST', '/shares/%s/action' % share.id, {
            'allow_access': {'access_type': 'ip', 'access_to': '10.0.0.1'}})
        self.assertFault(resp, 400, contains='available')

    def test_deny(self):
        rule = self._allow().json['access']
        db.share_instance_update(self.context, self.share.instance.id,
                                 {'access_rules_status': 'active'})
        resp = self.member('POST', self.path,
                           {'deny_access': {'access_id': rule['id']}})
        self.assertEqual(202, resp.status_int, resp.text)
        self.assertEqual('queued_to_deny',
                         db.access_rule_get(self.context, rule['id']).state)
        self.assertEqual(2, len(self.rpc.casts))

    def test_deny_while_ensuring_is_409(self):
        rule = self._allow().json['access']
        db.share_instance_status_cas(self.context, self.share.instance.id,
                                     [states.AVAILABLE], states.ENSURING)
        resp = self.member('POST', self.path,
                           {'deny_access': {'access_id': rule['id']}})
        self.assertFault(resp, 409)
        self.assertEqual('queued_to_apply',
                         db.access_rule_get(self.context, rule['id']).state)

    def test_deny_rule_of_other_share_404(self):
        other = self.make_share('s2')
        rule = self.member('POST', '/shares/%s/action' % other.id, {
            'allow_access': {'access_type': 'ip',
                             'access_to': '10.9.0.0/16'}}).json['access']
        resp = self.member('POST', self.path,
                           {'deny_access': {'access_id': rule['id']}})
        self.assertFault(resp, 404, contains=rule['id'])

    def test_other_project_cannot_touch_rules(self):
        resp = self.member('POST', self.path, {'allow_access': {
            'access_type': 'ip', 'access_to': '10.0.0.1'}},
            token=fakes.BOB)
        self.assertFault(resp, 404)

    def test_access_list_action_up_to_2_44(self):
        self._allow()
        resp = self.member('POST', self.path, {'access_list': None},
                           version='2.44')
        self.assertEqual(200, resp.status_int, resp.text)
        (rule,) = resp.json['access_list']
        self.assertEqual(('10.0.0.0/24', 'queued_to_apply'),
                         (rule['access_to'], rule['state']))
        self.assertIn('created_at', rule)
        self.assertNotIn('metadata', rule)
        resp = self.member('POST', self.path, {'access_list': None},
                           version='2.45')
        self.assertFault(resp, 404)

    def test_legacy_action_names(self):
        resp = self.member('POST', self.path, {'os-allow_access': {
            'access_type': 'ip', 'access_to': '10.0.0.1'}}, version='2.6')
        self.assertEqual(200, resp.status_int, resp.text)
        self.assertEqual('new', resp.json['access']['state'])
        resp = self.member('POST', self.path, {'os-access_list': None},
                           version='2.6')
        self.assertEqual(1, len(resp.json['access_list']))
        resp = self.member('POST', self.path, {'os-access_list': None},
                           version='2.7')
        self.assertFault(resp, 404)

    def test_unknown_action(self):
        resp = self.member('POST', self.path, {'extend': {'new_size': 2}})
        self.assertFault(resp, 400, contains="'extend'")


class AccessRulesResourceTest(fakes.APITestCase):

    def setUp(self):
        super().setUp()
        self.share = self.make_share('s1', project='project-a')
        self.rule = self.member(
            'POST', '/shares/%s/action' % self.share.id,
            {'allow_access': {'access_type': 'ip',
                              'access_to': '10.0.0.0/24'}}).json['access']
        self.member('POST', '/shares/%s/action' % self.share.id,
                    {'allow_access': {'access_type': 'user',
                                      'access_to': 'carol'}})

    def test_list(self):
        resp = self.member('GET', '/share-access-rules?share_id=%s'
                           % self.share.id)
        self.assertEqual(200, resp.status_int, resp.text)
        rules = resp.json['access_list']
        self.assertEqual(['10.0.0.0/24', 'carol'],
                         sorted(r['access_to'] for r in rules))
        self.assertEqual({}, rules[0]['metadata'])

    def test_list_filters_from_2_82(self):
        resp = self.member('GET', '/share-access-rules?share_id=%s'
                           '&access_type=user' % self.share.id)
        self.assertEqual(['carol'], [r['access_to']
                                     for r in resp.json['access_list']])

    def test_list_metadata_filter(self):
        self.member('POST', '/shares/%s/action' % self.share.id,
                    {'allow_access': {'access_type': 'ip',
                                      'access_to': '10.9.9.9',
                                      'metadata': {'team': 'db'}}})
        resp = self.member('GET', '/share-access-rules?share_id=%s'
                           '&metadata=%%7B%%27team%%27%%3A+%%27db%%27%%7D'
                           % self.share.id)
        self.assertEqual(['10.9.9.9'], [r['access_to']
                                        for r in resp.json['access_list']])

    def test_list_needs_share_id(self):
        self.assertFault(self.member('GET', '/share-access-rules'), 400,
                         contains='share_id')

    def test_list_before_2_45_is_404(self):
        resp = self.member('GET', '/share-access-rules?share_id=%s'
                           % self.share.id, version='2.44')
        self.assertFault(resp, 404)

    def test_show(self):
        resp = self.member('GET', '/share-access-rules/%s'
                           % self.rule['id'])
        self.assertEqual(200, resp.status_int, resp.text)
        self.assertEqual((self.share.id, '10.0.0.0/24'),
                         (resp.json['access']['share_id'],
                          resp.json['access']['access_to']))

    def test_show_of_other_project_404(self):
        resp = self.member('GET', '/share-access-rules/%s'
                           % self.rule['id'], token=fakes.BOB)
        self.assertFault(resp, 404)
