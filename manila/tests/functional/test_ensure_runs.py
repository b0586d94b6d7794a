"""The record of each ensure run, over real processes.

``manila-api`` and ``manila-share`` run as separate processes over RabbitMQ
and PostgreSQL. What an operator relies on: the 202's Location header
leads to the run; ``openstack share service ensure --wait`` follows it with
its progress and exits 0 only when it succeeded; a failed run says why (in
the record, the CLI, a user message and its error notification); a run
whose process was killed shows ``interrupted`` once the backend is back.
"""

import os
import re
import signal
import urllib.parse

import testtools

from manila.tests.functional import ensure_support as support
from manila.tests.functional import harness


class TestEnsureRunsSplit(support.SplitDeployment, support.EnsureHelpers,
                          testtools.TestCase):

    def run_of(self, dep, location):
        """GET the URL a Location header names, as it is."""
        path = urllib.parse.urlsplit(location).path
        resp = dep.request('GET', path, version='2.86')
        self.assertEqual(200, resp.status, resp)
        return resp.json['ensure_run']

    def test_location_and_wait_follow_a_succeeding_run(self):
        dep, notifications = self.deployment()
        beta = dep.backend_hosts[1]
        self.create_shares(dep, 'beta', 6)

        # The 202 names the run; the run was recorded with the claim.
        resp = self.ensure(dep, beta)
        self.assertEqual(202, resp.status, resp)
        location = resp.headers['Location']
        self.assertRegex(location,
                         r'^http://127\.0\.0\.1:\d+/v2/services/'
                         r'ensure-runs/\d+$')
        run = self.run_of(dep, location)
        self.assertEqual((beta, 'api', 'admin'),
                         (run['host'], run['trigger'], run['project_id']))
        self.assertIn(run['status'], ('running', 'succeeded'))
        end = self.wait_for_event(notifications, beta, support.EVENT_END)
        self.wait_run_over(dep, beta)
        run = self.run_of(dep, location)
        self.assertEqual(('succeeded', 6, 6, None),
                         (run['status'], run['shares_total'],
                          run['shares_done'], run['error']))
        # The end notification names the run and carries its counts.
        self.assertEqual(run['id'], end['run_id'])
        for name in ('shares_ensured', 'shares_updated', 'shares_skipped',
                     'shares_errored'):
            self.assertEqual(end[name], run[name], name)
        notifications.forget()

        # --wait follows the next run batch by batch (three batches of 2,
        # 3 s each) and exits 0.
        dep.set_option('beta', 'dummy_ensure_delay', '3')
        result = dep.openstack('share', 'service', 'ensure', beta, '--wait',
                               '--poll-interval', '0.2', check=False)
        self.assertEqual(0, result.returncode, result)
        lines = result.stdout.splitlines()
        progress = [line for line in lines if line.startswith('... ')]
        self.assertIn('... 2 of 6 shares (33%)', progress, result.stdout)
        self.assertIn('... 4 of 6 shares (66%)', progress, result.stdout)
        done = re.match(r'^Shares on %s are ensured \(run (\d+)\): 6 '
                        r'checked, 0 updated, 0 skipped, 0 in error\.$'
                        % beta, lines[-1])
        self.assertIsNotNone(done, result.stdout)
        listed = dep.openstack('share', 'service', 'ensure', 'run', 'list',
                               '--host', beta, '--status', 'succeeded',
                               '-f', 'value', '-c', 'ID', '-c', 'Progress')
        self.assertEqual(
            ['%s 6 of 6 shares (100%%)' % i for i in (done.group(1),
                                                      run['id'])],
            listed.stdout.splitlines()[:2])

    def test_failed_run_and_killed_run(self):
        dep, notifications = self.deployment()
        beta = dep.backend_hosts[1]
        self.create_shares(dep, 'beta', 6)

        # A failing driver: --wait exits 1 with the run's error.
        dep.set_option('beta', 'dummy_ensure_fail', 'true')
        result = dep.openstack('share', 'service', 'ensure', beta, '--wait',
                               '--poll-interval', '0.2', check=False)
        self.assertEqual(1, result.returncode, result)
        errors = [line for line in result.stderr.splitlines() if line]
        self.assertEqual(1, len(errors), result.stderr)
        self.assertRegex(errors[0], r'^Ensuring shares on %s failed \(run '
                                    r'\d+, after .*\): .*dummy_ensure_fail '
                                    r'is set' % beta)
        error = self.wait_for_event(notifications, beta, support.EVENT_ERROR)
        resp = dep.request('GET', '/services/ensure-runs?host=%s&limit=1'
                           % beta)
        (run,) = resp.json['ensure_runs']
        self.assertEqual(('failed', run['id']), (run['status'],
                                                 error['run_id']))
        self.assertIn('dummy_ensure_fail is set', run['error'])
        # A user message for the administrators names host and error.
        resp = dep.request('GET', '/messages?resource_type=ENSURE_RUN')
        self.assertEqual(200, resp.status, resp)
        (message,) = resp.json['messages']
        self.assertEqual(str(run['id']), message['resource_id'])
        self.assertIn(beta, message['user_message'])
        self.assertIn('dummy_ensure_fail is set', message['user_message'])

        # Killed half way: the restarted backend marks it interrupted.
        dep.set_option('beta', 'dummy_ensure_fail', 'false')
        dep.set_option('beta', 'dummy_ensure_delay', '30')
        resp = self.ensure(dep, beta)
        self.assertEqual(202, resp.status, resp)
        location = resp.headers['Location']
        harness.wait_for(
            lambda: 'ensuring' in self.statuses(dep).values(), support.WAIT,
            what='shares of %s to be ensuring' % beta)
        old = dep.backend_pid(beta)
        os.kill(old, signal.SIGKILL)
        harness.wait_for(
            lambda: self.run_of(dep, location)['status'] != 'running',
            support.WAIT, what='the killed run to be marked')
        run = self.run_of(dep, location)
        self.assertEqual('interrupted', run['status'])
        self.assertIn('stopped while the run was going on', run['error'])
        self.assertNotEqual(old, dep.backend_pid(beta))
        # The flag is cleared right after the run is marked.
        self.wait_run_over(dep, beta)
        resp = dep.request('GET', '/services/ensure-runs?status=interrupted'
                           '&host=%s' % beta)
        self.assertEqual([run['id']],
                         [r['id'] for r in resp.json['ensure_runs']])
