"""The Share Services panel in a real browser, through a real Keystone.

One stack for the whole class (see ``horizon.DashboardStack``): Keystone,
``manila-all`` with ``auth_strategy = keystone`` and Horizon with manila-ui
and our plugin under uWSGI; one headless Chromium (Debian's ``chromium``
and ``chromium-driver``) driven by Selenium. Backend ``beta`` (the dummy
driver) holds one share and sleeps while ensuring, so the Ensuring state
and the running ensure run are visible. On failure the test saves a
screenshot and the page source and names them in its details.

``MANILA_TEST_DASHBOARD_SCREENSHOTS`` names a folder where the ensure test
saves ``share-services-panel.png`` (beta ensuring; the picture of
doc/source/admin/images/) and ``ensure-runs.png`` (beta's run history).
"""

import os
import tempfile
import time

import testtools
import testtools.content

from manila.tests import backends as servers
from manila.tests.functional import harness
from manila.tests.functional import horizon
from manila.tests.functional import keystone

CHROMIUM = os.environ.get('MANILA_TEST_CHROMIUM', '/usr/bin/chromium')
CHROMEDRIVER = os.environ.get('MANILA_TEST_CHROMEDRIVER',
                              '/usr/bin/chromedriver')
ARTIFACTS = os.environ.get(
    'MANILA_TEST_ARTIFACTS',
    os.path.join(tempfile.gettempdir(), 'manila-browser-artifacts'))
ADMIN_PASSWORD = 'admin-secret'
DEMO_PASSWORD = 'demo-secret'
PANEL = '/admin/share_services/'
WAIT = 60
# Seconds backend beta's dummy driver sleeps in an ensure run.
ENSURE_DELAY = '8'


def require_browser(test):
    """Selenium and Chromium; skip without them (fail in CI)."""
    reason = None
    try:
        import selenium  # noqa: F401
    except ImportError:
        reason = 'selenium is not installed (test-requirements.txt)'
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            reason = ('%s is missing: apt-get install chromium '
                      'chromium-driver (tools/run-tests.sh does as root)'
                      % path)
    if reason:
        if servers._in_ci():
            test.fail('CI=true and %s' % reason)
        test.skipTest(reason)


def start_browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ('--headless=new', '--no-sandbox', '--disable-dev-shm-usage',
                '--window-size=1400,1000', '--disable-gpu'):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER),
                              options=options)
    driver.set_page_load_timeout(120)
    return driver


class _ClassDetails(object):
    """Collects the Deployment's logs for whichever test fails."""

    def __init__(self):
        self.details = {}

    def addDetail(self, name, content):
        self.details[name] = content


