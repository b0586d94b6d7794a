"""The pipeline: noauth and keystone contexts, request ids, URL and
method errors, body-size limit, health check, unexpected errors."""

import io

import fixtures
from keystonemiddleware import auth_token  # noqa: F401  (its options)
from keystonemiddleware import fixture as ks_fixture
import webob

from manila.api import app as api_app
from manila.api.middleware import auth
from manila.tests.unit.api import fakes


class NoAuthTest(fakes.APITestCase):

    def setUp(self):
        super().setUp()
        self.seen = []
        real = auth._make_context

        def spy(*args, **kwargs):
            ctx = real(*args, **kwargs)
            self.seen.append(ctx)
            return ctx
        self.useFixture(fixtures.MonkeyPatch(
            'manila.api.middleware.auth._make_context', spy))

    def _context(self, **kwargs):
        self.request('GET', '/', **kwargs)
        return self.seen[-1]

    def test_user_project_token(self):
        ctx = self._context(token='alice:project-a')
        self.assertEqual(('alice', 'project-a'),
                         (ctx.user_id, ctx.project_id))

    def test_plain_token_is_user_and_project(self):
        # What the clients send with --os-auth-type none.
        ctx = self._context(token='notused')
        self.assertEqual(('notused', 'notused'),
                         (ctx.user_id, ctx.project_id))
        self.assertTrue(ctx.is_admin)

    def test_no_roles_header_is_admin(self):
        ctx = self._context(token='alice:project-a')
        self.assertTrue(ctx.is_admin)
        self.assertEqual(['admin', 'member', 'reader'], ctx.roles)

    def test_roles_header(self):
        ctx = self._context(token='alice:project-a',
                            roles='member, reader')
        self.assertFalse(ctx.is_admin)
        self.assertEqual(['member', 'reader'], ctx.roles)

    def test_implied_roles_as_keystone_expands_them(self):
        for header, roles in (('admin', ['admin', 'member', 'reader']),
                              ('member', ['member', 'reader']),
                              ('reader', ['reader']),
                              ('reader,member', ['reader', 'member']),
                              ('observer', ['observer']),
                              ('', [])):
            ctx = self._context(token='alice:project-a', roles=header)
            self.assertEqual(roles, ctx.roles, header)
            self.assertEqual(header == 'admin', ctx.is_admin, header)

    def test_admin_in_roles_header(self):
        ctx = self._context(token='alice:project-a', roles='member,admin')
        self.assertTrue(ctx.is_admin)

    def test_no_token_is_admin(self):
        ctx = self._context(token=None)
        self.assertEqual(('admin', 'admin'), (ctx.user_id, ctx.project_id))

    def test_context_has_request_id(self):
        resp = self.request('GET', '/')
        self.assertEqual(resp.headers['x-openstack-request-id'],
                         self.seen[-1].request_id)

    def test_member_gets_403_on_admin_api(self):
        resp = self.member('GET', '/services')
        self.assertFault(resp, 403, 'forbidden', contains='service:index')


class PipelineTest(fakes.APITestCase):

    def test_request_id_headers_on_success_and_fault(self):
        for path in ('/', '/nowhere'):
            resp = self.request('GET', path)
            rid = resp.headers['x-openstack-request-id']
            self.assertTrue(rid.startswith('req-'))
            self.assertEqual(rid, resp.headers['x-compute-request-id'])

    def test_request_id_on_root_document(self):
        resp = self.request('GET', '/', prefix='')
        self.assertIn('x-openstack-request-id', resp.headers)

    def test_unknown_url_is_json_404(self):
        self.assertFault(self.request('GET', '/no-such-thing'), 404,
                         'itemNotFound', contains='/v2/no-such-thing')
        self.assertFault(self.request('GET', '/v3/shares', prefix=''), 404)

    def test_wrong_method_is_405_with_allow(self):
        resp = self.request('DELETE', '/shares')
        self.assertFault(resp, 405, 'badMethod')
        self.assertEqual('GET, POST', resp.headers['Allow'])
        resp = self.request('POST', '/', prefix='')
        self.assertFault(resp, 405)

    def test_project_in_url(self):
        self.assertEqual(200, self.request(
            'GET', '/project-a/shares', token='alice:project-a').status_int)
        self.assertFault(self.request(
            'GET', '/project-b/shares', token='alice:project-a'), 400,
            contains='project-b')

    def test_body_over_limit_is_json_413(self):
        self.flags(max_request_body_size=1000, group='oslo_middleware')
        body = {'share': {'name': 'x' * 2000, 'size': 1,
                          'share_proto': 'NFS'}}
        resp = self.request('POST', '/shares', body)
        self.assertFault(resp, 413, 'overLimit',
                         contains='max_request_body_size')

    def test_chunked_body_over_limit_is_json_413(self):
        self.flags(max_request_body_size=1000, group='oslo_middleware')
        req = webob.Request.blank('/v2/shares', method='POST')
        req.headers['X-Auth-Token'] = 'admin'
        req.content_type = 'application/json'
        req.body_file = io.BytesIO(b'{"share": "' + b'x' * 5000 + b'"}')
        req.content_length = None
        req.headers['Transfer-Encoding'] = 'chunked'
        req.environ['wsgi.input_terminated'] = True
        resp = req.get_response(self.app)
        self.assertFault(resp, 413, 'overLimit')

    def test_healthcheck(self):
        resp = self.request('GET', '/healthcheck', prefix='', version=None,
                            token=None)
        self.assertEqual(200, resp.status_int)

    def test_unexpected_error_is_generic_500(self):
        self.useFixture(fixtures.MockPatch(
            'manila.db.api.service_get_all',
            side_effect=RuntimeError('secret detail')))
        resp = self.request('GET', '/services')
        message = self.assertFault(resp, 500, 'computeFault')
        self.assertNotIn('secret', message)
        self.assertIn('request id', message)

    def test_non_json_content_type_is_415(self):
        resp = self.request('POST', '/shares', raw=b'a=b', headers={
            'Content-Type': 'application/x-www-form-urlencoded'})
        self.assertFault(resp, 415, 'badMediaType')

    def test_cors_preflight(self):
        self.flags(allowed_origin=['http://dashboard.example'],
                   group='cors')
        self.app = api_app.load_app(self.conf)
        resp = self.request('OPTIONS', '/shares', version=None, headers={
            'Origin': 'http://dashboard.example',
            'Access-Control-Request-Method': 'GET'})
        self.assertEqual('http://dashboard.example',
                         resp.headers.get('Access-Control-Allow-Origin'))

    def test_forwarded_proto_in_links(self):
        self.flags(enable_proxy_headers_parsing=True,
                   group='oslo_middleware')
        resp = self.request('GET', '/', headers={
            'X-Forwarded-Proto': 'https'})
        self.assertTrue(resp.json['versions'][0]['links'][1][
            'href'].startswith('https://'))


