"""Shares API: create, list filters, show, update, delete, views."""

import sqlalchemy as sa

from manila.db import api as db
from manila.common import states
from manila.tests.unit.api import fakes


class ShareCreateTest(fakes.APITestCase):

    def test_create_with_default_type(self):
        self.make_service('localhost@alpha', availability_zone='zone-a')
        resp = self.member('POST', '/shares', {'share': {
            'share_proto': 'nfs', 'size': 1, 'name': 'x',
            'description': 'd', 'metadata': {'k': 'v'}}})
        self.assertEqual(200, resp.status_int, resp.text)
        share = resp.json['share']
        self.assertEqual(('x', 'd', 'NFS', 1, 'creating', 'project-a',
                          'alice', 'default', {'k': 'v'}, 'zone-a'),
                         (share['name'], share['description'],
                          share['share_proto'], share['size'],
                          share['status'], share['project_id'],
                          share['user_id'], share['share_type_name'],
                          share['metadata'], share['availability_zone']))
        self.assertNotIn('host', share)   # members do not see hosts
        instance = db.share_get(self.context, share['id']).instance
        self.assertEqual('localhost@alpha', instance.host)
        self.assertEqual([('create_share_instance', instance.id,
                           'localhost@alpha')], self.rpc.casts)

    def test_client_body_at_2_93(self):
        # What python-manilaclient sends for "share create NFS 1 --name x".
        body = {'share': {
            'size': 1, 'snapshot_id': None, 'name': 'x',
            'description': None, 'metadata': {}, 'share_proto': 'NFS',
            'share_network_id': None, 'share_type': None,
            'is_public': False, 'availability_zone': None,
            'scheduler_hints': {}}}
        resp = self.request('POST', '/shares', body)
        self.assertEqual(200, resp.status_int, resp.text)
        self.assertEqual('localhost@alpha', resp.json['share']['host'])

    def test_public_share_is_for_administrators(self):
        body = {'share': {'share_proto': 'NFS', 'size': 1,
                          'is_public': True}}
        self.assertFault(self.member('POST', '/shares', body), 403,
                         contains='share:create_public_share')
        self.assertEqual([], db.share_get_all(self.context, {}))
        resp = self.request('POST', '/shares', body)
        self.assertEqual(200, resp.status_int, resp.text)
        self.assertTrue(resp.json['share']['is_public'])

    def test_named_share_type(self):
        resp = self.request('POST', '/types', {'share_type': {
            'name': 'gold', 'extra_specs': {
                'driver_handles_share_servers': False}}})
        self.assertEqual(200, resp.status_int, resp.text)
        resp = self.request('POST', '/shares', {'share': {
            'share_proto': 'NFS', 'size': 2, 'share_type': 'gold'}})
        self.assertEqual('gold', resp.json['share']['share_type_name'])
        resp = self.request('POST', '/shares', {'share': {
            'share_proto': 'NFS', 'size': 2, 'share_type': 'tin'}})
        self.assertFault(resp, 404, contains='tin')

    def test_no_valid_host_is_error_with_user_message(self):
        self.placement_host = None
        resp = self.member('POST', '/shares', {'share': {
            'share_proto': 'NFS', 'size': 500}})
        self.assertEqual(200, resp.status_int)
        share = resp.json['share']
        self.assertEqual('error', share['status'])
        (message,) = db.message_get_all(self.context)
        self.assertEqual(('project-a', share['id'], 'ERROR'),
                         (message.project_id, message.resource_id,
                          message.message_level))
        self.assertIn('500 GiB', message.user_message)
        self.assertEqual([], self.rpc.casts)

    def test_broker_down_is_503_and_share_in_error(self):
        self.rpc.fail = True
        resp = self.request('POST', '/shares', {'share': {
            'share_proto': 'NFS', 'size': 1, 'name': 'b'}})
        self.assertFault(resp, 503)
        (share,) = db.share_get_all(self.context)
        self.assertEqual('error', share.instance.status)

    def test_unsupported_features(self):
        for key in ('snapshot_id', 'share_network_id', 'share_group_id',
                    'mount_point_name', 'encryption_key_ref'):
            resp = self.request('POST', '/shares', {'share': {
                'share_proto': 'NFS', 'size': 1, key: 'abc'}})
            self.assertFault(resp, 400, contains=key)
        self.assertEqual([], db.share_get_all(self.context))


