"""Who may do what, through the API: the project personas in noauth mode.

The table is manila.tests.matrix (the functional tests check the same one
behind a real Keystone). Here project-a is the demo project: its member
changes its shares, its reader reads them and gets 403 on any change,
another project's member gets 404 everywhere (the share does not exist
for them), the administrator does everything.
"""

import itertools

from oslo_utils import timeutils
import testtools.content

from manila.common import states
from manila.db import api as db
from manila.share import user_messages
from manila.tests import matrix
from manila.tests.unit.api import fakes

# (token, X-Roles) of the matrix's columns; the noauth middleware adds the
# implied roles. Noauth has no anonymous caller: no 'none' column.
CALLERS = {
    'admin': (fakes.ADMIN, None),
    'member': (fakes.ALICE, 'member'),
    'reader': ('rita:project-a', 'reader'),
    'other': (fakes.BOB, 'member'),
}
COLUMNS = tuple(CALLERS)


class PersonaMatrixTest(fakes.APITestCase):

    def setUp(self):
        super().setUp()
        self.make_service('localhost@alpha')
        self.make_service('localhost@beta')
        self.counter = itertools.count(1)

    def call(self, caller, method, path, body=None, version=None):
        token, roles = CALLERS[caller]
        kwargs = {'version': version} if version else {}
        if path.startswith('/v2'):
            kwargs['prefix'] = ''
        return self.request(method, path, body, token=token, roles=roles,
                            **kwargs)

    def _refs(self):
        """Every resource the matrix names, made anew for one request."""
        n = next(self.counter)
        share = self.make_share('s-%d' % n, project='project-a',
                                metadata={'keep': 'v', 'gone': 'v'})
        rule = db.access_rule_create(self.context, {
            'share_id': share.id, 'access_type': 'ip',
            'access_to': '10.0.0.1', 'access_level': 'rw',
            'state': states.ACCESS_ACTIVE, 'metadata': {}})
        export = db.export_locations_get_by_share(self.context, share.id)[0]
        user_messages.record(self.context, share,
                             user_messages.ACTION_CREATE,
                             user_messages.DETAIL_UNEXPECTED, 'create: x')
        message = db.message_get_all(
            self.context, {'resource_id': share.id})[0]
        public = self.make_share('pub-%d' % n, project='admin',
                                 user='admin', is_public=True)
        fresh_type = self.request('POST', '/types', {'share_type': {
            'name': 'fresh-%d' % n, 'extra_specs': {
                'driver_handles_share_servers': False}}})
        default_type = self.request('GET', '/types/default')
        # The backends as new: up (the table takes minutes on a loaded
        # machine, past service_down_time), not disabled, not ensuring.
        for host in ('localhost@alpha', 'localhost@beta'):
            service = db.service_get_by_args(self.context, host,
                                             'manila-share')
            db.service_update(self.context, service['id'],
                              {'disabled': False, 'ensuring': False,
                               'heartbeat_at': timeutils.utcnow()})
        return {'n': n, 'share': share.id, 'fresh_share': share.id,
                'rule': rule.id, 'fresh_rule': rule.id,
                'instance': share.instance.id,
                'export': export.uuid, 'fresh_key': 'gone',
                'message': message.id, 'fresh_message': message.id,
                'public': public.id,
                'type': default_type.json['share_type']['id'],
                'fresh_type': fresh_type.json['share_type']['id']}

    def _check_fault(self, resp, status):
        if status == 403:
            self.assertFault(resp, 403, 'forbidden',
                             contains="Policy doesn't allow")
        elif status == 404:
            self.assertFault(resp, 404, 'itemNotFound')

    def test_matrix(self):
        results = []
        for row in matrix.ROWS:
            method, path, body, version, expected = row
            got = {}
            for caller in COLUMNS:
                # Every request gets resources of its own: deleting or
                # changing them must not decide the next request's answer.
                refs = self._refs()
                resp = self.call(caller, method, matrix.fill(path, refs),
                                 matrix.fill(body, refs), version)
                got[caller] = resp.status_int
                if resp.status_int == expected[caller]:
                    self._check_fault(resp, expected[caller])
            results.append((row, got))
        table = matrix.render(results, COLUMNS)
        self.addDetail('rbac-matrix', testtools.content.text_content(table))
        self.assertEqual([], matrix.mismatches(results, COLUMNS),
                         'status table:\n' + table)


