"""Unit tests of ``openstack share service ensure``."""

import io
from unittest import mock

import fixtures
from manilaclient import api_versions
from manilaclient import exceptions as manila_exceptions
from osc_lib.command import commandmanager
from osc_lib import exceptions
import testtools

from manila.osc.v2 import ensure_runs
from manila.osc.v2 import services

HOST = 'localhost@alpha'


def _service(ensuring, state='up', host=HOST):
    return {'id': 1, 'binary': 'manila-share', 'host': host, 'zone': 'nova',
            'status': 'enabled', 'state': state, 'ensuring': ensuring}


class EnsureShareServiceTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.app = mock.Mock()
        self.app.stdout = io.StringIO()
        self.share = self.app.client_manager.share
        self.share.api_version = api_versions.APIVersion('2.86')
        # No Location header: a server that names no run.
        self.share.client.post.return_value = (
            mock.Mock(status_code=202, headers={}), None)
        self.cmd = services.EnsureShareService(self.app, None)
        # Waiting must not really sleep; the clock advances one poll
        # interval per sleep instead.
        self.now = 0.0
        time_mock = self.useFixture(
            fixtures.MockPatch('manila.osc.waiter.time')).mock
        time_mock.monotonic.side_effect = lambda: self.now
        time_mock.sleep.side_effect = self._sleep

    def _sleep(self, seconds):
        self.now += seconds

    def _run(self, *argv):
        parser = self.cmd.get_parser('openstack share service ensure')
        return self.cmd.run(parser.parse_args(list(argv)))

    def _services_answer(self, *states):
        self.share.client.get.side_effect = [
            (mock.Mock(status_code=200), {'services': [s]}) for s in states]

    def test_ensure_posts_the_host_and_confirms(self):
        self.assertEqual(0, self._run(HOST))

        self.share.client.post.assert_called_once_with(
            '/services/ensure', body={'host': HOST})
        out = self.app.stdout.getvalue()
        self.assertIn('Ensuring shares on localhost@alpha was requested', out)
        self.assertIn('openstack share service list --host localhost@alpha',
                      out)
        self.share.client.get.assert_not_called()

    def test_api_version_below_2_86_is_refused_before_any_request(self):
        self.share.api_version = api_versions.APIVersion('2.85')

        error = self.assertRaises(exceptions.CommandError, self._run, HOST)

        self.assertIn('2.86', str(error))
        self.assertIn('2.85', str(error))
        self.share.client.post.assert_not_called()

    def _assert_api_error_is_one_line(self, error_class, status, message):
        self.share.client.post.side_effect = error_class(
            message=message, http_status=status)

        error = self.assertRaises(exceptions.CommandError, self._run, HOST)

        text = str(error)
        self.assertEqual(
            'Could not ensure shares on localhost@alpha: %s (HTTP %d)'
            % (' '.join(message.split()), status), text)
        self.assertNotIn('\n', text)

    def test_forbidden(self):
        self._assert_api_error_is_one_line(
            manila_exceptions.Forbidden, 403,
            "Policy doesn't allow service:ensure_shares to be performed.")

    def test_unknown_host(self):
        self._assert_api_error_is_one_line(
            manila_exceptions.NotFound, 404,
            "No manila-share service runs on host 'localhost@alpha'.")

    def test_already_running(self):
        self._assert_api_error_is_one_line(
            manila_exceptions.Conflict, 409,
            'Shares on localhost@alpha are already being ensured.')

    def test_broker_unavailable(self):
        self._assert_api_error_is_one_line(
            manila_exceptions.ServiceUnavailable, 503,
            'The message broker could not be reached.')

    def test_multi_line_server_message_is_folded_into_one_line(self):
        self._assert_api_error_is_one_line(
            manila_exceptions.BadRequest, 400,
            'Invalid input received:\n  the body must be {"host": ...}')

    def test_wait_polls_until_ensuring_is_false(self):
        self._services_answer(_service(True), _service(True),
                              _service(False))

        self.assertEqual(0, self._run('--wait', '--poll-interval', '3', HOST))

        self.assertEqual(3, self.share.client.get.call_count)
        url = self.share.client.get.call_args[0][0]
        self.assertTrue(url.startswith('/services?'), url)
        self.assertIn('host=localhost%40alpha', url)
        self.assertIn('binary=manila-share', url)
        out = self.app.stdout.getvalue().splitlines()
        self.assertEqual(
            ['Ensuring shares on localhost@alpha was requested; the backend '
             're-checks them now.',
             '... still ensuring shares on localhost@alpha (0s)',
             '... still ensuring shares on localhost@alpha (3s)',
             'Shares on localhost@alpha are ensured. Service state: up, '
             'status: enabled, ensuring: false.'],
            out)

    def test_wait_prints_one_progress_line_per_second(self):
        self._services_answer(*([_service(True)] * 5 + [_service(False)]))

        self.assertEqual(
            0, self._run('--wait', '--poll-interval', '0.5', HOST))

        progress = [line for line in self.app.stdout.getvalue().splitlines()
                    if line.startswith('...')]
        self.assertEqual(
            ['... still ensuring shares on localhost@alpha (0s)',
             '... still ensuring shares on localhost@alpha (1s)',
             '... still ensuring shares on localhost@alpha (2s)'],
            progress)

    def test_wait_ignores_other_services_in_the_answer(self):
        self.share.client.get.side_effect = [
            (None, {'services': [_service(True, host='localhost@beta'),
                                 _service(False)]})]

        self.assertEqual(0, self._run('--wait', HOST))

    def test_wait_times_out_with_non_zero_exit(self):
        self.share.client.get.side_effect = lambda url: (
            None, {'services': [_service(True)]})

        error = self.assertRaises(
            exceptions.CommandError, self._run,
            '--wait', '--timeout', '10', '--poll-interval', '4', HOST)

        self.assertIn('still being ensured after 10s', str(error))
        self.assertIn('openstack share service list --host localhost@alpha',
                      str(error))
        # Polls at 0, 4, 8 and a last one at 10 (the sleep is cut short).
        self.assertEqual(4, self.share.client.get.call_count)

    def test_wait_stops_when_the_service_goes_down(self):
        self._services_answer(_service(True), _service(True, state='down'))

        error = self.assertRaises(exceptions.CommandError, self._run,
                                  '--wait', HOST)

        self.assertIn('went down', str(error))

    def test_wait_without_ensuring_field_explains(self):
        service = _service(False)
        del service['ensuring']
        self._services_answer(service)

        error = self.assertRaises(exceptions.CommandError, self._run,
                                  '--wait', HOST)

        self.assertIn("no 'ensuring' field", str(error))

    def test_wait_service_vanished(self):
        self.share.client.get.side_effect = [(None, {'services': []})]

        error = self.assertRaises(exceptions.CommandError, self._run,
                                  '--wait', HOST)

        self.assertIn("No manila-share service on host 'localhost@alpha'",
                      str(error))

    def test_wait_reports_api_error_while_polling(self):
        self.share.client.get.side_effect = manila_exceptions.Forbidden(
            message='Policy does not allow it.', http_status=403)

        error = self.assertRaises(exceptions.CommandError, self._run,
                                  '--wait', HOST)

        self.assertEqual('Could not read the service on localhost@alpha: '
                         'Policy does not allow it. (HTTP 403)', str(error))

    def test_timeout_must_be_positive(self):
        parser = self.cmd.get_parser('openstack share service ensure')
        with mock.patch('sys.stderr', io.StringIO()) as stderr:
            self.assertRaises(SystemExit, parser.parse_args,
                              ['--wait', '--timeout', '0', HOST])
        self.assertIn('not a whole number of seconds above 0',
                      stderr.getvalue())


