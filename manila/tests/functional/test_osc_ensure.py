"""``openstack share service ensure`` against the running service.

The real ``openstack`` CLI (python-openstackclient with python-manilaclient
and this project's plugin) talks to manila-all in noauth mode; openstacksdk
users get the same through manila.osc.sdk.
"""

import openstack
import testtools

from manila.osc import sdk
from manila.tests.functional import harness

ALPHA = 'localhost@alpha'
BETA = 'localhost@beta'


def _pinned_type(deployment, backend):
    resp = deployment.request('POST', '/types', {'share_type': {
        'name': backend,
        'extra_specs': {'driver_handles_share_servers': False,
                        'share_backend_name': backend}}})
    if resp.status != 200:
        raise AssertionError('share type create failed: %r' % resp)
    return backend


class OscEnsureTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.deployment = self.useFixture(harness.Deployment(self))

    def _ensure(self, *args):
        return self.deployment.openstack(
            'share', 'service', 'ensure', *args, check=False)

    def _assert_refused(self, result, status, text):
        self.assertEqual(1, result.returncode, result)
        # The server's message on one line, nothing else, no traceback.
        lines = [line for line in result.stderr.splitlines() if line]
        self.assertEqual(1, len(lines), result.stderr)
        self.assertIn(text, lines[0])
        self.assertIn('(HTTP %d)' % status, lines[0])

    def test_wait_applies_edited_export_ips_without_restart(self):
        d = self.deployment
        share = d.create_share('web', share_type=_pinned_type(d, 'alpha'))
        before = d.export_paths(share['id'])
        self.assertEqual(1, len(before))
        self.assertTrue(before[0].startswith('192.0.2.10:'), before)
        pid = d.processes['manila-all'].pid

        d.set_option('alpha', 'share_export_ips', '192.0.2.99')
        result = self._ensure(ALPHA, '--wait', '--poll-interval', '0.5')

        self.assertEqual(0, result.returncode, result)
        self.assertIn('Ensuring shares on localhost@alpha was requested',
                      result.stdout)
        self.assertRegex(result.stdout,
                         r'Shares on localhost@alpha are ensured \(run '
                         r'\d+\): 1 checked, 1 updated, 0 skipped, 0 in '
                         r'error\.')
        self.assertEqual([before[0].replace('192.0.2.10:', '192.0.2.99:')],
                         d.export_paths(share['id']))
        self.assertEqual('available', d.share(share['id'])['status'])
        # Same process: nothing was restarted.
        self.assertEqual(pid, d.processes['manila-all'].pid)
        self.assertIsNone(d.processes['manila-all'].poll())

    def test_unknown_host_is_one_line_and_exit_1(self):
        result = self._ensure('nohost@nowhere')

        self._assert_refused(result, 404,
                             "No manila-share service runs on host "
                             "'nohost@nowhere'")

    def test_disabled_service_is_refused(self):
        self.deployment.openstack('share', 'service', 'set', '--disable',
                                  BETA, 'manila-share')

        result = self._ensure(BETA)

        self._assert_refused(result, 409, 'is disabled')

    def test_running_ensure_conflicts_and_wait_times_out(self):
        d = self.deployment
        d.create_share('slow', share_type=_pinned_type(d, 'beta'))
        # One share, one batch: the run sleeps this long in the driver
        # (long enough for a second CLI start on a loaded machine).
        d.set_option('beta', 'dummy_ensure_delay', '45')

        # The run starts, and outlives the wait: exit 1, run goes on.
        timed_out = self._ensure(BETA, '--wait', '--timeout', '1',
                                 '--poll-interval', '0.5')
        self.assertEqual(1, timed_out.returncode, timed_out)
        self.assertIn('Ensuring shares on localhost@beta was requested',
                      timed_out.stdout)
        self.assertRegex(timed_out.stdout, r'\.\.\. \d+( of \d+)? shares')
        self.assertIn('was still running after 1s', timed_out.stderr)
        self.assertIn('openstack share service ensure run show',
                      timed_out.stderr)
        self.assertTrue(d.service(BETA)['ensuring'])

        self._assert_refused(self._ensure(BETA), 409,
                             'already being ensured')

        # The run in progress keeps the delay it started with; once it
        # ended, the backend takes requests again.
        harness.wait_for(lambda: d.service(BETA)['ensuring'] is False,
                         timeout=120, what='the ensure run of beta to end')
        d.set_option('beta', 'dummy_ensure_delay', '0')
        again = self._ensure(BETA, '--wait', '--poll-interval', '0.5')
        self.assertEqual(0, again.returncode, again)

    def test_manilaclient_command_still_reaches_manilaclient(self):
        d = self.deployment
        share = d.create_share('mc', share_type=_pinned_type(d, 'beta'))
        d.set_option('beta', 'share_export_ips', '198.51.100.55')

        result = d.openstack('share', 'service', 'ensure', 'shares', BETA,
                             check=False)

        self.assertEqual(0, result.returncode, result)
        # manilaclient's command prints nothing; ours always confirms.
        self.assertEqual('', result.stdout.strip())
        # ... and the request reached the backend all the same.
        harness.wait_for(
            lambda: d.export_paths(share['id']) == [
                '198.51.100.55:/dummy/share-%s' % share['id']],
            timeout=60, what='the export location to move')


class SdkEnsureTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.deployment = self.useFixture(harness.Deployment(self))
        endpoint = self.deployment.endpoint + '/v2'
        self.conn = openstack.connection.Connection(
            auth_type='none', auth={'endpoint': endpoint},
            shared_file_system_endpoint_override=endpoint)

    def test_ensure_and_wait(self):
        d = self.deployment
        share = d.create_share('sdk', share_type=_pinned_type(d, 'beta'))
        d.set_option('beta', 'share_export_ips', '198.51.100.77')

        run_id = sdk.ensure_shares(self.conn, BETA)
        run = sdk.wait_for_ensure(self.conn, BETA, timeout=120,
                                  interval=0.5, run_id=run_id)

        self.assertEqual((run_id, 'succeeded', 1),
                         (run['id'], run['status'], run['shares_done']))
        self.assertFalse(self.deployment.service(BETA)['ensuring'])
        self.assertEqual(
            ['198.51.100.77:/dummy/share-%s' % share['id']],
            d.export_paths(share['id']))

    def test_openstacksdk_own_ensure_shares_service(self):
        # The SDK's own call, unchanged, with the microversion the API
        # needs set in the connection's configuration.
        d = self.deployment
        endpoint = d.endpoint + '/v2'
        conn = openstack.connection.Connection(
            auth_type='none', auth={'endpoint': endpoint},
            shared_file_system_endpoint_override=endpoint,
            shared_file_system_api_version='2.86')
        share = d.create_share('sdk-own', share_type=_pinned_type(d, 'beta'))
        d.set_option('beta', 'share_export_ips', '198.51.100.78')

        conn.shared_file_system.ensure_shares_service(BETA)
        # No run id from the SDK's own call: the newest run of the host.
        run = sdk.wait_for_ensure(self.conn, BETA, timeout=120,
                                  interval=0.5)

        self.assertEqual(('succeeded', 'api'),
                         (run['status'], run['trigger']))
        self.assertEqual(
            ['198.51.100.78:/dummy/share-%s' % share['id']],
            d.export_paths(share['id']))

    def test_refusal_raises_with_the_server_message(self):
        error = self.assertRaises(openstack.exceptions.NotFoundException,
                                  sdk.ensure_shares, self.conn,
                                  'nohost@nowhere')

        self.assertIn("No manila-share service runs on host "
                      "'nohost@nowhere'", error.details)


class OscEnsureBrokerDownTest(testtools.TestCase):
    """manila-api and manila-share over RabbitMQ; the API loses the broker."""

    def test_unreachable_broker_is_one_line_and_nothing_claimed(self):
        d = self.useFixture(harness.Deployment(self, mode='split'))
        # Only manila-api restarts with a broker nobody listens on; the
        # backend keeps its working connection and stays up.
        d.set_option('DEFAULT', 'transport_url',
                     'rabbit://guest:guest@127.0.0.1:%d/'
                     % harness.free_port())
        d.stop('manila-api')
        d.start('manila-api')
        d.wait_for_api()

        result = d.openstack('share', 'service', 'ensure', ALPHA,
                             check=False, timeout=180)

        self.assertEqual(1, result.returncode, result)
        lines = [line for line in result.stderr.splitlines() if line]
        self.assertEqual(1, len(lines), result.stderr)
        self.assertIn('message broker could not be reached', lines[0])
        self.assertIn('(HTTP 503)', lines[0])
        self.assertFalse(d.service(ALPHA)['ensuring'])
