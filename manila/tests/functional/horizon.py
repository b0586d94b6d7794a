"""The dashboard as operators see it: Horizon, manila-ui and our plugin.

``Horizon`` serves the Horizon virtualenv made by
``tools/bootstrap-horizon.sh`` (named by ``MANILA_TEST_HORIZON_VENV``)
with uWSGI on 127.0.0.1: DEBUG off, the static files collected into the
virtualenv and served by uWSGI, sessions in files, logging in through the
Keystone at ``keystone_url``. ``tools/run-dashboard.sh`` and the browser
tests both start it.
"""

import os
import subprocess
import urllib.error
import urllib.request

import fixtures
import testtools.content

from manila.tests import backends as servers
from manila.tests.functional import harness

ENV = 'MANILA_TEST_HORIZON_VENV'


def require(test):
    """The Horizon virtualenv; skip ``test`` without one (fail in CI)."""
    venv = os.environ.get(ENV)
    reason = None
    if not venv:
        reason = ('%s is not set (tools/bootstrap-horizon.sh makes the '
                  'virtualenv; tools/run-tests.sh sets it)' % ENV)
    elif not os.access(os.path.join(venv, 'bin', 'uwsgi'), os.X_OK):
        reason = '%s has no bin/uwsgi' % venv
    elif not os.path.isdir(os.path.join(venv, 'static')):
        reason = '%s has no collected static files' % venv
    if reason:
        if servers._in_ci():
            test.fail('CI=true and %s' % reason)
        test.skipTest(reason)
    return venv


class Horizon(fixtures.Fixture):
    """A running dashboard; ``url`` is its address (no trailing slash).

    ``state_dir``: where the secret key, sessions and logs go (default a
    temporary folder); ``port``: default a free one.
    """

    def __init__(self, venv, keystone_url, port=None, state_dir=None,
                 processes=2):
        super().__init__()
        self.venv = venv
        self.keystone_url = keystone_url
        self.port = port
        self.state_dir = state_dir
        self.processes = processes

    def _setUp(self):
        self.dir = self.state_dir or self.useFixture(
            fixtures.TempDir()).path
        os.makedirs(self.dir, exist_ok=True)
        self.port = self.port or harness.free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        self.addCleanup(self._attach_logs)
        self._start_uwsgi()
        harness.wait_for(self._answers, 120,
                         what='the dashboard at %s' % self.url)

    def _start_uwsgi(self):
        log = open(os.path.join(self.dir, 'uwsgi.log'), 'ab')
        self.addCleanup(log.close)
        env = dict(os.environ,
                   MANILA_DASHBOARD_KEYSTONE_URL=self.keystone_url,
                   MANILA_DASHBOARD_STATE=self.dir,
                   MANILA_DASHBOARD_STATIC=os.path.join(self.venv, 'static'),
                   DJANGO_SETTINGS_MODULE='openstack_dashboard.settings')
        self.proc = subprocess.Popen(
            [os.path.join(self.venv, 'bin', 'uwsgi'),
             '--http-socket', '127.0.0.1:%d' % self.port,
             '--module', 'openstack_dashboard.wsgi:application',
             '--home', self.venv,
             '--static-map', '/static=%s' % os.path.join(self.venv,
                                                         'static'),
             '--master', '--processes', str(self.processes),
             '--threads', '4', '--die-on-term', '--need-app',
             '--lazy-apps', '--add-header', 'Connection: close'],
            stdout=log, stderr=subprocess.STDOUT, env=env,
            start_new_session=True)
        self.addCleanup(self._stop)

    def _stop(self):
        # uWSGI's master (--die-on-term) stops its workers itself.
        harness.stop_process(self.proc, group=False)

    def _answers(self):
        if self.proc.poll() is not None:
            raise AssertionError('uWSGI exited with %s; see %s' % (
                self.proc.returncode, os.path.join(self.dir, 'uwsgi.log')))
        try:
            with urllib.request.urlopen(self.url + '/auth/login/',
                                        timeout=30) as resp:
                return resp.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def log_paths(self):
        return [os.path.join(self.dir, name)
                for name in ('uwsgi.log', 'horizon.log')]

    def _attach_logs(self):
        for path in self.log_paths():
            if os.path.exists(path):
                with open(path, 'rb') as f:
                    text = f.read()[-100000:].decode('utf-8', 'replace')
                self.addDetail('horizon-' + os.path.basename(path),
                               testtools.content.text_content(text))


class _NoTest(object):
    """Stands for the test a Deployment reports to, outside any test."""

    def __init__(self):
        self.details = {}

    def addDetail(self, name, content):
        self.details[name] = content

    def skipTest(self, reason):
        raise RuntimeError(reason)

    def fail(self, reason):
        raise RuntimeError(reason)


class DashboardStack(fixtures.Fixture):
    """Keystone, ``manila-all`` behind it and the dashboard in front.

    Users: ``admin`` (admin on project admin) and ``demo`` (member and
    reader on project demo) with the given passwords, besides the
    Keystone fixture's personas. ``backends``/``options`` go to the
    Deployment; ``test`` receives its logs (default: kept in
    ``self.details`` of a stand-in).
    """

    def __init__(self, keystone_venv, horizon_venv, admin_password='admin',
                 demo_password='demo', port=None, state_dir=None,
                 backends=None, options=None, test=None):
        super().__init__()
        self.keystone_venv = keystone_venv
        self.horizon_venv = horizon_venv
        self.admin_password = admin_password
        self.demo_password = demo_password
        self.port = port
        self.state_dir = state_dir
        self.backends = backends
        self.options = options or {}
        self.test = test or _NoTest()

    def _setUp(self):
        from manila.tests.functional import keystone
        self.keystone = self.useFixture(keystone.Keystone(
            self.keystone_venv, admin_password=self.admin_password))
        self.keystone.add_user('demo', self.demo_password, 'demo',
                               ['member', 'reader'])
        options = dict(self.options, auth_strategy='keystone')
        self.deployment = self.useFixture(harness.Deployment(
            self.test, backends=self.backends, options=options,
            sections={'keystone_authtoken':
                      self.keystone.authtoken_options()},
            admin_token=lambda: self.keystone.token('admin', 'admin')))
        self.keystone.register_share_endpoint(
            self.deployment.endpoint + '/v2')
        self.horizon = self.useFixture(Horizon(
            self.horizon_venv, self.keystone.url, port=self.port,
            state_dir=self.state_dir))
        self.url = self.horizon.url