class PersonaBehaviourTest(fakes.APITestCase):

    def setUp(self):
        super().setUp()
        self.a1 = self.make_share('a1', project='project-a')
        self.b1 = self.make_share('b1', project='project-b', user='bob')

    def _names(self, resp):
        self.assertEqual(200, resp.status_int, resp.text)
        return sorted(s['name'] for s in resp.json['shares'])

    def test_admin_lists_every_project_with_all_tenants(self):
        self.assertEqual(['a1', 'b1'], self._names(
            self.request('GET', '/shares?all_tenants=1')))
        self.assertEqual(['b1'], self._names(self.request(
            'GET', '/shares/detail?all_tenants=1&project_id=project-b')))
        # Without it, the administrator's own project only.
        self.assertEqual([], self._names(self.request('GET', '/shares')))

    def test_all_tenants_from_a_member_or_reader_is_their_project(self):
        for roles in ('member', 'reader'):
            self.assertEqual(['a1'], self._names(self.request(
                'GET', '/shares?all_tenants=1', token=fakes.ALICE,
                roles=roles)))

    def test_reader_changes_nothing_of_their_project(self):
        reader = {'token': 'rita:project-a', 'roles': 'reader'}
        path = '/shares/%s' % self.a1.id
        self.assertFault(self.request('PUT', path, {'share': {
            'name': 'x'}}, **reader), 403, contains='share:update')
        self.assertFault(self.request('DELETE', path, **reader), 403,
                         contains='share:delete')
        self.assertFault(self.request('POST', '/shares', {'share': {
            'size': 1, 'share_proto': 'NFS'}}, **reader), 403,
            contains='share:create')
        share = db.share_get(self.context, self.a1.id)
        self.assertEqual(('a1', states.AVAILABLE),
                         (share.display_name, share.instance.status))
        self.assertEqual([], self.rpc.casts)

    def test_other_projects_share_does_not_exist_for_a_member(self):
        message = self.assertFault(self.request(
            'DELETE', '/shares/%s' % self.b1.id, token=fakes.ALICE,
            roles='member'), 404)
        self.assertIn(self.b1.id, message)
        self.assertNotIn('project-b', message)

    def test_public_share_is_read_by_other_projects_not_changed(self):
        public = self.make_share('pub', project='project-b', user='bob',
                                 is_public=True)
        path = '/shares/%s' % public.id
        self.assertEqual(200, self.member('GET', path).status_int)
        self.assertFault(self.member('PUT', path, {'share': {
            'name': 'x'}}), 403, contains='share:update')
        # What mounting it takes is readable too; its access rules are not.
        self.assertEqual(200, self.member(
            'GET', path + '/export_locations').status_int)
        self.assertEqual(200, self.member('GET', path + '/metadata')
                         .status_int)
        self.assertFault(self.member(
            'GET', '/share-access-rules?share_id=%s' % public.id), 403)
        self.assertFault(self.member('POST', path + '/metadata', {
            'metadata': {'k': 'v'}}), 403,
            contains='share:update_share_metadata')
        # Without any role in their own project, not even that.
        self.assertFault(self.request('GET', path, token=fakes.ALICE,
                                      roles='observer'), 404)

    def test_no_role_in_the_project_is_nothing(self):
        nobody = {'token': 'nina:project-a', 'roles': 'observer'}
        self.assertFault(self.request('GET', '/shares/%s' % self.a1.id,
                                      **nobody), 404)
        self.assertFault(self.request('GET', '/shares', **nobody), 403,
                         contains='share:get_all')

    def test_no_roles_header_is_an_administrator(self):
        self.assertEqual(200, self.request(
            'GET', '/shares/%s' % self.b1.id, token=fakes.ALICE).status_int)