def _run_state(status='running', done=0, total=100000, **values):
    run = {'id': 42, 'host': HOST, 'status': status, 'shares_done': done,
           'shares_total': total, 'shares_ensured': done,
           'shares_updated': 0, 'shares_skipped': 0, 'shares_errored': 0,
           'error': None}
    run.update(values)
    return run


class EnsureFollowsItsRunTest(testtools.TestCase):
    """With a Location header, --wait follows the run it names."""

    def setUp(self):
        super().setUp()
        self.app = mock.Mock()
        self.app.stdout = io.StringIO()
        self.share = self.app.client_manager.share
        self.share.api_version = api_versions.APIVersion('2.86')
        self.share.client.post.return_value = (mock.Mock(
            status_code=202, headers={
                'Location': 'http://api:8786/v2/services/ensure-runs/42'}),
            None)
        self.cmd = services.EnsureShareService(self.app, None)
        self.now = 0.0
        time_mock = self.useFixture(
            fixtures.MockPatch('manila.osc.waiter.time')).mock
        time_mock.monotonic.side_effect = lambda: self.now
        time_mock.sleep.side_effect = self._sleep

    def _sleep(self, seconds):
        self.now += seconds

    def _run(self, *argv):
        parser = self.cmd.get_parser('openstack share service ensure')
        return self.cmd.run(parser.parse_args(list(argv)))

    def _runs_answer(self, *runs):
        self.share.client.get.side_effect = [
            (mock.Mock(), {'ensure_run': r}) for r in runs]

    def test_without_wait_names_the_run(self):
        self.assertEqual(0, self._run(HOST))
        self.assertIn("openstack share service ensure run show 42",
                      self.app.stdout.getvalue())
        self.share.client.get.assert_not_called()

    def test_wait_shows_progress_and_exits_0_on_success(self):
        self._runs_answer(
            _run_state(total=None), _run_state(done=12000),
            _run_state(done=12000), _run_state(done=64000),
            _run_state('succeeded', done=100000, shares_updated=99998,
                       shares_skipped=2))

        self.assertEqual(0, self._run('--wait', '--poll-interval', '1',
                                      HOST))

        self.share.client.get.assert_called_with('/services/ensure-runs/42')
        self.assertEqual(
            ['Ensuring shares on localhost@alpha was requested; the backend '
             're-checks them now.',
             '... 0 shares',
             '... 12,000 of 100,000 shares (12%)',
             '... 64,000 of 100,000 shares (64%)',
             'Shares on localhost@alpha are ensured (run 42): 100,000 '
             'checked, 99,998 updated, 2 skipped, 0 in error.'],
            self.app.stdout.getvalue().splitlines())

    def test_failed_run_prints_its_error_on_one_line(self):
        self._runs_answer(
            _run_state(done=1000),
            _run_state('failed', done=1000,
                       error='Dummy driver: ensure_shares fails\n(test)'))

        error = self.assertRaises(exceptions.CommandError, self._run,
                                  '--wait', HOST)

        self.assertEqual(
            'Ensuring shares on localhost@alpha failed (run 42, after 1,000 '
            'of 100,000 shares (1%)): Dummy driver: ensure_shares fails '
            '(test)', str(error))

    def test_interrupted_run_is_a_failure(self):
        self._runs_answer(_run_state('interrupted', error='killed'))
        error = self.assertRaises(exceptions.CommandError, self._run,
                                  '--wait', HOST)
        self.assertIn('localhost@alpha interrupted (run 42', str(error))

    def test_timeout_names_the_run(self):
        self.share.client.get.side_effect = lambda url: (
            mock.Mock(), {'ensure_run': _run_state(done=5)})
        error = self.assertRaises(exceptions.CommandError, self._run,
                                  '--wait', '--timeout', '4', HOST)
        self.assertIn('openstack share service ensure run show 42',
                      str(error))


