"""A real Keystone for the functional tests.

``Keystone`` starts the identity service from its own virtualenv (made by
``tools/bootstrap-keystone.sh``, named by ``MANILA_TEST_KEYSTONE_VENV``):
SQLite, fernet tokens, served on 127.0.0.1 by uWSGI, then
``keystone-manage bootstrap`` and the users the tests act as:

===============  ==========  =========================================
user             project     role (Keystone adds the implied ones)
===============  ==========  =========================================
admin            admin       admin (bootstrap)
demo-member      demo        member
demo-reader      demo        reader
alt-member       alt         member
manila           service     service (keystonemiddleware's own user)
===============  ==========  =========================================

``register_share_endpoint(url)`` puts the share API in the catalog as
service type ``sharev2`` (public interface, region RegionOne), so clients
find it with password auth alone.
"""

import configparser
import getpass
import grp
import os
import subprocess
import time

import fixtures
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session
import testtools.content

from manila.tests import backends as servers
from manila.tests.functional import harness

ENV = 'MANILA_TEST_KEYSTONE_VENV'
TIMES_ENV = 'MANILA_TEST_KEYSTONE_TIMES'
REGION = 'RegionOne'
PASSWORD = 'secret-%s'  # % user name
SERVICE_USER = 'manila'
SERVICE_PROJECT = 'service'

# (user, project, role): the personas besides the bootstrap admin.
PERSONAS = (
    ('demo-member', 'demo', 'member'),
    ('demo-reader', 'demo', 'reader'),
    ('alt-member', 'alt', 'member'),
    (SERVICE_USER, SERVICE_PROJECT, 'service'),
)


def require(test):
    """The Keystone virtualenv; skip ``test`` without one (fail in CI)."""
    venv = os.environ.get(ENV)
    reason = None
    if not venv:
        reason = ('%s is not set (tools/bootstrap-keystone.sh makes the '
                  'virtualenv; tools/run-tests.sh sets it)' % ENV)
    else:
        for tool in ('keystone-manage', 'uwsgi'):
            if not os.access(os.path.join(venv, 'bin', tool), os.X_OK):
                reason = '%s has no bin/%s' % (venv, tool)
    if reason:
        if servers._in_ci():
            test.fail('CI=true and %s' % reason)
        test.skipTest(reason)
    return venv