class DashboardBrowserTest(testtools.TestCase):

    stack = None
    browser = None
    _setup_error = None

    @classmethod
    def _start(cls, test):
        cls.details = _ClassDetails()
        stack = horizon.DashboardStack(
            keystone.require(test), horizon.require(test),
            admin_password=ADMIN_PASSWORD, demo_password=DEMO_PASSWORD,
            test=cls.details)
        started = time.monotonic()
        try:
            stack.setUp()
        except Exception:
            stack.cleanUp()
            raise
        cls.stack = stack
        cls.startup_seconds = time.monotonic() - started
        cls.beta_share = cls._share_on_beta()
        # A mutable option: the next ensure run reads it, no restart.
        stack.deployment.set_option('beta', 'dummy_ensure_delay',
                                    ENSURE_DELAY)
        cls.browser = start_browser()

    @classmethod
    def _share_on_beta(cls):
        dep = cls.stack.deployment
        resp = dep.request('POST', '/types', {'share_type': {
            'name': 'on-beta', 'extra_specs': {
                'driver_handles_share_servers': False,
                'share_backend_name': 'beta'}}})
        assert resp.status == 200, resp
        return dep.create_share('on-beta', share_type='on-beta')['id']

    @classmethod
    def tearDownClass(cls):
        if cls.browser is not None:
            cls.browser.quit()
            cls.browser = None
        if cls.stack is not None:
            cls.stack.cleanUp()
            cls.stack = None
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        require_browser(self)
        cls = type(self)
        if cls.stack is None:
            if cls._setup_error is not None:
                self.fail('the dashboard did not start for an earlier '
                          'test: %s' % cls._setup_error)
            try:
                cls._start(self)
            except Exception as exc:
                cls._setup_error = repr(exc)
                self._attach_stack_logs()
                raise
        self.addDetail('dashboard-startup-seconds',
                       testtools.content.text_content(
                           '%.1f' % cls.startup_seconds))
        self.dep = cls.stack.deployment
        self.browser.delete_all_cookies()
        self.addOnException(self._save_artifacts)
        self.addOnException(lambda exc_info: self._attach_stack_logs())

    # -- failure evidence ------------------------------------------------

    def _save_artifacts(self, exc_info):
        if self.browser is None:
            return
        os.makedirs(ARTIFACTS, exist_ok=True)
        stem = os.path.join(ARTIFACTS, '%s-%d' % (
            self.id().rsplit('.', 1)[-1], int(time.time())))
        saved = []
        try:
            if self.browser.save_screenshot(stem + '.png'):
                saved.append(stem + '.png')
            with open(stem + '.html', 'w', encoding='utf-8') as f:
                f.write(self.browser.page_source)
            saved.append(stem + '.html')
        except Exception as exc:  # the browser itself may be gone
            saved.append('could not save: %r' % exc)
        text = 'page %s\nsaved: %s' % (
            self.browser.current_url, ', '.join(saved))
        print('browser artifacts of %s: %s' % (self.id(), text))
        self.addDetail('browser-artifacts',
                       testtools.content.text_content(text))

    def _attach_stack_logs(self):
        cls = type(self)
        for name, content in getattr(cls, 'details',
                                     _ClassDetails()).details.items():
            self.addDetail(name, content)
        if cls.stack is not None:
            for path in cls.stack.horizon.log_paths():
                if os.path.exists(path):
                    with open(path, 'rb') as f:
                        text = f.read()[-100000:].decode('utf-8', 'replace')
                    self.addDetail('horizon-' + os.path.basename(path),
                                   testtools.content.text_content(text))
            for name in sorted(os.listdir(cls.stack.deployment.dir)):
                if name.endswith('.log'):
                    self.addDetail(name, testtools.content.text_content(
                        cls.stack.deployment.log_text(name[:-4])[-100000:]))

    # -- browser helpers -------------------------------------------------

    def _find(self, css):
        from selenium.webdriver.common.by import By
        return self.browser.find_element(By.CSS_SELECTOR, css)

    def _finds(self, css):
        from selenium.webdriver.common.by import By
        return self.browser.find_elements(By.CSS_SELECTOR, css)

    def _wait(self, predicate, what, timeout=WAIT):
        return harness.wait_for(predicate, timeout, interval=0.3, what=what)

    def _open(self, path):
        self.browser.get(self.stack.url + path)

    def _visible(self, css):
        return [e for e in self._finds(css) if e.is_displayed()]

    def login(self, user, password):
        self._open('/auth/login/')
        self._wait(lambda: self._visible('#loginBtn'), 'the login form')
        self._find('#id_username').send_keys(user)
        self._find('#id_password').send_keys(password)
        self._find('#loginBtn').click()
        self._wait(lambda: self._finds('.user-menu .user-name'),
                   '%s to be logged in' % user)

    def _service_id(self, host):
        return self.dep.service(host)['id']

    def _row(self, host):
        return self._find('#share_services__row__%s'
                          % self._service_id(host))

    def _cell(self, host, column):
        """The text of one cell; Horizon may swap the row meanwhile (its
        status refresh), so read again until the row holds still."""
        from selenium.common import exceptions as selenium_exc
        # The table's columns, in order (see ServicesTable).
        order = ['host', 'binary', 'zone', 'status', 'state', 'ensuring',
                 'updated_at', 'last_run', 'last_run_progress',
                 'last_run_error']

        def read():
            try:
                cells = self._row(host).find_elements(
                    'css selector', 'td:not(.multi_select_column)')
                # Never empty, so that wait_for takes it.
                return '[%s]' % cells[order.index(column)].text.strip()
            except (selenium_exc.StaleElementReferenceException,
                    selenium_exc.NoSuchElementException):
                return None
        return self._wait(read, 'the %s cell of %s' % (column, host))[1:-1]

    def _click_row_action(self, host, action):
        """Clicks a row's action, opening the row's action menu if the
        action is in it rather than the row's main button."""
        css = ('#share_services__row_%s__action_%s'
               % (self._service_id(host), action))
        if not self._visible(css):
            self._row(host).find_element(
                'css selector', '.actions_column .dropdown-toggle').click()
            self._wait(lambda: self._visible(css), 'the %s action' % action)
        self._find(css).click()

    def _confirm_modal(self):
        """Confirms Horizon's dialog; returns the text it showed."""
        css = '#modal_wrapper .modal .modal-footer .btn:not(.cancel)'
        self._wait(lambda: self._visible(css), 'the confirmation dialog')
        text = self._find('#modal_wrapper .modal .modal-body').text
        self._visible(css)[0].click()
        return text

    def _messages(self):
        return ' '.join(e.text for e in self._finds('.messages .alert'))

    # -- tests -----------------------------------------------------------

    def test_admin_ensures_a_backend_and_watches_it_finish(self):
        self.login('admin', ADMIN_PASSWORD)
        self._open(PANEL)
        self._wait(lambda: self._visible('#share_services'), 'the table')
        hosts = [c.text.strip() for c in self._finds(
            '#share_services tbody tr td:nth-child(2)')]
        for host in self.dep.backend_hosts:
            self.assertIn(host, hosts)
        beta = '%s@beta' % self.dep.host
        self.assertEqual('No', self._cell(beta, 'ensuring'))

        self._click_row_action(beta, 'ensure_shares')
        self.assertIn('re-checks every one of its shares',
                      self._confirm_modal())

        self._wait(lambda: beta in self._messages(),
                   'the success message naming %s' % beta)
        self.assertIn('Started ensuring the shares of backend',
                      self._messages())
        self.assertEqual('Yes', self._cell(beta, 'ensuring'))
        # The run was recorded with the claim: the row shows it running.
        self.assertEqual('Running', self._cell(beta, 'last_run'))
        run = self._newest_run(beta)
        self.assertEqual('running', run['status'])
        self._screenshot('share-services-panel.png')
        # No reload from here on: the mark disappears if the page does.
        self.browser.execute_script('window.__stillHere = true;')
        self._wait(lambda: self._cell(beta, 'ensuring') == 'No',
                   'the row of %s to show Ensuring: No by itself' % beta)
        self.assertTrue(
            self.browser.execute_script('return window.__stillHere;'))
        self.assertFalse(self.dep.service(beta)['ensuring'])
        # The same refresh brought the run's end: no reload either.
        self._wait(lambda: self._cell(beta, 'last_run') == 'Succeeded',
                   'the row of %s to show its run succeeded' % beta)
        ended = self._newest_run(beta)
        self.assertEqual((run['id'], 'succeeded'),
                         (ended['id'], ended['status']))
        self.assertGreaterEqual(ended['shares_total'], 1)
        progress = '{0:,} of {0:,} (100%)'.format(ended['shares_total'])
        self.assertEqual(progress, self._cell(beta, 'last_run_progress'))
        self.assertEqual('-', self._cell(beta, 'last_run_error'))
        self.assertTrue(
            self.browser.execute_script('return window.__stillHere;'))

        # The status links to the backend's run history, newest first.
        self._row(beta).find_element(
            'css selector', 'a[href$="/%s/runs/"]' % beta).click()
        row_css = '#ensure_runs__row__%s' % run['id']
        self._wait(lambda: self._finds(row_css),
                   'run %s in the history of %s' % (run['id'], beta))
        self.assertIn('Ensure Runs of %s' % beta, self._find('body').text)
        self._no_error_alert('the run history')
        first = self._finds('#ensure_runs tbody tr')[0]
        self.assertEqual('ensure_runs__row__%s' % run['id'],
                         first.get_attribute('id'))
        text = self._find(row_css).text
        for shown in ('Succeeded', 'API request', 'admin (project admin)',
                      progress):
            self.assertIn(shown, text)
        self._screenshot('ensure-runs.png')

    def test_admin_sees_why_a_run_failed(self):
        beta = '%s@beta' % self.dep.host
        self._wait(lambda: not self.dep.service(beta)['ensuring'],
                   '%s to be idle' % beta)
        self.dep.set_option('beta', 'dummy_ensure_fail', 'true')
        self.addCleanup(self.dep.set_option, 'beta', 'dummy_ensure_fail',
                        'false')
        self.login('admin', ADMIN_PASSWORD)
        self._open(PANEL)
        self._wait(lambda: self._visible('#share_services'), 'the table')
        self._click_row_action(beta, 'ensure_shares')
        self._confirm_modal()
        self._wait(lambda: beta in self._messages(),
                   'the success message naming %s' % beta)
        # The row refreshes itself until the run ends, failed.
        self._wait(lambda: self._cell(beta, 'last_run') == 'Failed',
                   'the row of %s to show its run failed' % beta)
        run = self._newest_run(beta)
        self.assertEqual('failed', run['status'])
        self.assertIn('dummy_ensure_fail is set', run['error'])
        self.assertIn('dummy_ensure_fail is set',
                      self._cell(beta, 'last_run_error'))
        self.assertEqual('No', self._cell(beta, 'ensuring'))

        self._open('%s%s/runs/' % (PANEL, beta))
        row_css = '#ensure_runs__row__%s' % run['id']
        self._wait(lambda: self._finds(row_css),
                   'run %s in the history of %s' % (run['id'], beta))
        text = self._find(row_css).text
        self.assertIn('Failed', text)
        self.assertIn('dummy_ensure_fail is set', text)

    def _newest_run(self, host):
        resp = self.dep.request(
            'GET', '/services/ensure-runs?host=%s&limit=1' % host)
        self.assertEqual(200, resp.status, resp)
        return resp.json['ensure_runs'][0]

    def _screenshot(self, name):
        folder = os.environ.get('MANILA_TEST_DASHBOARD_SCREENSHOTS')
        if folder:
            os.makedirs(folder, exist_ok=True)
            self.assertTrue(self.browser.save_screenshot(
                os.path.join(folder, name)))

    def test_admin_disables_and_enables_a_backend_with_a_reason(self):
        self.login('admin', ADMIN_PASSWORD)
        alpha = '%s@alpha' % self.dep.host
        self._open(PANEL)
        self._wait(lambda: self._visible('#share_services'), 'the table')
        self._click_row_action(alpha, 'disable')
        self._wait(lambda: self._visible('#id_reason'), 'the disable form')
        self._find('#id_reason').send_keys('disk replacement')
        self._find('#disable_share_service_form [type=submit]').click()
        self._wait(lambda: self._cell(alpha, 'status')
                   == 'Disabled (disk replacement)',
                   'the row of %s to show the reason' % alpha)
        service = self.dep.service(alpha)
        self.assertEqual('disabled', service['status'])
        self.assertEqual('disk replacement', service['disabled_reason'])
        self.assertEqual(
            [], self._finds('#share_services__row_%s__action_ensure_shares'
                            % self._service_id(alpha)))

        self._click_row_action(alpha, 'enable')
        self._wait(lambda: self._cell(alpha, 'status') == 'Enabled',
                   'the row of %s to be enabled' % alpha)
        self.assertEqual('enabled', self.dep.service(alpha)['status'])

    def _no_error_alert(self, page):
        errors = [e.text for e in self._finds('.messages .alert-danger')]
        self.assertEqual([], errors, 'error shown on %s' % page)

    def test_manila_ui_panels_work_against_the_api(self):
        """manila-ui's own panels (it sends microversion 2.87)."""
        from selenium.webdriver.support.ui import Select
        self.login('admin', ADMIN_PASSWORD)
        self._open('/project/shares/create/')
        self._wait(lambda: self._visible('#id_name'), 'the create form')
        self._find('#id_name').send_keys('from-the-dashboard')
        Select(self._find('#id_share_proto')).select_by_value('NFS')
        self._find('#id_size').clear()
        self._find('#id_size').send_keys('1')
        Select(self._find('#id_share_type')).select_by_visible_text('on-beta')
        self._find('#create_share [type=submit]').click()
        self._wait(lambda: 'from-the-dashboard' in self._find('body').text,
                   'the new share in the Shares list')
        self._no_error_alert('the Shares list')
        share = self._wait(lambda: [
            s for s in self.dep.request('GET', '/shares/detail').json[
                'shares'] if s['name'] == 'from-the-dashboard'
            and s['status'] == 'available'], 'the share to be available')[0]

        # manila-ui shows them on the share's Export Locations tab.
        self._open('/project/shares/%s/?tab=share_details__'
                   'export_locations_tab' % share['id'])
        paths = self.dep.export_paths(share['id'])
        self.assertTrue(paths)
        self._wait(lambda: paths[0] in self._find('body').text,
                   'the export location on the share\'s page')
        self._no_error_alert('the share\'s page')

        self._open('/admin/share_types/')
        self._wait(lambda: 'on-beta' in self._find('body').text,
                   'the share type in Share Types')
        self._no_error_alert('Share Types')

        nowhere = self.dep.request('POST', '/types', {'share_type': {
            'name': 'nowhere', 'extra_specs': {
                'driver_handles_share_servers': False,
                'share_backend_name': 'nowhere'}}})
        self.assertEqual(200, nowhere.status, nowhere)
        failed = self.dep.create_share('cannot-place', share_type='nowhere',
                                       wait=False)
        self.dep.wait_for_share_status(failed['id'], 'error')
        self._open('/admin/user_messages/')
        self._wait(lambda: failed['id'] in self._find('body').text,
                   'the message about share %s' % failed['id'])
        self._no_error_alert('User Messages')

    def test_demo_sees_no_panel_and_the_url_refuses(self):
        self.login('demo', DEMO_PASSWORD)
        self._open('/project/shares/')
        self._wait(lambda: self._finds('#sidebar'), 'the side bar')
        self.assertEqual([], self._finds('a[href="%s"]' % PANEL))
        self.assertNotIn('Share Services', self._find('#sidebar').text)
        self._open(PANEL)
        self._wait(lambda: 'not authorized' in self._find('body').text
                   .lower(), 'the refusal page')
        self.assertEqual([], self._finds('#share_services'))
