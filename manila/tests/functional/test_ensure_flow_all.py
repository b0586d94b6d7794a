"""Ensure shares end to end on ``manila-all`` (SQLite, in-process
messaging, notifications written to its log)."""

import testtools

from manila.tests.functional import ensure_support as support
from manila.tests.functional import harness


class TestEnsureFlowAllInOne(support.EnsureHelpers, testtools.TestCase):
    """manila-all: one process, SQLite, in-process messaging."""

    def deployment(self):
        dep = self.useFixture(harness.Deployment(
            self, mode='all', host=support.unique_host(),
            options={'ensure_shares_batch_size': '2'}))
        notifications = support.LogNotifications(dep)
        self.settle(dep, notifications, 'manila-all')
        return dep, notifications

    def test_live_config_change(self):
        self.check_live_config_change(*self.deployment())

    def test_racing_requests(self):
        dep, notifications = self.deployment()
        self.check_racing_requests(dep, notifications, [dep.endpoint])

    def test_forbidden_and_old_microversion_say_what_to_do(self):
        # The status alone does not tell a caller how to succeed.
        dep, _notifications = self.deployment()
        beta = dep.backend_hosts[1]
        forbidden = self.assert_refused(
            self.ensure(dep, beta, token='user:project', roles='member'),
            403, 'service:ensure_shares')
        self.assertIn('admin', forbidden)
        self.assert_refused(self.ensure(dep, beta, version='2.85'), 404,
                            '2.86')

    def test_bad_config_edits_fail_the_run_and_clear_the_flag(self):
        dep, notifications = self.deployment()
        beta = dep.backend_hosts[1]
        (share_id,) = self.create_shares(dep, 'beta', 1)
        before = self.rows(dep, [share_id])

        # A file that does not parse: the run fails before any share moved.
        with open(dep.config_file, 'a') as f:
            f.write('[beta\n')
        resp = self.ensure(dep, beta)
        self.assertEqual(202, resp.status, resp)
        error = self.wait_for_event(notifications, beta, support.EVENT_ERROR)
        self.wait_run_over(dep, beta)
        self.assertIn('Failed to parse', error['error'])
        self.assertEqual(before, self.rows(dep, [share_id]))

        # A value out of range, twice: each request is a failed run that
        # clears the flag, never a backend stuck 'ensuring'.
        dep.set_option('DEFAULT', 'ensure_shares_batch_size', '0')
        for attempt in (1, 2):
            notifications.forget()
            resp = self.ensure(dep, beta)
            self.assertEqual(202, resp.status, resp)
            # A failed run ends in well under a second.
            self.wait_run_over(dep, beta, timeout=20)
            error = self.wait_for_event(notifications, beta,
                                        support.EVENT_ERROR, timeout=20)
            self.assertIn('ensure_shares_batch_size', error['error'])
        self.assertEqual(before, self.rows(dep, [share_id]))

        # Fixed: the next run succeeds.
        dep.set_option('DEFAULT', 'ensure_shares_batch_size', '2')
        notifications.forget()
        resp = self.ensure(dep, beta)
        self.assertEqual(202, resp.status, resp)
        end = self.wait_for_event(notifications, beta, support.EVENT_END)
        self.assert_counts(end, beta, ensured=1, updated=0)
