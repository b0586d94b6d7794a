"""Unit tests of the openstacksdk ensure helpers."""

import json
from unittest import mock

import fixtures
from openstack import exceptions
import requests
import testtools

from manila.osc import sdk

HOST = 'localhost@alpha'


def _response(status, body=None):
    response = requests.Response()
    response.status_code = status
    response.url = 'http://127.0.0.1:8786/v2/services'
    if body is not None:
        response._content = json.dumps(body).encode()
        response.headers['Content-Type'] = 'application/json'
    else:
        response._content = b''
    return response


def _services(*services):
    return _response(200, {'services': list(services)})


class SdkHelpersTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conn = mock.Mock()
        self.proxy = self.conn.shared_file_system
        self.now = 0.0
        time_mock = self.useFixture(
            fixtures.MockPatch('manila.osc.waiter.time')).mock
        time_mock.monotonic.side_effect = lambda: self.now
        time_mock.sleep.side_effect = self._sleep

    def _sleep(self, seconds):
        self.now += seconds

    def test_ensure_shares_pins_the_microversion(self):
        self.proxy.post.return_value = _response(202)

        sdk.ensure_shares(self.conn, HOST)

        self.proxy.post.assert_called_once_with(
            '/services/ensure', json={'host': HOST}, microversion='2.86')

    def test_ensure_shares_raises_with_the_server_message(self):
        self.proxy.post.return_value = _response(409, {
            'conflictingRequest': {
                'code': 409,
                'message': 'Shares on localhost@alpha are already being '
                           'ensured.'}})

        error = self.assertRaises(exceptions.ConflictException,
                                  sdk.ensure_shares, self.conn, HOST)

        self.assertIn('already being ensured', error.details)
        self.assertIn('Could not ensure shares on localhost@alpha',
                      str(error))

    def test_wait_for_ensure_without_run_records_watches_the_flag(self):
        self.proxy.get.side_effect = [
            _response(200, {'ensure_runs': []}),
            _services({'host': HOST, 'binary': 'manila-share',
                       'state': 'up', 'ensuring': True}),
            _services({'host': HOST, 'binary': 'manila-share',
                       'state': 'up', 'ensuring': False}),
        ]
        polls = []

        service = sdk.wait_for_ensure(
            self.conn, HOST, timeout=30,
            on_poll=lambda svc, elapsed: polls.append(elapsed))

        self.assertFalse(service['ensuring'])
        self.assertEqual([0.0], polls)
        self.proxy.get.assert_called_with(
            '/services', params={'host': HOST, 'binary': 'manila-share'},
            microversion='2.86')

    def test_wait_for_ensure_times_out(self):
        self.proxy.get.side_effect = lambda *a, **kw: _services(
            {'host': HOST, 'binary': 'manila-share', 'state': 'up',
             'ensuring': True})

        self.assertRaises(sdk.EnsureTimeout, sdk.wait_for_ensure,
                          self.conn, HOST, timeout=5)

    def test_wait_for_ensure_reports_http_errors(self):
        self.proxy.get.return_value = _response(403, {
            'forbidden': {'code': 403, 'message': 'Policy says no.'}})

        error = self.assertRaises(exceptions.ForbiddenException,
                                  sdk.wait_for_ensure, self.conn, HOST, 5)

        self.assertEqual('Policy says no.', error.details)

    def test_get_and_list_ensure_runs(self):
        run = {'id': 3, 'host': HOST, 'status': 'failed', 'error': 'boom'}
        self.proxy.get.side_effect = [
            _response(200, {'ensure_run': run}),
            _response(200, {'ensure_runs': [run]}),
        ]

        self.assertEqual(run, sdk.get_ensure_run(self.conn, 3))
        self.assertEqual([run], sdk.list_ensure_runs(
            self.conn, host=HOST, status='failed'))

        self.assertEqual(
            [mock.call('/services/ensure-runs/3', microversion='2.86'),
             mock.call('/services/ensure-runs',
                       params={'host': HOST, 'status': 'failed'},
                       microversion='2.86')],
            self.proxy.get.call_args_list)

    def test_get_ensure_run_raises_with_the_server_message(self):
        self.proxy.get.return_value = _response(404, {
            'itemNotFound': {'code': 404,
                             'message': 'Ensure run 9 could not be found.'}})

        error = self.assertRaises(exceptions.NotFoundException,
                                  sdk.get_ensure_run, self.conn, 9)

        self.assertIn('Ensure run 9 could not be found.', error.details)

    def test_ensure_shares_returns_the_run_of_the_location(self):
        response = _response(202)
        response.headers['Location'] = (
            'http://127.0.0.1:8786/v2/services/ensure-runs/42')
        self.proxy.post.return_value = response

        self.assertEqual(42, sdk.ensure_shares(self.conn, HOST))

    def test_wait_for_ensure_follows_the_run_and_returns_it(self):
        run = {'id': 42, 'host': HOST, 'status': 'running',
               'shares_done': 0, 'shares_total': 4}
        self.proxy.get.side_effect = [
            _response(200, {'ensure_run': run}),
            _response(200, {'ensure_run': dict(run, shares_done=2)}),
            _response(200, {'ensure_run': dict(
                run, status='succeeded', shares_done=4)}),
        ]
        seen = []

        result = sdk.wait_for_ensure(
            self.conn, HOST, timeout=30, run_id=42,
            on_poll=lambda r, elapsed: seen.append(r['shares_done']))

        self.assertEqual(('succeeded', 4),
                         (result['status'], result['shares_done']))
        self.assertEqual([0, 2], seen)
        self.proxy.get.assert_called_with('/services/ensure-runs/42',
                                          microversion='2.86')

    def test_wait_for_ensure_raises_with_the_failed_run(self):
        failed = {'id': 43, 'host': HOST, 'status': 'failed',
                  'shares_done': 0, 'shares_total': 3,
                  'error': 'dummy_ensure_fail is set'}
        self.proxy.get.side_effect = [
            _response(200, {'ensure_runs': [failed]}),
            _response(200, {'ensure_run': failed}),
        ]

        error = self.assertRaises(sdk.EnsureRunFailed, sdk.wait_for_ensure,
                                  self.conn, HOST, 30)

        self.assertEqual(failed, error.run)
        self.assertIn('localhost@alpha failed (run 43', str(error))
        self.assertIn('dummy_ensure_fail is set', str(error))