class Keystone(fixtures.Fixture):
    """A running Keystone; see the module docstring.

    ``startup_seconds`` is how long it took from an empty folder to the
    last persona being able to log in.
    """

    def __init__(self, venv, admin_password=None):
        super().__init__()
        self.venv = venv
        self.admin_password = admin_password or PASSWORD % 'admin'
        self.startup_seconds = None
        self.ids = {}

    # -- setup ---------------------------------------------------------

    def _setUp(self):
        started = time.monotonic()
        self.dir = self.useFixture(fixtures.TempDir()).path
        self.port = harness.free_port()
        self.url = 'http://127.0.0.1:%d/v3' % self.port
        self.config_file = os.path.join(self.dir, 'keystone.conf')
        self._write_config()
        self.addCleanup(self._attach_logs)
        self._manage('db_sync')
        owner = ['--keystone-user', getpass.getuser(),
                 '--keystone-group', grp.getgrgid(os.getgid()).gr_name]
        self._manage('fernet_setup', *owner)
        self._manage('credential_setup', *owner)
        self._manage('bootstrap', '--bootstrap-password',
                     self.admin_password,
                     '--bootstrap-region-id', REGION,
                     '--bootstrap-admin-url', self.url,
                     '--bootstrap-internal-url', self.url,
                     '--bootstrap-public-url', self.url)
        self._start_uwsgi()
        self.admin = self.session('admin', 'admin')
        harness.wait_for(self._answers, 60, what='Keystone at %s' % self.url)
        self._create_personas()
        for user, project, _role in PERSONAS:
            self.session(user, project).get_token()
        self.startup_seconds = time.monotonic() - started
        self._record_startup()

    def _record_startup(self):
        # tools/run-tests.sh names this file and prints it at the end.
        path = os.environ.get(TIMES_ENV)
        if path:
            with open(path, 'a') as f:
                f.write('keystone started in %.1f s (empty folder to every '
                        'persona logged in)\n' % self.startup_seconds)

    def _write_config(self):
        parser = configparser.ConfigParser(interpolation=None)
        keys = os.path.join(self.dir, 'fernet-keys')
        parser['DEFAULT'] = {
            'log_file': os.path.join(self.dir, 'keystone.log'),
            'debug': 'false'}
        parser['database'] = {
            'connection': 'sqlite:///%s' % os.path.join(self.dir,
                                                        'keystone.db')}
        parser['token'] = {'provider': 'fernet'}
        parser['fernet_tokens'] = {'key_repository': keys}
        parser['fernet_receipts'] = {'key_repository': keys}
        parser['credential'] = {
            'key_repository': os.path.join(self.dir, 'credential-keys')}
        # A test Keystone: in-memory cache, cheap password hashes.
        parser['cache'] = {'enabled': 'true',
                           'backend': 'dogpile.cache.memory'}
        parser['identity'] = {'password_hash_rounds': '4'}
        with open(self.config_file, 'w') as f:
            parser.write(f)

    def _manage(self, *args):
        with open(os.path.join(self.dir, 'keystone-manage.log'), 'a') as log:
            result = subprocess.run(
                [os.path.join(self.venv, 'bin', 'keystone-manage'),
                 '--config-file', self.config_file] + list(args),
                stdout=log, stderr=subprocess.STDOUT, timeout=300)
        if result.returncode != 0:
            raise AssertionError('keystone-manage %s failed; see %s'
                                 % (args[0], log.name))

    def _start_uwsgi(self):
        log_path = os.path.join(self.dir, 'uwsgi.log')
        log = open(log_path, 'ab')
        self.addCleanup(log.close)
        env = dict(os.environ,
                   OS_KEYSTONE_CONFIG_FILES=self.config_file)
        self.proc = subprocess.Popen(
            [os.path.join(self.venv, 'bin', 'uwsgi'),
             '--http-socket', '127.0.0.1:%d' % self.port,
             '--module', 'keystone.wsgi.api:application',
             '--home', self.venv,
             '--master', '--processes', '1', '--threads', '4',
             '--die-on-term', '--need-app', '--lazy-apps',
             # Without it uWSGI keeps connections it will not serve
             # again and clients see resets.
             '--add-header', 'Connection: close'],
            stdout=log, stderr=subprocess.STDOUT, env=env,
            start_new_session=True)
        self.addCleanup(self._stop)

    def _stop(self):
        # uWSGI's master (--die-on-term) stops its workers itself.
        harness.stop_process(self.proc, group=False)

    def _attach_logs(self):
        for name in ('uwsgi.log', 'keystone.log', 'keystone-manage.log'):
            path = os.path.join(self.dir, name)
            if os.path.exists(path):
                with open(path, 'rb') as f:
                    text = f.read()[-100000:].decode('utf-8', 'replace')
                self.addDetail('keystone-' + name,
                               testtools.content.text_content(text))

    def _answers(self):
        if self.proc.poll() is not None:
            raise AssertionError('uWSGI exited with %s' % self.proc.returncode)
        try:
            self.admin.get_token()
        except ks_exc.ClientException:
            return False
        return True

    # -- identity data ---------------------------------------------------

    def _post(self, path, key, body):
        resp = self.admin.post(self.url + path, json={key: body})
        return resp.json()[key]['id']

    def _find(self, path, key, name):
        resp = self.admin.get(self.url + path, params={'name': name})
        found = resp.json()[key]
        return found[0]['id'] if found else None

    def _create_personas(self):
        roles = {}
        for _user, project, role in PERSONAS:
            if project not in self.ids:
                self.ids[project] = (
                    self._find('/projects', 'projects', project)
                    or self._post('/projects', 'project', {
                        'name': project, 'domain_id': 'default'}))
            if role not in roles:
                roles[role] = self._find('/roles', 'roles', role)
                if roles[role] is None:
                    roles[role] = self._post('/roles', 'role',
                                             {'name': role})
        for user, project, role in PERSONAS:
            user_id = self._post('/users', 'user', {
                'name': user, 'domain_id': 'default',
                'password': PASSWORD % user})
            self.ids[user] = user_id
            self.admin.put(self.url + '/projects/%s/users/%s/roles/%s'
                           % (self.ids[project], user_id, roles[role]))

    def register_share_endpoint(self, url):
        """The share API in the catalog: type sharev2, public, RegionOne."""
        service_id = self._post('/services', 'service', {
            'type': 'sharev2', 'name': 'manilav2',
            'description': 'Shared File Systems'})
        self._post('/endpoints', 'endpoint', {
            'service_id': service_id, 'interface': 'public',
            'region_id': REGION, 'url': url})

    # -- for the tests ---------------------------------------------------

    def add_user(self, user, password, project, roles):
        """One more user with ``roles`` on ``project`` (made if needed)."""
        project_id = (self._find('/projects', 'projects', project)
                      or self._post('/projects', 'project', {
                          'name': project, 'domain_id': 'default'}))
        user_id = self._post('/users', 'user', {
            'name': user, 'domain_id': 'default', 'password': password})
        for role in roles:
            role_id = self._find('/roles', 'roles', role)
            self.admin.put(self.url + '/projects/%s/users/%s/roles/%s'
                           % (project_id, user_id, role_id))
        return user_id

    def session(self, user, project, password=None, system_scope=None):
        """A session of ``user`` in ``project`` (or with ``system_scope``,
        e.g. 'all', and project None)."""
        if password is None:
            password = (self.admin_password if user == 'admin'
                        else PASSWORD % user)
        scope = ({'system_scope': system_scope} if system_scope else
                 {'project_name': project, 'project_domain_id': 'default'})
        auth = v3.Password(
            auth_url=self.url, username=user, password=password,
            user_domain_id='default', **scope)
        return ks_session.Session(auth=auth)

    def token(self, user, project):
        return self.session(user, project).get_token()

    def authtoken_options(self):
        """[keystone_authtoken] for a service validating our tokens."""
        return {
            'www_authenticate_uri': self.url,
            'auth_url': self.url,
            'auth_type': 'password',
            'username': SERVICE_USER,
            'password': PASSWORD % SERVICE_USER,
            'project_name': SERVICE_PROJECT,
            'user_domain_name': 'Default',
            'project_domain_name': 'Default',
            # Otherwise keystonemiddleware looks for the internal endpoint.
            'interface': 'public',
            'region_name': REGION,
        }

    def cli_env(self, user, project):
        """Environment for the real ``openstack`` CLI, password auth."""
        env = {k: v for k, v in os.environ.items()
               if not k.startswith('OS_')}
        env.update({
            'OS_AUTH_URL': self.url,
            'OS_AUTH_TYPE': 'password',
            'OS_USERNAME': user,
            'OS_PASSWORD': PASSWORD % user,
            'OS_PROJECT_NAME': project,
            'OS_USER_DOMAIN_NAME': 'Default',
            'OS_PROJECT_DOMAIN_NAME': 'Default',
            'OS_REGION_NAME': REGION,
            'OS_INTERFACE': 'public',
            'OS_IDENTITY_API_VERSION': '3',
        })
        return env
