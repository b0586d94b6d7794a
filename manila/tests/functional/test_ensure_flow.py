"""Ensure shares end to end: what an operator sees, over real processes.

``manila-api`` and ``manila-share`` (alpha: local driver, beta: dummy
driver) run as separate processes over RabbitMQ and PostgreSQL; the
notifications are consumed from RabbitMQ as a billing or monitoring system
would. test_ensure_flow_all.py runs the main flow on ``manila-all``.
"""

import datetime
import os
import signal

import sqlalchemy as sa
import testtools

from manila.tests.functional import ensure_support as support
from manila.tests.functional import harness


class TestEnsureFlowSplit(support.SplitDeployment, support.EnsureHelpers,
                          testtools.TestCase):
    """manila-api + manila-share over RabbitMQ and PostgreSQL."""

    def test_live_config_change(self):
        dep, notifications = self.deployment()
        self.check_live_config_change(dep, notifications)

    def test_racing_requests_on_two_api_processes(self):
        dep, notifications = self.deployment()
        second = dep.add_api()
        self.check_racing_requests(dep, notifications, [dep.endpoint, second])

    # -- c: a failing driver, a killed process ---------------------------

    def test_failed_run_and_killed_run_leave_nothing_ensuring(self):
        dep, notifications = self.deployment()
        beta = dep.backend_hosts[1]
        beta_ids = self.create_shares(dep, 'beta', 6)

        # The driver raises: the run stops, everything is put back.
        dep.set_option('beta', 'dummy_ensure_fail', 'true')
        resp = self.ensure(dep, beta)
        self.assertEqual(202, resp.status, resp)
        error = self.wait_for_event(notifications, beta, support.EVENT_ERROR)
        self.wait_run_over(dep, beta)
        self.assertIn('dummy_ensure_fail is set', error['error'])
        self.assertEqual(beta, error['host'])
        self.assertEqual([support.EVENT_START, support.EVENT_ERROR],
                         [e for e, _p in notifications.events(beta)])
        statuses = self.statuses(dep)
        self.assertEqual({'available'}, {statuses[i] for i in beta_ids})
        log = dep.log_text('manila-share')
        self.assertIn('Ensuring the shares of %s (API request) failed'
                      % beta, log)
        self.assertRegex(log, r"Returning \d+ share\(s\) from 'ensuring' to "
                              r"'available' and clearing the ensuring flag; "
                              r"fix the cause and ask for the run again.")

        # Killed half way: the restarted process recovers at start-up.
        dep.set_option('beta', 'dummy_ensure_fail', 'false')
        dep.set_option('beta', 'dummy_ensure_delay', '30')
        notifications.forget()
        resp = self.ensure(dep, beta)
        self.assertEqual(202, resp.status, resp)
        harness.wait_for(
            lambda: 'ensuring' in self.statuses(dep).values(), support.WAIT,
            what='shares of %s to be ensuring' % beta)
        self.assertTrue(self.ensuring_flag(dep, beta))
        # The driver sleeps 30 s on this batch: these stay ensuring.
        held = list(self.statuses(dep).values()).count('ensuring')
        old = dep.backend_pid(beta)
        alpha_pid = dep.backend_pid(dep.backend_hosts[0])
        os.kill(old, signal.SIGKILL)
        # cotyledon starts a new child for the backend.
        harness.wait_for(
            lambda: dep.backend_pid(beta) != old, support.WAIT,
            what='a new process for %s' % beta)
        harness.wait_for(
            lambda: "Recovered %d share(s) on %s left 'ensuring'"
            % (held, beta) in dep.log_text('manila-share'), support.WAIT,
            what='the start-up recovery of %s' % beta)
        # Recovery logs the shares it put back, then marks the run
        # interrupted, then clears the flag.
        self.wait_run_over(dep, beta)
        statuses = self.statuses(dep)
        self.assertEqual({'available'}, {statuses[i] for i in beta_ids})
        self.assertEqual([support.EVENT_START],
                         [e for e, _p in notifications.events(beta)])
        self.assertEqual(alpha_pid, dep.backend_pid(dep.backend_hosts[0]))
        # The recovered backend takes a new request.
        dep.set_option('beta', 'dummy_ensure_delay', '0')
        resp = self.ensure(dep, beta)
        self.assertEqual(202, resp.status, resp)
        end = self.wait_for_event(notifications, beta, support.EVENT_END)
        self.assert_counts(end, beta, ensured=6, updated=0)

    # -- d: refusals, each saying what to do -----------------------------

    def test_refusals(self):
        dep, notifications = self.deployment()
        alpha, beta = dep.backend_hosts

        self.assert_refused(
            self.ensure(dep, beta, token='user:project', roles='member'),
            403, 'service:ensure_shares')
        self.assert_refused(
            self.ensure(dep, 'nohost@nowhere'), 404,
            "No manila-share service runs on host 'nohost@nowhere'",
            'openstack share service list')
        # A host that runs another binary only (manila-api has no row).
        engine = sa.create_engine(dep.db_url, poolclass=sa.pool.NullPool)
        self.addCleanup(engine.dispose)
        services = sa.Table('services', sa.MetaData(), autoload_with=engine)
        with engine.begin() as conn:
            conn.execute(services.insert().values(
                host=dep.host, binary='manila-scheduler', topic='scheduler',
                disabled=False, report_count=1,
                heartbeat_at=datetime.datetime.now(
                    datetime.timezone.utc).replace(tzinfo=None),
                ensuring=False))
        self.assert_refused(
            self.ensure(dep, dep.host), 404,
            "No manila-share service runs on host '%s'" % dep.host)
        self.assert_refused(self.ensure(dep, beta, version='2.85'), 404,
                            '2.85')

        # Disabled.
        resp = dep.request('PUT', '/services/disable',
                           {'host': beta, 'binary': 'manila-share'})
        self.assertEqual(200, resp.status, resp)
        self.assert_refused(
            self.ensure(dep, beta), 409, 'is disabled',
            'openstack share service set --enable %s manila-share' % beta)
        resp = dep.request('PUT', '/services/enable',
                           {'host': beta, 'binary': 'manila-share'})
        self.assertEqual(200, resp.status, resp)

        # Down: a hung backend process stops its heartbeat.
        pid = dep.backend_pid(beta)
        os.kill(pid, signal.SIGSTOP)
        self.addCleanup(support.signal_quietly, pid, signal.SIGCONT)
        dep.wait_for_service(beta, 'down', timeout=support.WAIT)
        self.assert_refused(self.ensure(dep, beta), 409, 'is down',
                            'Start or repair the manila-share process')
        os.kill(pid, signal.SIGCONT)
        dep.wait_for_service(beta, 'up', timeout=support.WAIT)
        # Nothing of the refused requests reached the backend.
        self.assertFalse(self.ensuring_flag(dep, beta))
        self.assertEqual([], notifications.events(beta))

        # While a share is ensuring, users cannot delete it or change its
        # access; nothing is queued for later either. One batch of 30 s.
        share_id = self.create_shares(dep, 'beta', 1)[0]
        dep.set_option('DEFAULT', 'ensure_shares_batch_size', '100')
        dep.set_option('beta', 'dummy_ensure_delay', '30')
        resp = self.ensure(dep, beta)
        self.assertEqual(202, resp.status, resp)
        harness.wait_for(
            lambda: self.statuses(dep)[share_id] == 'ensuring', support.WAIT,
            what='share %s to be ensuring' % share_id)
        self.assert_refused(
            dep.request('DELETE', '/shares/%s' % share_id), 409,
            'Share %s is ensuring; delete is not possible now. Retry once '
            'the share is available.' % share_id)
        self.assert_refused(
            dep.request('POST', '/shares/%s/action' % share_id, {
                'allow_access': {'access_type': 'ip',
                                 'access_to': '10.0.0.9'}}), 409,
            'Share %s is ensuring; allow access is not possible now'
            % share_id)
        self.assert_refused(self.ensure(dep, beta), 409, support.ALREADY)
        # The run ends early: the backend restarts (and recovers).
        dep.set_option('beta', 'dummy_ensure_delay', '0')
        os.kill(dep.backend_pid(beta), signal.SIGKILL)
        harness.wait_for(
            lambda: self.statuses(dep)[share_id] == 'available'
            and not self.ensuring_flag(dep, beta), support.WAIT,
            what='share %s to be available again' % share_id)
        dep.wait_for_service(beta, 'up', timeout=support.WAIT)
        # A later share on the same backend is created: the backend took
        # its requests, and no delete nor rule arrived for the first one.
        self.create_shares(dep, 'beta', 1)
        self.assertEqual('available', dep.share(share_id)['status'])
        self.assertEqual([], self.rules(dep, share_id))

    # -- e: start-up ensure only when the backend info changed -----------

    def test_startup_ensure_only_when_backend_info_changed(self):
        dep, notifications = self.deployment()
        alpha, beta = dep.backend_hosts
        beta_ids = self.create_shares(dep, 'beta', 2)
        alpha_ids = self.create_shares(dep, 'alpha', 1)
        before = self.rows(dep, beta_ids + alpha_ids)
        unchanged = 'Backend info of %s is unchanged' % beta

        # Restart with nothing changed: the shares are left alone.
        old = dep.backend_pid(beta)
        os.kill(old, signal.SIGKILL)
        harness.wait_for(
            lambda: dep.log_text('manila-share').count(unchanged) == 1,
            support.WAIT,
            what='the start-up check of the new %s process' % beta)
        self.assertNotEqual(old, dep.backend_pid(beta))
        self.assertEqual([], notifications.events(beta))
        self.assertEqual(before, self.rows(dep, beta_ids + alpha_ids))

        # New export addresses, then a restart of manila-share: the run
        # happens at start-up, for beta only.
        dep.set_option('beta', 'share_export_ips', '203.0.113.30')
        dep.stop('manila-share')
        dep.start('manila-share')
        end = self.wait_for_event(notifications, beta, support.EVENT_END)
        self.assert_counts(end, beta, ensured=2, updated=2)
        self.assertEqual('start-up', notifications.events(
            beta, support.EVENT_START)[0][1]['trigger'])
        for share_id in beta_ids:
            self.assertEqual(
                [('203.0.113.30:/dummy/share-%s' % share_id, True)],
                self.export_locations(dep, share_id))
        harness.wait_for(
            lambda: dep.log_text('manila-share').count(
                'Backend info of %s is unchanged' % alpha) == 1,
            support.WAIT, what='the start-up check of %s' % alpha)
        self.assertEqual([], notifications.events(alpha))
        self.assertEqual({k: before[k] for k in alpha_ids},
                         self.rows(dep, alpha_ids))

    def test_startup_ensure_after_a_crash_reads_the_edited_config(self):
        # An operator edits manila.conf; before anyone asks for an ensure,
        # the backend process dies and cotyledon starts a new one: its
        # start-up check must see the edited file, not the options the
        # manila-share parent read when it started.
        dep, notifications = self.deployment()
        beta = dep.backend_hosts[1]
        (share_id,) = self.create_shares(dep, 'beta', 1)
        dep.set_option('beta', 'share_export_ips', '203.0.113.40')
        old = dep.backend_pid(beta)
        os.kill(old, signal.SIGKILL)
        harness.wait_for(
            lambda: dep.backend_pid(beta) != old, support.WAIT,
            what='a new process for %s' % beta)
        harness.wait_for(
            lambda: 'Backend info of %s is unchanged' % beta
            in dep.log_text('manila-share')
            or notifications.events(beta, support.EVENT_END), support.WAIT,
            what='the start-up check of the new %s process' % beta)
        self.assertEqual([support.EVENT_START, support.EVENT_END],
                         [e for e, _p in notifications.events(beta)])
        self.assertEqual(
            [('203.0.113.40:/dummy/share-%s' % share_id, True)],
            self.export_locations(dep, share_id))
