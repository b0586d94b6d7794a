"""Unit tests of ``openstack share service ensure run list/show``."""

import io
from unittest import mock

from manilaclient import api_versions
from manilaclient import exceptions as manila_exceptions
from osc_lib import exceptions
import testtools

from manila.osc.v2 import ensure_runs


def _run(**values):
    run = {'id': 7, 'host': 'localhost@alpha', 'trigger': 'api',
           'status': 'running', 'shares_total': 100000,
           'shares_done': 12000, 'shares_ensured': 12000,
           'shares_updated': 3, 'shares_skipped': 0, 'shares_errored': 0,
           'error': None, 'started_at': '2026-11-29T10:00:00.000000',
           'finished_at': None, 'updated_at': None, 'user_id': 'admin',
           'project_id': 'admin', 'request_id': 'req-1'}
    run.update(values)
    return run


class EnsureRunCommandsTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.app = mock.Mock()
        self.app.stdout = io.StringIO()
        self.share = self.app.client_manager.share
        self.share.api_version = api_versions.APIVersion('2.86')

    def _call(self, cls, name, *argv):
        cmd = cls(self.app, None)
        parser = cmd.get_parser(name)
        return cmd.take_action(parser.parse_args(list(argv)))

    def test_list_with_filters(self):
        self.share.client.get.return_value = (mock.Mock(), {
            'ensure_runs': [
                _run(),
                _run(id=6, status='failed', shares_total=10,
                     shares_done=4, error='the backend\nis gone')]})

        columns, rows = self._call(
            ensure_runs.ListEnsureRun, 'run list', '--host',
            'localhost@alpha', '--status', 'failed')

        self.share.client.get.assert_called_once_with(
            '/services/ensure-runs?host=localhost%40alpha&status=failed')
        self.assertEqual(['ID', 'Host', 'Trigger', 'Status', 'Progress',
                          'Started At', 'Finished At', 'Error'],
                         list(columns))
        rows = list(rows)
        self.assertEqual((7, 'running', '12,000 of 100,000 shares (12%)'),
                         (rows[0][0], rows[0][3], rows[0][4]))
        self.assertEqual(('failed', '4 of 10 shares (40%)',
                          'the backend is gone'),
                         (rows[1][3], rows[1][4], rows[1][7]))

    def test_list_without_filters_and_unknown_status(self):
        self.share.client.get.return_value = (mock.Mock(),
                                              {'ensure_runs': []})
        _columns, rows = self._call(ensure_runs.ListEnsureRun, 'run list')
        self.assertEqual([], list(rows))
        self.share.client.get.assert_called_once_with(
            '/services/ensure-runs')
        self.assertRaises(SystemExit, self._call, ensure_runs.ListEnsureRun,
                          'run list', '--status', 'done')

    def test_show(self):
        self.share.client.get.return_value = (mock.Mock(), {
            'ensure_run': _run(shares_total=None, shares_done=0)})

        fields, values = self._call(ensure_runs.ShowEnsureRun, 'run show',
                                    '7')

        self.share.client.get.assert_called_once_with(
            '/services/ensure-runs/7')
        shown = dict(zip(fields, values))
        self.assertEqual(('running', '0 shares', 'localhost@alpha'),
                         (shown['status'], shown['progress'],
                          shown['host']))

    def test_show_error_is_one_line(self):
        self.share.client.get.side_effect = manila_exceptions.NotFound(
            message='Ensure run 9 could not\nbe found.', http_status=404)

        error = self.assertRaises(exceptions.CommandError, self._call,
                                  ensure_runs.ShowEnsureRun, 'run show', '9')

        self.assertEqual('Could not show ensure run 9: Ensure run 9 could '
                         'not be found. (HTTP 404)', str(error))

    def test_old_api_version_is_refused(self):
        self.share.api_version = api_versions.APIVersion('2.85')
        error = self.assertRaises(exceptions.CommandError, self._call,
                                  ensure_runs.ListEnsureRun, 'run list')
        self.assertIn('Listing ensure runs needs API version 2.86',
                      str(error))
        self.share.client.get.assert_not_called()
