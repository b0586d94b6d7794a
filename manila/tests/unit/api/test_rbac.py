"""Who may do what, through the API: the project personas in noauth mode.

A share of project-a and everything under it: its member changes it, its
reader reads it and gets 403 on any change, another project's member gets
404 everywhere (the share does not exist for them), the administrator
does everything.
"""

from manila.db import api as db
from manila.share import states
from manila.share import user_messages
from manila.tests import matrix
from manila.tests.unit.api import fakes

# (token, X-Roles): the noauth middleware adds the implied roles.
CALLERS = {
    'admin': (fakes.ADMIN, None),
    'member': (fakes.ALICE, 'member'),
    'reader': ('rita:project-a', 'reader'),
    'other': (fakes.BOB, 'member'),
}


def expect(admin, member, reader, other):
    return matrix.statuses(tuple(CALLERS), admin, member, reader, other)


READ = expect(200, 200, 200, 404)
WRITE = expect(200, 200, 403, 404)
ACCEPTED = expect(202, 202, 403, 404)

# (method, path, body, microversion, expected). ``{share}`` is a share of
# project-a made anew for every request, with the metadata key 'keep',
# the access rule ``{rule}``, the export location ``{export}``; ``{message}``
# is a message about it.
SHARE_MATRIX = (
    ('GET', '/shares/{share}', None, None, READ),
    ('PUT', '/shares/{share}', {'share': {'display_description': 'd'}},
     None, WRITE),
    ('DELETE', '/shares/{share}', None, None, ACCEPTED),
    ('POST', '/shares/{share}/action',
     {'allow_access': {'access_type': 'ip', 'access_to': '10.1.0.0/24'}},
     None, WRITE),
    ('POST', '/shares/{share}/action',
     {'deny_access': {'access_id': '{rule}'}}, None, ACCEPTED),
    ('POST', '/shares/{share}/action', {'access_list': None}, '2.44', READ),
    ('POST', '/shares/{share}/action', {'os-access_list': None}, '2.6',
     READ),
    ('POST', '/shares/{share}/action',
     {'reset_task_state': {'task_state': None}}, None, ACCEPTED),
    ('GET', '/share-access-rules?share_id={share}', None, None, READ),
    ('GET', '/share-access-rules/{rule}', None, None, READ),
    ('GET', '/shares/{share}/export_locations', None, None, READ),
    ('GET', '/shares/{share}/export_locations/{export}', None, None, READ),
    ('GET', '/shares/{share}/metadata', None, None, READ),
    ('GET', '/shares/{share}/metadata/keep', None, None, READ),
    ('POST', '/shares/{share}/metadata', {'metadata': {'k': 'v'}}, None,
     WRITE),
    ('PUT', '/shares/{share}/metadata', {'metadata': {'keep': 'x'}}, None,
     WRITE),
    ('PUT', '/shares/{share}/metadata/keep', {'meta': {'keep': 'y'}}, None,
     WRITE),
    ('DELETE', '/shares/{share}/metadata/keep', None, None, WRITE),
    ('GET', '/messages/{message}', None, None, READ),
    ('DELETE', '/messages/{message}', None, None,
     expect(204, 204, 403, 404)),
)

# Endpoints of no single project.
ANYONE = expect(200, 200, 200, 200)
ADMIN_ONLY = expect(200, 403, 403, 403)
GLOBAL_MATRIX = (
    ('GET', '/shares', None, None, ANYONE),
    ('GET', '/shares/detail?all_tenants=1', None, None, ANYONE),
    ('POST', '/shares', {'share': {'size': 1, 'share_proto': 'NFS'}}, None,
     expect(200, 200, 403, 200)),
    ('GET', '/messages', None, None, ANYONE),
    ('GET', '/types', None, None, ANYONE),
    ('GET', '/types/default', None, None, ANYONE),
    ('POST', '/types', {'share_type': {
        'name': 'gold', 'extra_specs': {
            'driver_handles_share_servers': False}}}, None, ADMIN_ONLY),
    ('GET', '/availability-zones', None, None, ANYONE),
    ('GET', '/services', None, None, ADMIN_ONLY),
    ('PUT', '/services/disable',
     {'host': 'localhost@alpha', 'binary': 'manila-share'}, None,
     ADMIN_ONLY),
    ('POST', '/services/ensure', {'host': 'localhost@alpha'}, None,
     expect(202, 403, 403, 403)),
)


class PersonaMatrixTest(fakes.APITestCase):

    def setUp(self):
        super().setUp()
        self.make_service('localhost@alpha')

    def call(self, caller, method, path, body=None, version=None):
        token, roles = CALLERS[caller]
        kwargs = {'version': version} if version else {}
        return self.request(method, path, body, token=token, roles=roles,
                            **kwargs)

    def _fresh_share(self):
        share = self.make_share('s', project='project-a',
                                metadata={'keep': 'v'})
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
        return {'share': share.id, 'rule': rule.id, 'export': export.uuid,
                'message': message.id}

    def _assert_status(self, resp, status, what):
        self.assertEqual(status, resp.status_int,
                         '%s: %s' % (what, resp.text))
        if status == 403:
            self.assertFault(resp, 403, 'forbidden',
                             contains="Policy doesn't allow")
        elif status == 404:
            self.assertFault(resp, 404, 'itemNotFound')

    def _run(self, rows, refs=None):
        for method, path, body, version, expected in rows:
            for caller, status in expected.items():
                # Every request gets resources of its own: deleting or
                # changing them must not decide the next request's answer.
                refs = self._fresh_share() if refs is None else refs
                resp = self.call(caller, method, matrix.fill(path, refs),
                                 matrix.fill(body, refs), version)
                self._assert_status(resp, status, '%s %s as %s' % (
                    method, path, caller))
                refs = None

    def test_share_and_everything_under_it(self):
        self._run(SHARE_MATRIX)

    def test_endpoints_of_no_project(self):
        for method, path, body, version, expected in GLOBAL_MATRIX:
            for caller, status in expected.items():
                if path.startswith('/services'):
                    # Each administrator call needs the backend as new.
                    db.service_update(self.context, self._service_id(),
                                      {'disabled': False, 'ensuring': False})
                resp = self.call(caller, method, path, body, version)
                if method == 'POST' and path == '/types' and status == 200:
                    db.share_type_delete(self.context,
                                         resp.json['share_type']['id'])
                self._assert_status(resp, status, '%s %s as %s' % (
                    method, path, caller))

    def _service_id(self):
        return db.service_get_by_args(self.context, 'localhost@alpha',
                                      'manila-share')['id']


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