class KeystonePipelineTest(fakes.APITestCase):
    AUTH_STRATEGY = 'keystone'

    def setUp(self):
        super().setUp()
        # auth_token names the identity endpoint in its 401 answer.
        self.flags(www_authenticate_uri='http://keystone.example/v3',
                   group='keystone_authtoken')
        self.app = api_app.load_app(self.conf)

    def test_no_token_is_401_from_auth_token(self):
        resp = self.request('GET', '/shares', token=None)
        self.assertEqual(401, resp.status_int)

    def test_valid_tokens_reach_the_api_with_their_roles(self):
        tokens = self.useFixture(ks_fixture.AuthTokenFixture())
        # Keystone puts the implied roles in the token; the fixture does
        # not, so the tokens list them.
        tokens.add_token_data(token_id='member-token', user_id='alice',
                              project_id='project-a',
                              role_list=['member', 'reader'])
        tokens.add_token_data(token_id='reader-token', user_id='rita',
                              project_id='project-a', role_list=['reader'])
        tokens.add_token_data(token_id='admin-token', user_id='root',
                              project_id='ops',
                              role_list=['admin', 'member', 'reader'])
        self.app = api_app.load_app(self.conf)
        self.make_share('mine', project='project-a')
        resp = self.request('GET', '/shares', token='member-token')
        self.assertEqual(['mine'], [s['name'] for s in resp.json['shares']])
        self.assertFault(self.request('GET', '/services',
                                      token='member-token'), 403)
        self.assertEqual(200, self.request('GET', '/services',
                                           token='admin-token').status_int)
        self.assertEqual(401, self.request('GET', '/shares',
                                           token='forged').status_int)
        resp = self.request('GET', '/shares', token='reader-token')
        self.assertEqual(['mine'], [s['name'] for s in resp.json['shares']])
        self.assertFault(self.request('POST', '/shares', {'share': {
            'size': 1, 'share_proto': 'NFS'}}, token='reader-token'), 403,
            contains='share:create')

    def test_ensure_needs_a_valid_token_then_an_admin(self):
        tokens = self.useFixture(ks_fixture.AuthTokenFixture())
        tokens.add_token_data(token_id='member-token', user_id='alice',
                              project_id='project-a', role_list=['member'])
        self.app = api_app.load_app(self.conf)
        body = {'host': 'localhost@alpha'}
        for token in (None, 'forged'):
            self.assertEqual(401, self.request(
                'POST', '/services/ensure', body, version='2.86',
                token=token).status_int)
        self.assertFault(self.request('POST', '/services/ensure', body,
                                      version='2.86', token='member-token'),
                         403, contains='service:ensure_shares')

    def test_root_needs_no_token(self):
        resp = self.request('GET', '/', prefix='', token=None)
        self.assertEqual(300, resp.status_int)

    def test_keystone_context_reads_identity_headers(self):
        seen = []

        def inner(environ, start_response):
            seen.append(environ['manila.context'])
            start_response('204 No Content', [])
            return []
        app = auth.KeystoneContext(inner)
        req = webob.Request.blank('/')
        req.headers.update({'X-User-Id': 'u1', 'X-Project-Id': 'p1',
                            'X-Roles': 'member,reader',
                            'X-Auth-Token': 'tok'})
        req.get_response(app)
        ctx = seen[0]
        self.assertEqual(('u1', 'p1', ['member', 'reader'], False),
                         (ctx.user_id, ctx.project_id, ctx.roles,
                          ctx.is_admin))

    def test_keystone_context_without_identity_is_401(self):
        app = auth.KeystoneContext(None)
        resp = webob.Request.blank('/').get_response(app)
        self.assertFault(resp, 401, 'unauthorized')

    def test_keystone_context_system_scoped_token_is_403(self):
        app = auth.KeystoneContext(None)
        req = webob.Request.blank('/')
        req.headers.update({'X-User-Id': 'u1', 'X-Roles': 'admin',
                            'OpenStack-System-Scope': 'all'})
        resp = req.get_response(app)
        self.assertFault(resp, 403, 'forbidden',
                         contains='scoped to the system')

    def test_keystone_context_domain_scoped_token_is_403(self):
        app = auth.KeystoneContext(None)
        req = webob.Request.blank('/')
        req.headers.update({'X-User-Id': 'u1', 'X-Roles': 'admin',
                            'X-Domain-Id': 'default'})
        resp = req.get_response(app)
        self.assertFault(resp, 403, 'forbidden',
                         contains='scoped to a domain')
