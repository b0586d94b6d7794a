"""The administrators' repairs: reset_status and force_delete of shares
and share instances, reset_status of access rules, the share instances
list and show, as python-manilaclient sends them."""

from manila.db import api as db
from manila.common import states
from manila.tests.unit.api import fakes


class ShareResetStatusTest(fakes.APITestCase):

    def setUp(self):
        super().setUp()
        self.share = self.make_share(status=states.ENSURING)

    def _action(self, body, version='2.93', **kwargs):
        return self.request('POST', '/shares/%s/action' % self.share.id,
                            body, version=version, **kwargs)

    def _status(self):
        return db.share_get(self.context, self.share.id).instance.status

    def test_reset_an_ensuring_share(self):
        resp = self._action({'reset_status': {'status': 'available'}})
        self.assertEqual(202, resp.status_int, resp.text)
        self.assertEqual(b'', resp.body)
        self.assertEqual('available', self._status())
        # Nothing was sent to the backend.
        self.assertEqual([], self.rpc.casts)

    def test_legacy_name_up_to_2_6(self):
        resp = self._action({'os-reset_status': {'status': 'error'}},
                            version='2.6')
        self.assertEqual(202, resp.status_int, resp.text)
        self.assertEqual('error', self._status())
        self.assertFault(
            self._action({'os-reset_status': {'status': 'error'}},
                         version='2.7'), 404)
        self.assertFault(
            self._action({'reset_status': {'status': 'error'}},
                         version='2.6'), 404)

    def test_unknown_or_missing_status_is_400(self):
        message = self.assertFault(
            self._action({'reset_status': {'status': 'ensuring'}}), 400)
        self.assertIn('available, error, creating, deleting, '
                      'error_deleting', message)
        self.assertFault(self._action({'reset_status': {}}), 400,
                         contains='status')
        self.assertFault(self._action({'reset_status': None}), 400)
        self.assertEqual('ensuring', self._status())

    def test_members_get_403_other_projects_404(self):
        self.assertFault(
            self._action({'reset_status': {'status': 'error'}},
                         token=fakes.ALICE, roles='member'), 403,
            contains='share:reset_status')
        self.assertFault(
            self._action({'reset_status': {'status': 'error'}},
                         token=fakes.BOB, roles='member'), 404)
        self.assertEqual('ensuring', self._status())


class ShareForceDeleteTest(fakes.APITestCase):

    def test_force_delete_from_any_status(self):
        share = self.make_share(status=states.ENSURING)
        resp = self.request('POST', '/shares/%s/action' % share.id,
                            {'force_delete': None})
        self.assertEqual(202, resp.status_int, resp.text)
        self.assertEqual('deleting',
                         db.share_get(self.context, share.id).instance.status)
        self.assertEqual([('delete_share_instance', share.instance.id,
                           'localhost@alpha', 'force')], self.rpc.casts)

    def test_legacy_name_and_a_share_never_placed(self):
        share = self.make_share(status=states.ERROR, host=None)
        resp = self.request('POST', '/shares/%s/action' % share.id,
                            {'os-force_delete': None}, version='2.6')
        self.assertEqual(202, resp.status_int, resp.text)
        self.assertFault(self.request('GET', '/shares/%s' % share.id), 404)
        self.assertEqual([], self.rpc.casts)

    def test_broker_down_is_503_and_error_deleting(self):
        share = self.make_share()
        self.rpc.fail = True
        self.assertFault(self.request('POST', '/shares/%s/action' % share.id,
                                      {'force_delete': None}), 503)
        self.assertEqual('error_deleting',
                         db.share_get(self.context, share.id).instance.status)

    def test_a_member_may_not(self):
        share = self.make_share()
        self.assertFault(self.member('POST', '/shares/%s/action' % share.id,
                                     {'force_delete': None}), 403,
                         contains='share:force_delete')
        self.assertFault(self.request('POST', '/shares/%s/action' % share.id,
                                      {'force_delete': {'x': 1}}), 400)
        self.assertEqual([], self.rpc.casts)


