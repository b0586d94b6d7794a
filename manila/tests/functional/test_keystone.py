"""The API behind a real Keystone: tokens, secure RBAC, the catalog.

The tests of this module share one Keystone (see keystone.py): starting one
takes about 20 s, and no test changes its users or roles. Each test starts
its own ``manila-all`` with ``auth_strategy = keystone`` and puts that in
the catalog; every request carries a real token.
"""

import itertools
import os
import subprocess

import fixtures
import testtools
import testtools.content
import testtools.content_type
from testtools.testcase import gather_details

from manila.tests.functional import harness
from manila.tests.functional import keystone
from manila.tests import matrix

WAIT = 60

# The callers of the matrix's columns: (column, user, project); 'none'
# sends no token.
PERSONAS = (
    ('admin', 'admin', 'admin'),
    ('member', 'demo-member', 'demo'),
    ('reader', 'demo-reader', 'demo'),
    ('other', 'alt-member', 'alt'),
    ('none', None, None),
)

# Attached to each test: what Keystone logged while it ran.
KEYSTONE_LOGS = ('uwsgi.log', 'keystone.log')


class SharedKeystone:
    """The module's one Keystone: started by the first test that needs it,
    stopped by tearDownModule.

    If it cannot start, the test that tried fails with the reason and
    Keystone's details, and every later test fails at once naming it;
    likewise if it stops while the module runs.
    """

    def __init__(self):
        self.fixture = None
        self.failure = None

    def get(self, test):
        venv = keystone.require(test)
        if self.failure is not None:
            test.fail('Keystone did not start for an earlier test of this '
                      'module: %s' % self.failure)
        if self.fixture is None:
            fixture = keystone.Keystone(venv)
            try:
                fixture.setUp()
            except fixtures.MultipleExceptions as exc:
                # The start-up error first, then the fixture's details.
                error = exc.args[0][1]
                self.failure = '%s: %s' % (type(error).__name__, error)
                for _type, value, _tb in exc.args[1:]:
                    if isinstance(value, fixtures.SetupError):
                        gather_details(value.args[0], test.getDetails())
                raise error from None
            self.fixture = fixture
        if self.fixture.proc.poll() is not None:
            test.fail('Keystone (uWSGI) exited with %s during an earlier '
                      'test of this module' % self.fixture.proc.returncode)
        return self.fixture

    def stop(self):
        fixture, self.fixture = self.fixture, None
        if fixture is not None:
            fixture.cleanUp()


SHARED_KEYSTONE = SharedKeystone()


def tearDownModule():
    SHARED_KEYSTONE.stop()


class KeystoneTestBase(testtools.TestCase):

    # The share endpoint in the catalog, after the API's address.
    catalog_path = '/v2'

    def setUp(self):
        super().setUp()
        self.keystone = SHARED_KEYSTONE.get(self)
        self.addDetail('keystone-startup-seconds', testtools.content
                       .text_content('%.1f' % self.keystone.startup_seconds))
        self._attach_keystone_logs_at_end()
        # Fetched per test, so no test relies on another's tokens.
        self._tokens = {}
        self.dep = self.useFixture(harness.Deployment(
            self, options={'auth_strategy': 'keystone'},
            sections={'keystone_authtoken':
                      self.keystone.authtoken_options()},
            admin_token=lambda: self.token('admin')))
        # The catalog names this test's API only: an earlier test's
        # endpoint would point clients at a stopped server.
        self._remove_share_services()
        self.addCleanup(self._remove_share_services)
        self.keystone.register_share_endpoint(
            self.dep.endpoint + self.catalog_path)

    def _remove_share_services(self):
        """Every sharev2 service; Keystone drops their endpoints too."""
        url = self.keystone.url + '/services'
        found = self.keystone.admin.get(url, params={'type': 'sharev2'})
        for service in found.json()['services']:
            self.keystone.admin.delete(url + '/' + service['id'])

    def _attach_keystone_logs_at_end(self):
        paths = [os.path.join(self.keystone.dir, name)
                 for name in KEYSTONE_LOGS]
        starts = [os.path.getsize(path) if os.path.exists(path) else 0
                  for path in paths]

        def attach():
            for name, path, start in zip(KEYSTONE_LOGS, paths, starts):
                if os.path.exists(path):
                    with open(path, 'rb') as f:
                        f.seek(start)
                        text = f.read()[-100000:].decode('utf-8', 'replace')
                    self.addDetail('keystone-' + name,
                                   testtools.content.text_content(text))
        self.addCleanup(attach)

    def token(self, column):
        """A token of the persona of that column (cached); None: none."""
        for name, user, project in PERSONAS:
            if name == column and user is None:
                return None
            if name == column:
                if column not in self._tokens:
                    self._tokens[column] = self.keystone.token(user, project)
                return self._tokens[column]
        raise KeyError(column)

    def call(self, column, method, path, body=None, version=None, **kw):
        if version is None:
            version = '2.93'
        return self.dep.request(method, path, body, version=version,
                                token=self.token(column), **kw)