class ShareReadTest(fakes.APITestCase):

    def setUp(self):
        super().setUp()
        self.a1 = self.make_share('a1', project='project-a')
        self.a2 = self.make_share('a2', project='project-a',
                                  status=states.ERROR)
        self.b1 = self.make_share('b1', project='project-b', user='bob')
        self.pub = self.make_share('pub', project='project-b', user='bob',
                                   is_public=True)

    def _names(self, path, member=True, **kwargs):
        call = self.member if member else self.request
        resp = call('GET', path, **kwargs)
        self.assertEqual(200, resp.status_int, resp.text)
        return sorted(s['name'] for s in resp.json['shares'])

    def test_member_sees_own_shares(self):
        self.assertEqual(['a1', 'a2'], self._names('/shares'))
        self.assertEqual(['a1', 'a2'], self._names('/shares/detail'))

    def test_is_public_adds_public_shares(self):
        # The client always sends is_public=True.
        self.assertEqual(['a1', 'a2', 'pub'],
                         self._names('/shares/detail?is_public=True'))

    def test_all_tenants_for_admin(self):
        self.assertEqual(['a1', 'a2', 'b1', 'pub'],
                         self._names('/shares?all_tenants=1', member=False))
        self.assertEqual(['b1', 'pub'], self._names(
            '/shares?all_tenants=1&project_id=project-b', member=False))

    def test_all_tenants_of_member_means_visible_shares(self):
        # python-manilaclient sends all_tenants=1 in every name lookup.
        self.assertEqual(['a1', 'a2', 'pub'], self._names(
            '/shares/detail?all_tenants=1&is_public=True'))
        self.assertEqual(['a1'], self._names(
            '/shares/detail?all_tenants=1&is_public=True&name=a1'))

    def test_name_lookup_as_the_client_does_it(self):
        self.assertEqual(['a1'], self._names(
            '/shares/detail?all_tenants=1&is_public=True&name=a1',
            member=False))
        # Only soft-deleted shares: there are none here.
        self.assertEqual([], self._names(
            '/shares/detail?all_tenants=1&is_public=True&'
            'is_soft_deleted=True', member=False))

    def test_status_filter_limit_offset_sort(self):
        self.assertEqual(['a2'], self._names('/shares?status=error'))
        resp = self.member('GET', '/shares?sort_key=name&sort_dir=asc'
                                  '&limit=1&offset=1')
        self.assertEqual(['a2'], [s['name'] for s in resp.json['shares']])

    def test_metadata_filter_as_the_client_sends_it(self):
        db.share_metadata_update(self.context, self.a1.id, {'tier': 'gold'})
        self.assertEqual(['a1'], self._names(
            "/shares/detail?metadata=%7B%27tier%27%3A+%27gold%27%7D"))
        self.assertFault(self.member('GET', '/shares?metadata=gold'), 400,
                         contains='metadata')

    def test_inexact_name_filter_from_2_36(self):
        self.assertEqual(['a1', 'a2'], self._names('/shares?name~=A'))
        self.assertEqual(['a2'], self._names('/shares?name~=2'))
        # Ignored before 2.36.
        self.assertEqual(['a1', 'a2'], self._names('/shares?name~=2',
                                                   version='2.35'))

    def test_with_count_from_2_42(self):
        resp = self.member('GET', '/shares/detail?with_count=true')
        self.assertEqual(2, resp.json['count'])
        resp = self.member('GET', '/shares?with_count=true',
                           version='2.41')
        self.assertNotIn('count', resp.json)

    def test_bad_list_parameters(self):
        for query, word in (('sort_key=color', 'sort_key'),
                            ('sort_dir=up', 'sort_dir'),
                            ('limit=-1', 'limit'),
                            ('offset=x', 'offset'),
                            ('is_public=perhaps', 'is_public')):
            self.assertFault(self.member('GET', '/shares?' + query), 400,
                             contains=word)

    def test_show_own_and_public_but_not_others(self):
        self.assertEqual(200, self.member(
            'GET', '/shares/%s' % self.a1.id).status_int)
        self.assertEqual(200, self.member(
            'GET', '/shares/%s' % self.pub.id).status_int)
        self.assertFault(self.member('GET', '/shares/%s' % self.b1.id),
                         404, contains=self.b1.id)
        self.assertEqual(200, self.request(
            'GET', '/shares/%s' % self.b1.id).status_int)

    def test_view_at_2_93(self):
        share = self.request('GET', '/shares/%s' % self.a1.id).json['share']
        stype = db.share_type_get_by_name(self.context, 'default')
        self.assertEqual((stype.id, 'default', 'localhost@alpha',
                          'available', 'active', False, None),
                         (share['share_type'], share['share_type_name'],
                          share['host'], share['status'],
                          share['access_rules_status'],
                          share['is_soft_deleted'],
                          share['mount_point_name']))
        self.assertNotIn('export_location', share)
        self.assertNotIn('export_locations', share)
        self.assertIn('links', share)

    def test_view_before_2_9_has_export_locations(self):
        share = self.request('GET', '/shares/%s' % self.a1.id,
                             version='2.8').json['share']
        self.assertEqual('192.0.2.10:/srv/s1', share['export_location'])
        self.assertEqual(['192.0.2.10:/srv/s1'], share['export_locations'])

    def test_view_before_2_6_share_type_is_name(self):
        share = self.request('GET', '/shares/%s' % self.a1.id,
                             version='2.5').json['share']
        self.assertEqual('default', share['share_type'])
        self.assertNotIn('share_type_name', share)
        self.assertNotIn('access_rules_status', share)

    def test_syncing_is_out_of_sync_before_2_28(self):
        db.share_instance_update(self.context, self.a1.instance.id,
                                 {'access_rules_status': 'syncing'})
        share = self.request('GET', '/shares/%s' % self.a1.id,
                             version='2.27').json['share']
        self.assertEqual('out_of_sync', share['access_rules_status'])

    def test_summary_list(self):
        resp = self.member('GET', '/shares')
        self.assertEqual({'id', 'name', 'links'},
                         set(resp.json['shares'][0]))