class CommandResolutionTest(testtools.TestCase):
    """Ours and python-manilaclient's ensure commands both stay reachable."""

    def setUp(self):
        super().setUp()
        self.manager = commandmanager.CommandManager('openstack.cli')
        self.manager.add_command_group('openstack.share.v2')

    def test_share_service_ensure_host_is_ours(self):
        factory, name, rest = self.manager.find_command(
            ['share', 'service', 'ensure', '--wait', HOST])
        self.assertIs(services.EnsureShareService, factory)
        self.assertEqual(['--wait', HOST], rest)

    def test_share_service_ensure_shares_host_is_manilaclients(self):
        factory, name, rest = self.manager.find_command(
            ['share', 'service', 'ensure', 'shares', HOST])
        self.assertIsNot(services.EnsureShareService, factory)
        self.assertEqual('share service ensure shares', name)
        self.assertEqual([HOST], rest)

    def test_double_dash_reaches_ours_for_a_host_named_like_shares(self):
        # 'ensure sh' alone would be taken as an abbreviation of
        # manilaclient's 'ensure shares'; the documented way out is '--'.
        factory, name, rest = self.manager.find_command(
            ['share', 'service', 'ensure', '--', 'sh'])
        self.assertIs(services.EnsureShareService, factory)
        parser = factory(mock.Mock(), None).get_parser('ensure')
        self.assertEqual('sh', parser.parse_args(rest).host)

    def test_run_list_and_show_are_ours(self):
        factory, name, rest = self.manager.find_command(
            ['share', 'service', 'ensure', 'run', 'list', '--host', HOST])
        self.assertIs(ensure_runs.ListEnsureRun, factory)
        self.assertEqual(['--host', HOST], rest)
        factory, name, rest = self.manager.find_command(
            ['share', 'service', 'ensure', 'run', 'show', '7'])
        self.assertIs(ensure_runs.ShowEnsureRun, factory)