class RBACMatrixTest(KeystoneTestBase):

    def setUp(self):
        super().setUp()
        self.counter = itertools.count(1)
        self.refs = self._demo_resources()

    # -- the demo project's resources ------------------------------------

    def _ok(self, resp, *statuses):
        self.assertIn(resp.status, statuses or (200, 202), resp)
        return resp.json

    def _member_share(self, name):
        share = self.dep.create_share(name, token=self.token('member'))
        return share['id']

    def _member_rule(self, share_id, cidr):
        rule = self._ok(self.call('member', 'POST',
                                  '/shares/%s/action' % share_id,
                                  {'allow_access': {'access_type': 'ip',
                                                    'access_to': cidr}}))
        rule_id = rule['access']['id']
        harness.wait_for(
            lambda: self.call('member', 'GET', '/share-access-rules/%s'
                              % rule_id).json['access']['state']
            == 'active', WAIT, what='rule %s to be active' % rule_id)
        return rule_id

    def _member_message(self):
        """A message of the demo project: a share no backend can take."""
        resp = self.call('member', 'POST', '/shares', {'share': {
            'name': 'nowhere', 'size': 1, 'share_proto': 'NFS',
            'share_type': self.nowhere_type}})
        share_id = self._ok(resp)['share']['id']

        def message():
            found = self.call('member', 'GET', '/messages?resource_id=%s'
                              % share_id).json['messages']
            return found[0]['id'] if found else None
        return harness.wait_for(message, WAIT,
                                what='a message about share %s' % share_id)

    def _type(self, name, **specs):
        specs.setdefault('driver_handles_share_servers', False)
        resp = self.call('admin', 'POST', '/types', {'share_type': {
            'name': name, 'extra_specs': specs}})
        return self._ok(resp)['share_type']['id']

    def _demo_resources(self):
        self.nowhere_type = self._type('nowhere',
                                       share_backend_name='nowhere')
        share = self._member_share('demo')
        self._ok(self.call('member', 'POST', '/shares/%s/metadata' % share,
                           {'metadata': {'keep': 'me'}}))
        exports = self._ok(self.call(
            'member', 'GET', '/shares/%s/export_locations' % share))
        default = self._ok(self.call('admin', 'GET', '/types/default'))
        public = self._ok(self.call('admin', 'POST', '/shares', {'share': {
            'name': 'public', 'size': 1, 'share_proto': 'NFS',
            'is_public': True}}))['share']['id']
        self.dep.wait_for_share_status(public, 'available')
        (instance,) = self._ok(self.call(
            'admin', 'GET', '/shares/%s/instances' % share))[
                'share_instances']
        return {
            'instance': instance['id'],
            'public': public,
            'share': share,
            'rule': self._member_rule(share, '10.0.0.0/24'),
            'export': exports['export_locations'][0]['id'],
            'type': default['share_type']['id'],
            'message': self._member_message(),
        }

    def _cell_refs(self, method, path, body):
        """The references of one cell, with its fresh resources made."""
        n = next(self.counter)
        refs = dict(self.refs, n=n)
        text = path + repr(body)
        if '{fresh_share}' in text:
            refs['fresh_share'] = self._member_share('fresh-%d' % n)
        if '{fresh_rule}' in text:
            refs['fresh_rule'] = self._member_rule(self.refs['share'],
                                                   '10.2.%d.0/24' % n)
        if '{fresh_key}' in text:
            refs['fresh_key'] = 'gone-%d' % n
            self._ok(self.call('member', 'POST', '/shares/%s/metadata'
                               % self.refs['share'],
                               {'metadata': {'gone-%d' % n: 'v'}}))
        if '{fresh_type}' in text:
            refs['fresh_type'] = self._type('fresh-%d' % n)
        if '{fresh_message}' in text:
            refs['fresh_message'] = self._member_message()
        return refs

    # -- the test ----------------------------------------------------------

    def test_matrix(self):
        """Every row of manila.tests.matrix, for every column."""
        results = []
        for row in matrix.ROWS:
            method, path, body, version, _expected = row
            got = {}
            for column in matrix.COLUMNS:
                refs = self._cell_refs(method, path, body)
                resp = self.call(column, method, matrix.fill(path, refs),
                                 matrix.fill(body, refs), version)
                got[column] = resp.status
                if resp.status == 401:
                    self.assertIn('WWW-Authenticate', resp.headers, resp)
            results.append((row, got))
            if path.startswith('/services/ensure'):
                # The next request would find the backend busy (409).
                harness.wait_for(
                    lambda: not self.dep.service('localhost@beta')[
                        'ensuring'], WAIT, what='the ensure run to end')
        table = matrix.render(results)
        self.addDetail('rbac-matrix', testtools.content.text_content(table))
        self.assertEqual([], matrix.mismatches(results),
                         'status table:\n' + table)

    def test_other_project_sees_nothing_admin_sees_all(self):
        share = self.refs['share']

        def listed(column, query=''):
            resp = self.call(column, 'GET', '/shares' + query)
            self.assertEqual(200, resp.status, resp)
            return {s['id'] for s in resp.json['shares']}
        self.assertNotIn(share, listed('other'))
        self.assertNotIn(share, listed('other', '?all_tenants=1'))
        self.assertIn(share, listed('member'))
        self.assertIn(share, listed('reader'))
        # The admin's own project holds nothing; all_tenants shows all.
        self.assertNotIn(share, listed('admin'))
        self.assertIn(share, listed('admin', '?all_tenants=1'))
        messages = self.call('other', 'GET', '/messages').json['messages']
        self.assertEqual([], messages)

    def test_refusals_say_why(self):
        share = self.refs['share']
        resp = self.call('reader', 'DELETE', '/shares/%s' % share)
        self.assertEqual(403, resp.status, resp)
        self.assertIn('share:delete', resp.text)
        resp = self.call('other', 'DELETE', '/shares/%s' % share)
        self.assertEqual(404, resp.status, resp)
        self.assertIn(share, resp.text)
        self.assertEqual('available', self.dep.share(share)['status'])
        resp = self.call('member', 'POST', '/services/ensure',
                         {'host': 'localhost@beta'})
        self.assertEqual(403, resp.status, resp)
        self.assertIn('service:ensure_shares', resp.text)