class ShareUpdateDeleteTest(fakes.APITestCase):

    def setUp(self):
        super().setUp()
        self.share = self.make_share('s1', project='project-a')

    def test_update(self):
        resp = self.member('PUT', '/shares/%s' % self.share.id, {
            'share': {'display_name': 'new', 'description': 'desc'}})
        self.assertEqual(200, resp.status_int, resp.text)
        share = resp.json['share']
        self.assertEqual(('new', 'desc', False),
                         (share['name'], share['description'],
                          share['is_public']))

    def test_making_public_is_for_administrators(self):
        path = '/shares/%s' % self.share.id
        resp = self.member('PUT', path, {'share': {'name': 'x',
                                                   'is_public': True}})
        self.assertFault(resp, 403, contains='share:set_public_share')
        share = self.request('GET', path).json['share']
        self.assertEqual(('s1', False), (share['name'], share['is_public']))
        resp = self.request('PUT', path, {'share': {'is_public': True}})
        self.assertEqual(200, resp.status_int, resp.text)
        self.assertTrue(resp.json['share']['is_public'])
        # Already public: the member may send it again with a change.
        resp = self.member('PUT', path, {'share': {'name': 'y',
                                                   'is_public': True}})
        self.assertEqual(200, resp.status_int, resp.text)

    def test_update_of_other_project_404(self):
        resp = self.member('PUT', '/shares/%s' % self.share.id,
                           {'share': {'name': 'x'}}, token=fakes.BOB)
        self.assertFault(resp, 404)

    def test_delete(self):
        resp = self.member('DELETE', '/shares/%s' % self.share.id)
        self.assertEqual(202, resp.status_int, resp.text)
        self.assertEqual('deleting', db.share_get(
            self.context, self.share.id).instance.status)
        self.assertEqual([('delete_share_instance', self.share.instance.id,
                           'localhost@alpha')], self.rpc.casts)

    def test_delete_while_ensuring_or_creating_is_409(self):
        for status in (states.ENSURING, states.CREATING, states.DELETING):
            share = self.make_share('busy-' + status, status=status)
            resp = self.member('DELETE', '/shares/%s' % share.id)
            self.assertFault(resp, 409, contains=status)
            self.assertEqual(status, db.share_get(
                self.context, share.id).instance.status)
        self.assertEqual([], self.rpc.casts)

    def test_delete_unplaced_share_removes_it(self):
        share = self.make_share('nohost', status=states.ERROR, host=None)
        resp = self.member('DELETE', '/shares/%s' % share.id)
        self.assertEqual(202, resp.status_int)
        self.assertEqual(404, self.member(
            'GET', '/shares/%s' % share.id).status_int)
        self.assertEqual([], self.rpc.casts)

    def test_delete_of_other_project_404(self):
        resp = self.member('DELETE', '/shares/%s' % self.share.id,
                           token=fakes.BOB)
        self.assertFault(resp, 404)


class ResetTaskStateTest(fakes.APITestCase):

    def setUp(self):
        super().setUp()
        self.share = self.make_share('s1', project='project-a')
        self.path = '/shares/%s/action' % self.share.id
        self.body = {'reset_task_state': {'task_state': None}}

    def test_noop_for_member(self):
        # "openstack share set x --name y" sends this every time.
        resp = self.member('POST', self.path, self.body)
        self.assertEqual(202, resp.status_int, resp.text)

    def test_clearing_is_admin_only(self):
        db.share_instance_update(self.context, self.share.instance.id,
                                 {'task_state': 'migrating'})
        self.assertFault(self.member('POST', self.path, self.body), 403)
        self.assertEqual(202, self.request('POST', self.path,
                                           self.body).status_int)
        self.assertIsNone(db.share_get(self.context, self.share.id)
                          .instance.task_state)

    def test_only_null(self):
        resp = self.request('POST', self.path, {
            'reset_task_state': {'task_state': 'migrating'}})
        self.assertFault(resp, 400, contains='only null')


class RefusedTextTest(fakes.APITestCase):
    """A value the database cannot store is the caller's 400, not 500."""

    DATABASE = 'mysql'

    def setUp(self):
        super().setUp()
        self.make_service('localhost@alpha')
        # A connection in utf8 (utf8mb3) as the URL ?charset=utf8 makes
        # it: no character beyond the Basic Multilingual Plane.
        sa.event.listen(self.db.engine, 'connect',
                        lambda conn, record: conn.set_character_set('utf8'))
        self.db.engine.dispose()

    def test_emoji_refused_by_a_utf8mb3_connection(self):
        resp = self.member('POST', '/shares', {'share': {
            'share_proto': 'nfs', 'size': 1, 'name': 'smile \U0001f600'}})
        self.assertFault(resp, 400, 'badRequest', contains='character set')
        self.assertEqual([], db.share_get_all(self.context))