class ShareInstancesTest(fakes.APITestCase):

    def setUp(self):
        super().setUp()
        self.a = self.make_share('a', status=states.ENSURING)
        self.b = self.make_share('b', project='project-b', host='h2@beta',
                                 exports=('198.51.100.10:/dummy/b',))

    def test_list_show_and_of_one_share(self):
        resp = self.request('GET', '/share_instances')
        self.assertEqual(200, resp.status_int, resp.text)
        listed = {i['id']: i for i in resp.json['share_instances']}
        self.assertEqual({self.a.instance.id, self.b.instance.id},
                         set(listed))
        item = listed[self.b.instance.id]
        self.assertEqual(('h2@beta', 'available', self.b.id, 'active'),
                         (item['host'], item['status'], item['share_id'],
                          item['access_rules_status']))
        shown = self.request('GET', '/share_instances/%s'
                             % self.a.instance.id)
        self.assertEqual('ensuring', shown.json['share_instance']['status'])
        of_share = self.request('GET', '/shares/%s/instances' % self.b.id)
        self.assertEqual([self.b.instance.id],
                         [i['id'] for i in of_share.json['share_instances']])
        els = self.request('GET', '/share_instances/%s/export_locations'
                           % self.b.instance.id)
        self.assertEqual(['198.51.100.10:/dummy/b'],
                         [e['path'] for e in els.json['export_locations']])
        # 2.35: by export location path.
        found = self.request('GET', '/share_instances?export_location_path='
                             '198.51.100.10:/dummy/b')
        self.assertEqual([self.b.instance.id],
                         [i['id'] for i in found.json['share_instances']])
        self.assertFault(self.request('GET', '/share_instances/nope'), 404)
        self.assertFault(self.request('GET', '/share_instances',
                                      version='2.2'), 404)

    def test_reset_status_and_force_delete(self):
        path = '/share_instances/%s/action' % self.a.instance.id
        resp = self.request('POST', path,
                            {'reset_status': {'status': 'error'}})
        self.assertEqual(202, resp.status_int, resp.text)
        self.assertEqual('error', db.share_get(
            self.context, self.a.id).instance.status)
        resp = self.request('POST', path,
                            {'os-reset_status': {'status': 'available'}},
                            version='2.3')
        self.assertEqual(202, resp.status_int, resp.text)
        self.assertEqual('available', db.share_get(
            self.context, self.a.id).instance.status)
        self.assertFault(self.request('POST', path, {'reset_status': {
            'status': 'bogus'}}), 400, contains='must be one of')
        resp = self.request('POST', path, {'force_delete': None})
        self.assertEqual(202, resp.status_int, resp.text)
        self.assertEqual([('delete_share_instance', self.a.instance.id,
                           'localhost@alpha', 'force')], self.rpc.casts)

    def test_administrators_only(self):
        for method, path, body in (
                ('GET', '/share_instances', None),
                ('GET', '/share_instances/%s' % self.a.instance.id, None),
                ('GET', '/shares/%s/instances' % self.a.id, None),
                ('POST', '/share_instances/%s/action' % self.a.instance.id,
                 {'reset_status': {'status': 'error'}})):
            self.assertFault(self.member(method, path, body), 403,
                             contains='share_instance:')
        self.assertEqual('ensuring', db.share_get(
            self.context, self.a.id).instance.status)


class AccessRuleResetStatusTest(fakes.APITestCase):

    def setUp(self):
        super().setUp()
        self.share = self.make_share()
        self.rule = db.access_rule_create(self.context, {
            'share_id': self.share.id, 'access_type': 'ip',
            'access_to': '10.0.0.1', 'access_level': 'rw',
            'state': states.ACCESS_APPLYING})
        self.path = '/share-access-rules/%s/action' % self.rule.id

    def test_reset_to_error_then_the_owner_denies_it(self):
        resp = self.request('POST', self.path,
                            {'reset_status': {'status': 'error'}})
        self.assertEqual(202, resp.status_int, resp.text)
        self.assertEqual('error',
                         db.access_rule_get(self.context,
                                            self.rule.id).state)
        resp = self.member('POST', '/shares/%s/action' % self.share.id,
                           {'deny_access': {'access_id': self.rule.id}})
        self.assertEqual(202, resp.status_int, resp.text)

    def test_refusals(self):
        self.assertFault(self.request('POST', self.path, {'reset_status': {
            'status': 'applying'}}), 400, contains='active, error')
        self.assertFault(self.member('POST', self.path, {'reset_status': {
            'status': 'error'}}), 403, contains='share_access_rule:')
        self.assertFault(self.member('POST', self.path, {'reset_status': {
            'status': 'error'}}, token=fakes.BOB), 404)
        self.assertFault(self.request('POST', self.path, {'reset_status': {
            'status': 'error'}}, version='2.44'), 404)
        self.assertEqual('applying',
                         db.access_rule_get(self.context,
                                            self.rule.id).state)