class TokenTest(KeystoneTestBase):

    def test_missing_or_bad_token_is_401_with_keystone_uri(self):
        for token in (None, 'not-a-token'):
            resp = self.dep.request('GET', '/shares', token=token)
            self.assertEqual(401, resp.status, resp)
            self.assertEqual('Keystone uri="%s"' % self.keystone.url,
                             resp.headers.get('WWW-Authenticate'))
        # The health check stays open for load balancers.
        self.assertEqual(200, self.dep.request(
            'GET', '/healthcheck', token=None, version=None).status)

    def test_system_scoped_token_is_403(self):
        # keystone-manage bootstrap makes admin an administrator of the
        # system too; every rule of the API is project-scoped.
        token = self.keystone.session('admin', None,
                                      system_scope='all').get_token()
        for method, path, body in (
                ('GET', '/services', None),
                ('POST', '/services/ensure', {'host': 'localhost@beta'})):
            resp = self.dep.request(method, path, body, token=token)
            self.assertEqual(403, resp.status, resp)
            self.assertIn('scoped to the system', resp.text)
        self.assertFalse(self.dep.service('localhost@beta')['ensuring'])

    def test_context_comes_from_the_token(self):
        resp = self.call('member', 'POST', '/shares', {'share': {
            'name': 'mine', 'size': 1, 'share_proto': 'NFS'}})
        self.assertEqual(200, resp.status, resp)
        share = resp.json['share']
        user, project = (self.keystone.ids['demo-member'],
                         self.keystone.ids['demo'])
        self.assertEqual((project, user),
                         (share['project_id'], share['user_id']))
        # The request id the caller got names the same context in the log.
        request_id = resp.headers['x-openstack-request-id']
        self.assertTrue(request_id.startswith('req-'), request_id)
        # The server may write its access-log line after the client has
        # read the response: wait for it.
        lines = harness.wait_for(
            lambda: [line for line in self.dep.log_text('manila-all')
                     .splitlines() if request_id in line],
            timeout=30, what='a log line naming %s' % request_id)
        self.assertIn('%s %s' % (user, project), lines[0])


