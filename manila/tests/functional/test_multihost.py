"""Two share hosts with the same backend name, one of which dies.

``manila-api`` and two ``manila-share`` processes with different [DEFAULT]
host values, each serving a backend named ``beta`` (dummy driver), over
RabbitMQ and PostgreSQL, as two storage machines would run them. Shares
spread over both; ensure runs, a killed host and the administrator's
repairs stay scoped to the host they concern.
"""

import collections
import signal

import testtools

from manila.tests import backends as servers
from manila.tests.functional import ensure_support as support
from manila.tests.functional import harness

SHARES = 10


class TestTwoShareHosts(support.EnsureHelpers, testtools.TestCase):

    def setUp(self):
        super().setUp()
        servers.require(self, 'rabbit')
        self.dep = self.useFixture(harness.Deployment(
            self, mode='split', database='postgresql',
            host=support.unique_host(), report_interval=1,
            service_down_time=4,
            backends={'beta': {
                'share_backend_name': 'beta',
                'share_driver': 'manila.share.drivers.dummy.DummyDriver',
                'dummy_ensure_delay': '0'}}))
        self.a = '%s@beta' % self.dep.host
        self.b_process = self.dep.add_share_host(support.unique_host())
        self.b = '%s@beta' % self.dep.share_hosts[self.b_process]
        self.dep.wait_for_service(self.b, 'up')
        # A new backend runs one start-up ensure (of no shares): let both
        # end, so that the runs below are the test's own.
        for host, log in ((self.a, 'manila-share'),
                          (self.b, self.b_process)):
            harness.wait_for(
                lambda: 'Ensured the shares of %s (start-up)' % host
                in self.dep.log_text(log), support.WAIT,
                what='the start-up run of %s' % host)

    def _hosts(self, share_ids):
        """{share id: 'host@backend'} as the API shows them."""
        resp = self.dep.request('GET', '/shares/detail')
        self.assertEqual(200, resp.status, resp)
        return {s['id']: s['host'].split('#')[0]
                for s in resp.json['shares'] if s['id'] in share_ids}

    def _statuses(self, share_ids):
        current = self.statuses(self.dep)
        return {current[i] for i in share_ids}

    def test_spread_scoped_ensure_host_loss_and_repair(self):
        dep, a, b = self.dep, self.a, self.b

        # -- shares spread over the two identical backends --------------
        ids = [dep.create_share('s%d' % n, wait=False)['id']
               for n in range(SHARES)]
        for share_id in ids:
            dep.wait_for_share_status(share_id, 'available', support.WAIT)
        hosts = self._hosts(ids)
        counts = collections.Counter(hosts.values())
        self.assertEqual({a, b}, set(counts), counts)
        # Even, give or take a share counted twice around a heartbeat.
        self.assertLessEqual(abs(counts[a] - counts[b]), 2, counts)
        on_a = [i for i in ids if hosts[i] == a]
        on_b = [i for i in ids if hosts[i] == b]

        # -- an ensure of one host leaves the other alone -----------------
        dep.set_option('beta', 'dummy_ensure_delay', '5')
        b_before = self.rows(dep, on_b)
        self.assertEqual(202, self.ensure(dep, a).status)
        harness.wait_for(lambda: self._statuses(on_a) == {'ensuring'},
                         support.WAIT, what='the shares of %s to be '
                                            'ensuring' % a)
        self.assertFalse(self.ensuring_flag(dep, b))
        self.assertEqual({'available'}, self._statuses(on_b))
        self.assertEqual(b_before, self.rows(dep, on_b))
        # The other host's own ensure is accepted meanwhile.
        self.assertEqual(202, self.ensure(dep, b).status)
        self.assert_refused(self.ensure(dep, a), 409, support.ALREADY)
        self.wait_run_over(dep, a)
        self.wait_run_over(dep, b)
        self.assertEqual({'available'}, self._statuses(ids))

        # -- kill -9 of one host in the middle of its run ---------------
        dep.set_option('beta', 'dummy_ensure_delay', '60')
        self.assertEqual(202, self.ensure(dep, b).status)
        harness.wait_for(lambda: self._statuses(on_b) == {'ensuring'},
                         support.WAIT, what='the shares of %s to be '
                                            'ensuring' % b)
        dep.stop(self.b_process, sig=signal.SIGKILL)
        dep.wait_for_service(b, 'down', timeout=support.WAIT)
        self.assert_refused(self.ensure(dep, b), 409, 'is down',
                            'Start or repair the manila-share process')
        self.assertTrue(self.ensuring_flag(dep, b))
        self.assertEqual({'ensuring'}, self._statuses(on_b))

        # The other host keeps serving: new shares go to it, it ensures.
        dep.set_option('beta', 'dummy_ensure_delay', '0')
        new = dep.create_share('after', wait=True)['id']
        self.assertEqual({new: a}, self._hosts([new]))
        self.assertEqual(202, self.ensure(dep, a).status)
        self.wait_run_over(dep, a)
        self.assertEqual({'available'}, self._statuses(on_a + [new]))

        # -- the administrator's way out for a host that never returns ---
        repaired = on_b[0]
        resp = dep.request('POST', '/shares/%s/action' % repaired,
                           {'reset_status': {'status': 'available'}})
        self.assertEqual(202, resp.status, resp)
        self.assertEqual('available', dep.share(repaired)['status'])
        self.assertEqual({'ensuring'}, self._statuses(on_b[1:]))

        # -- the host comes back: start-up recovery does the rest --------
        dep.start('manila-share', name=self.b_process,
                  config_file=dep._config_of(self.b_process))
        harness.wait_for(
            lambda: "Recovered %d share(s) on %s left 'ensuring'"
            % (len(on_b) - 1, b) in dep.log_text(self.b_process),
            support.WAIT, what='the start-up recovery of %s' % b)
        dep.wait_for_service(b, 'up', timeout=support.WAIT)
        harness.wait_for(lambda: not self.ensuring_flag(dep, b),
                         support.WAIT, what='the flag of %s to clear' % b)
        self.assertEqual({'available'}, self._statuses(ids + [new]))
        self.assertFalse(self.ensuring_flag(dep, a))