class CatalogCLITest(KeystoneTestBase):
    """The real ``openstack`` CLI, password auth, endpoint from the
    catalog (no endpoint override)."""

    def openstack(self, user, project, *args, check=True):
        cmd = [os.path.join(harness.BIN, 'openstack')] + list(args)
        result = subprocess.run(cmd, capture_output=True, text=True,
                                timeout=180,
                                env=self.keystone.cli_env(user, project))
        self.transcript.append('$ openstack %s   # as %s/%s\n%s%s[exit %d]'
                               % (' '.join(args), user, project,
                                  result.stdout, result.stderr,
                                  result.returncode))
        if check and result.returncode != 0:
            self.fail('openstack %s failed:\n%s'
                      % (' '.join(args), self.transcript[-1]))
        return result

    def test_cli_through_the_catalog(self):
        self.transcript = []
        self.addDetail('cli-transcript', testtools.content.Content(
            testtools.content_type.UTF8_TEXT,
            lambda: ['\n\n'.join(self.transcript).encode('utf-8')]))
        out = self.openstack('admin', 'admin', 'share', 'service', 'list',
                             '-c', 'Host', '-c', 'State', '-f', 'value')
        self.assertIn('localhost@beta up', out.stdout)
        self.openstack('admin', 'admin', 'share', 'create', 'NFS', '1',
                       '--name', 'cli-share', '--wait')
        out = self.openstack('admin', 'admin', 'share', 'show', 'cli-share',
                             '-c', 'status', '-f', 'value')
        self.assertEqual('available', out.stdout.strip())
        self.openstack('admin', 'admin', 'share', 'service', 'ensure',
                       'localhost@beta', '--wait')
        self.assertFalse(self.dep.service('localhost@beta')['ensuring'])
        out = self.openstack('demo-member', 'demo', 'share', 'service',
                             'ensure', 'localhost@beta', check=False)
        self.assertNotEqual(0, out.returncode)
        lines = [line for line in out.stderr.splitlines() if line.strip()]
        self.assertTrue(lines, out)
        self.assertIn('403', lines[-1])
        self.assertIn('service:ensure_shares', lines[-1])
        self.assertNotIn('Traceback', out.stderr)


class ProjectInCatalogURLTest(CatalogCLITest):
    """Older clouds register ``/v2/%(project_id)s``; that works too."""

    catalog_path = '/v2/%(project_id)s'

    def test_cli_through_the_catalog(self):
        self.transcript = []
        out = self.openstack('demo-member', 'demo', 'share', 'create',
                             'NFS', '1', '--name', 'mine', '--wait',
                             '-c', 'status', '-f', 'value')
        self.assertEqual('available', out.stdout.strip())
        out = self.openstack('demo-member', 'demo', 'share', 'list',
                             '-c', 'Name', '-f', 'value')
        self.assertEqual(['mine'], out.stdout.split())
        out = self.openstack('demo-member', 'demo', 'share', 'export',
                             'location', 'list', 'mine', '-c', 'Path',
                             '-f', 'value')
        self.assertTrue(out.stdout.strip(), out)
        out = self.openstack('demo-reader', 'demo', 'share', 'delete',
                             'mine', check=False)
        self.assertNotEqual(0, out.returncode)
        self.assertIn('share:delete', out.stderr)
