"""Ensure shares end to end: what an operator sees, over real processes.

``manila-api`` and ``manila-share`` (alpha: local driver, beta: dummy
driver) run as separate processes over RabbitMQ and PostgreSQL; the
notifications are consumed from RabbitMQ as a billing or monitoring system
would. The main flow runs on ``manila-all`` (SQLite, in-process messaging,
notifications written to its log) as well.

Each deployment gets a host name of its own, so its RPC queues
('manila-share.<host>@beta') and notifications never mix with those of
another deployment on the same broker.
"""

import datetime
import json
import os
import signal
import threading
import uuid

import fixtures
import kombu
from oslo_config import cfg
import oslo_messaging
import sqlalchemy as sa
import testtools

from manila.tests import backends as servers
from manila.tests.functional import harness

WAIT = 60
EVENT_START = 'share.ensure_shares.start'
EVENT_END = 'share.ensure_shares.end'
EVENT_ERROR = 'share.ensure_shares.error'
ALREADY = 'already being ensured'


def unique_host():
    return 'ens%s' % uuid.uuid4().hex[:8]


class RabbitNotifications(fixtures.Fixture):
    """Notifications of the deployment, consumed from RabbitMQ.

    A listener pool of its own gets a queue of its own (bound to
    'notifications.info' and '.error'), so nothing is taken away from
    other consumers; the queue is deleted at cleanup.
    """

    def __init__(self, url):
        super().__init__()
        self.url = url
        self.pool = 'manila-test-%s' % uuid.uuid4().hex
        self._events = []
        self._lock = threading.Lock()

    def _setUp(self):
        # A private ConfigOpts: the process-wide CONF is not touched.
        conf = cfg.ConfigOpts()
        conf([], project='manila-functional-test', default_config_files=[],
             default_config_dirs=[])
        transport = oslo_messaging.get_notification_transport(conf,
                                                              url=self.url)
        self.addCleanup(transport.cleanup)
        listener = oslo_messaging.get_notification_listener(
            transport, [oslo_messaging.Target(topic='notifications')],
            [self], executor='threading', pool=self.pool)
        # start() declares the queue: what is sent from now on is kept.
        listener.start()
        self.addCleanup(self._delete_queue)
        self.addCleanup(listener.wait)
        self.addCleanup(listener.stop)

    def _delete_queue(self):
        # kombu names oslo.messaging's rabbit:// transport amqp://.
        url = 'amqp://' + self.url.split('://', 1)[1]
        with kombu.Connection(url) as connection:
            connection.default_channel.queue_delete(self.pool)

    # Endpoint methods, one per priority.
    def info(self, ctxt, publisher_id, event_type, payload, metadata):
        with self._lock:
            self._events.append((publisher_id, event_type, payload))

    error = warn = info

    def forget(self):
        """Drop what arrived so far: events() returns newer ones only."""
        with self._lock:
            del self._events[:]

    def events(self, host, event_type=None):
        """[(event_type, payload)] of ``host`` ('host@backend'), in order."""
        with self._lock:
            events = list(self._events)
        return [(kind, payload) for publisher, kind, payload in events
                if (publisher == 'share.%s' % host
                    or (payload or {}).get('host') == host)
                and kind.startswith('share.ensure_shares.')
                and (event_type is None or kind == event_type)]


class LogNotifications:
    """Notifications of manila-all, whose notification driver is 'log'.

    oslo.messaging's log driver writes each one as JSON on one line to
    the logger 'oslo.messaging.notification.<event type>'.
    """

    def __init__(self, deployment, binary='manila-all'):
        self.deployment = deployment
        self.binary = binary
        self.skip = 0

    def _lines(self):
        return [line for line in
                self.deployment.log_text(self.binary).splitlines()
                if 'oslo.messaging.notification.share.ensure_shares.'
                in line]

    def forget(self):
        """Drop what was logged so far: events() returns newer ones only."""
        self.skip = len(self._lines())

    def events(self, host, event_type=None):
        found = []
        for line in self._lines()[self.skip:]:
            message = json.loads(line[line.index('{'):])
            kind, payload = message['event_type'], message['payload']
            if (message['publisher_id'] == 'share.%s' % host
                    and (event_type is None or kind == event_type)):
                found.append((kind, payload))
        return found


class EnsureHelpers:
    """Steps the tests share: types, shares, ensure requests, DB reads."""

    def type_for(self, dep, backend):
        """The id of a share type pinned to ``backend`` (made once)."""
        resp = dep.request('GET', '/types')
        self.assertEqual(200, resp.status, resp)
        for share_type in resp.json['share_types']:
            if share_type['name'] == 'on-%s' % backend:
                return share_type['id']
        resp = dep.request('POST', '/types', {'share_type': {
            'name': 'on-%s' % backend,
            'extra_specs': {'driver_handles_share_servers': False,
                            'share_backend_name': backend}}})
        self.assertEqual(200, resp.status, resp)
        return resp.json['share_type']['id']

    def create_shares(self, dep, backend, count):
        """``count`` available shares on ``backend``; returns their ids."""
        type_id = self.type_for(dep, backend)
        ids = [dep.create_share('%s-%d' % (backend, n), share_type=type_id,
                                wait=False)['id'] for n in range(count)]
        for share_id in ids:
            share = dep.wait_for_share_status(share_id, 'available', WAIT)
            self.assertEqual('%s@%s' % (dep.host, backend),
                             share['host'].split('#')[0])
        return ids

    def settle(self, dep, notifications, log):
        """Wait for the first start-up runs to end, then forget them.

        A fresh backend has no stored backend info hash, so it runs an
        ensure (of no shares yet) once at start-up.
        """
        for host in dep.backend_hosts:
            harness.wait_for(
                lambda: 'Ensured the shares of %s (start-up)' % host
                in dep.log_text(log), WAIT,
                what='the start-up run of %s' % host)
            # The end notification follows the log line; forgetting before
            # it arrives would let it pass for one of the test's own runs.
            harness.wait_for(
                lambda: notifications.events(host, EVENT_END), WAIT,
                what='the start-up end notification of %s' % host)
        notifications.forget()

    def ensure(self, dep, host, version='2.86', **kwargs):
        return dep.request('POST', '/services/ensure', {'host': host},
                           version=version, **kwargs)

    def statuses(self, dep):
        """{share id: status} of every share, as the API lists them."""
        resp = dep.request('GET', '/shares/detail')
        self.assertEqual(200, resp.status, resp)
        return {s['id']: s['status'] for s in resp.json['shares']}

    def ensuring_flag(self, dep, host):
        return dep.service(host)['ensuring']

    def wait_run_over(self, dep, host, timeout=WAIT):
        harness.wait_for(lambda: self.ensuring_flag(dep, host) is False,
                         timeout, what='the ensure run of %s to end' % host)

    def rows(self, dep, share_ids):
        """What an ensure run may change, read from the database:
        {share id: (status, instance updated_at, export locations as
        (uuid, path, preferred))}."""
        engine = sa.create_engine(dep.db_url, poolclass=sa.pool.NullPool)
        self.addCleanup(engine.dispose)
        meta = sa.MetaData()
        si = sa.Table('share_instances', meta, autoload_with=engine)
        el = sa.Table('share_instance_export_locations', meta,
                      autoload_with=engine)
        result = {}
        with engine.connect() as conn:
            for row in conn.execute(
                    sa.select(si.c.id, si.c.share_id, si.c.status,
                              si.c.updated_at)
                    .where(si.c.share_id.in_(share_ids))):
                locations = sorted(
                    (e.uuid, e.path, bool(e.preferred))
                    for e in conn.execute(
                        sa.select(el.c.uuid, el.c.path, el.c.preferred)
                        .where(el.c.share_instance_id == row.id)))
                result[row.share_id] = (row.status, row.updated_at,
                                        locations)
        return result

    def export_locations(self, dep, share_id):
        """[(path, preferred)] of a share, as the API shows them."""
        resp = dep.request('GET', '/shares/%s/export_locations' % share_id)
        self.assertEqual(200, resp.status, resp)
        return sorted((el['path'], el['preferred'])
                      for el in resp.json['export_locations'])

    def watch_run(self, dep, host, other_host, share_ids):
        """Poll while ``host`` ensures: what did the API show meanwhile?

        Returns (flag values of ``host``, statuses its shares were seen
        in, flag values of ``other_host``).
        """
        flags, statuses, others = set(), set(), set()

        def over():
            services = {s['host']: s for s in dep.services()
                        if s['binary'] == 'manila-share'}
            flags.add(services[host]['ensuring'])
            others.add(services[other_host]['ensuring'])
            current = self.statuses(dep)
            statuses.update(current[i] for i in share_ids)
            return not services[host]['ensuring']
        harness.wait_for(over, WAIT, interval=0.1,
                         what='the ensure run of %s to end' % host)
        return flags, statuses, others

    def assert_refused(self, resp, status, *texts):
        self.assertEqual(status, resp.status, resp)
        (body,) = resp.json.values()
        self.assertEqual(status, body['code'])
        for text in texts:
            self.assertIn(text, body['message'])
        return body['message']

    def wait_for_event(self, notifications, host, event_type,
                       timeout=WAIT):
        return harness.wait_for(
            lambda: notifications.events(host, event_type), timeout,
            what='%s of %s' % (event_type, host))[-1][1]

    def assert_counts(self, payload, host, ensured, updated, skipped=0,
                      errored=0):
        self.assertEqual(
            {'host': host, 'shares_ensured': ensured,
             'shares_updated': updated, 'shares_skipped': skipped,
             'shares_errored': errored},
            {k: payload[k] for k in ('host', 'shares_ensured',
                                     'shares_updated', 'shares_skipped',
                                     'shares_errored')}, payload)
        self.assertIsInstance(payload['duration_seconds'], (int, float))
        self.assertGreaterEqual(payload['duration_seconds'], 0)

    # -- a: a live config change, applied by an ensure run --------------

    def check_live_config_change(self, dep, notifications):
        alpha, beta = dep.backend_hosts
        alpha_ids = self.create_shares(dep, 'alpha', 3)
        beta_ids = self.create_shares(dep, 'beta', 6)
        self.assertEqual(
            [[('198.51.100.10:/dummy/share-%s' % i, True)] for i in beta_ids],
            [self.export_locations(dep, i) for i in beta_ids])
        alpha_before = self.rows(dep, alpha_ids)

        # The operator edits manila.conf: new export addresses, and a slow
        # backend (batches of 2: three driver calls of 1.5 s each).
        dep.set_option('beta', 'share_export_ips',
                       '203.0.113.20,203.0.113.21')
        dep.set_option('beta', 'dummy_ensure_delay', '1.5')
        resp = self.ensure(dep, beta)
        self.assertEqual(202, resp.status, resp)
        self.assertEqual('', resp.text)

        flags, seen, alpha_flags = self.watch_run(dep, beta, alpha, beta_ids)
        self.assertIn(True, flags)
        self.assertIn('ensuring', seen)
        self.assertEqual({False}, alpha_flags)
        statuses = self.statuses(dep)
        self.assertEqual({'available'}, {statuses[i] for i in beta_ids})
        for share_id in beta_ids:
            self.assertEqual(
                [('203.0.113.20:/dummy/share-%s' % share_id, True),
                 ('203.0.113.21:/dummy/share-%s' % share_id, False)],
                self.export_locations(dep, share_id))
        # The other backend was not touched at all.
        self.assertEqual(alpha_before, self.rows(dep, alpha_ids))
        self.assertEqual({'available'}, {statuses[i] for i in alpha_ids})

        end = self.wait_for_event(notifications, beta, EVENT_END)
        self.assert_counts(end, beta, ensured=6, updated=6)
        self.assertEqual([EVENT_START, EVENT_END],
                         [e for e, _p in notifications.events(beta)])
        self.assertEqual('API request', notifications.events(
            beta, EVENT_START)[0][1]['trigger'])
        self.assertEqual([], notifications.events(alpha))

        # The local backend: new addresses and NFS options, one share with
        # a rule whose exports line must be rendered again.
        shared = alpha_ids[0]
        resp = dep.request('POST', '/shares/%s/action' % shared, {
            'allow_access': {'access_type': 'ip', 'access_to': '10.0.0.5',
                             'access_level': 'ro'}})
        self.assertEqual(200, resp.status, resp)
        harness.wait_for(lambda: self.rules(dep, shared) == ['active'],
                         WAIT, what='the rule to be active')
        directory = os.path.join(dep.dir, 'alpha', 'share-%s' % shared)
        self.assertIn('%s 10.0.0.5(ro,sync,no_subtree_check)' % directory,
                      self.exports_text(dep))
        dep.set_option('alpha', 'share_export_ips', '192.0.2.77')
        dep.set_option('alpha', 'nfs_export_options', 'rw,async')
        resp = self.ensure(dep, alpha)
        self.assertEqual(202, resp.status, resp)
        end = self.wait_for_event(notifications, alpha, EVENT_END)
        self.wait_run_over(dep, alpha)
        # The rule's re-application counts as an update, as do the
        # locations: three shares updated.
        self.assert_counts(end, alpha, ensured=3, updated=3)
        for share_id in alpha_ids:
            self.assertEqual(
                [('192.0.2.77:%s' % os.path.join(
                    dep.dir, 'alpha', 'share-%s' % share_id), True)],
                self.export_locations(dep, share_id))
        self.assertIn('%s 10.0.0.5(ro,async)' % directory,
                      self.exports_text(dep))
        self.assertNotIn('no_subtree_check', self.exports_text(dep))
        self.assertEqual(['active'], self.rules(dep, shared))
        statuses = self.statuses(dep)
        self.assertEqual({'available'},
                         {statuses[i] for i in alpha_ids + beta_ids})

    def rules(self, dep, share_id):
        resp = dep.request('GET', '/share-access-rules?share_id=%s'
                           % share_id)
        self.assertEqual(200, resp.status, resp)
        return [r['state'] for r in resp.json['access_list']]

    def exports_text(self, dep):
        with open(os.path.join(dep.dir, 'alpha.exports')) as f:
            return f.read()

    # -- b: many racing requests, one run -------------------------------

    def check_racing_requests(self, dep, notifications, endpoints,
                              count=50):
        beta = dep.backend_hosts[1]
        self.create_shares(dep, 'beta', 1)
        # The first run lasts while the others arrive (on a loaded machine
        # 50 requests to one manila-all may take a few seconds).
        dep.set_option('beta', 'dummy_ensure_delay', '8')
        barrier = threading.Barrier(count)
        answers = [None] * count

        def send(index):
            barrier.wait()
            try:
                # urllib: one HTTP connection per request.
                answers[index] = self.ensure(
                    dep, beta, endpoint=endpoints[index % len(endpoints)])
            except Exception as exc:
                answers[index] = exc
        threads = [threading.Thread(target=send, args=(i,))
                   for i in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        statuses = sorted(getattr(a, 'status', -1) for a in answers)
        self.assertEqual([202] + [409] * (count - 1), statuses,
                         [a for a in answers
                          if getattr(a, 'status', None) not in (202, 409)])
        for answer in answers:
            if answer.status == 409:
                self.assertIn(ALREADY, answer.json['conflictingRequest']
                              ['message'])
        # Both API processes answered some of them.
        per_endpoint = {}
        for index, answer in enumerate(answers):
            per_endpoint.setdefault(index % len(endpoints),
                                    set()).add(answer.status)
        self.assertEqual(len(endpoints), len(per_endpoint))
        self.wait_for_event(notifications, beta, EVENT_END)
        self.wait_run_over(dep, beta)
        # One run only.
        self.assertEqual([EVENT_START, EVENT_END],
                         [e for e, _p in notifications.events(beta)])
        return statuses


def _signal_quietly(pid, sig):
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


class TestEnsureFlowSplit(EnsureHelpers, testtools.TestCase):
    """manila-api + manila-share over RabbitMQ and PostgreSQL."""

    def deployment(self, **options):
        rabbit = servers.require(self, 'rabbit')
        # Listening before the services start: their start-up runs'
        # notifications are all kept, so settle() can wait for them.
        notifications = self.useFixture(RabbitNotifications(rabbit))
        dep = self.useFixture(harness.Deployment(
            self, mode='split', database='postgresql', host=unique_host(),
            options=dict({'ensure_shares_batch_size': '2'}, **options)))
        self.settle(dep, notifications, 'manila-share')
        return dep, notifications

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
        error = self.wait_for_event(notifications, beta, EVENT_ERROR)
        self.wait_run_over(dep, beta)
        self.assertIn('dummy_ensure_fail is set', error['error'])
        self.assertEqual(beta, error['host'])
        self.assertEqual([EVENT_START, EVENT_ERROR],
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
            lambda: 'ensuring' in self.statuses(dep).values(), WAIT,
            what='shares of %s to be ensuring' % beta)
        self.assertTrue(self.ensuring_flag(dep, beta))
        # The driver sleeps 30 s on this batch: these stay ensuring.
        held = list(self.statuses(dep).values()).count('ensuring')
        old = dep.backend_pid(beta)
        alpha_pid = dep.backend_pid(dep.backend_hosts[0])
        os.kill(old, signal.SIGKILL)
        # cotyledon starts a new child for the backend.
        harness.wait_for(
            lambda: dep.backend_pid(beta) != old, WAIT,
            what='a new process for %s' % beta)
        harness.wait_for(
            lambda: "Recovered %d share(s) on %s left 'ensuring'"
            % (held, beta) in dep.log_text('manila-share'), WAIT,
            what='the start-up recovery of %s' % beta)
        self.assertFalse(self.ensuring_flag(dep, beta))
        statuses = self.statuses(dep)
        self.assertEqual({'available'}, {statuses[i] for i in beta_ids})
        self.assertEqual([EVENT_START],
                         [e for e, _p in notifications.events(beta)])
        self.assertEqual(alpha_pid, dep.backend_pid(dep.backend_hosts[0]))
        # The recovered backend takes a new request.
        dep.set_option('beta', 'dummy_ensure_delay', '0')
        resp = self.ensure(dep, beta)
        self.assertEqual(202, resp.status, resp)
        end = self.wait_for_event(notifications, beta, EVENT_END)
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
        self.addCleanup(_signal_quietly, pid, signal.SIGCONT)
        dep.wait_for_service(beta, 'down', timeout=WAIT)
        self.assert_refused(self.ensure(dep, beta), 409, 'is down',
                            'Start or repair the manila-share process')
        os.kill(pid, signal.SIGCONT)
        dep.wait_for_service(beta, 'up', timeout=WAIT)
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
            lambda: self.statuses(dep)[share_id] == 'ensuring', WAIT,
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
        self.assert_refused(self.ensure(dep, beta), 409, ALREADY)
        # The run ends early: the backend restarts (and recovers).
        dep.set_option('beta', 'dummy_ensure_delay', '0')
        os.kill(dep.backend_pid(beta), signal.SIGKILL)
        harness.wait_for(
            lambda: self.statuses(dep)[share_id] == 'available'
            and not self.ensuring_flag(dep, beta), WAIT,
            what='share %s to be available again' % share_id)
        dep.wait_for_service(beta, 'up', timeout=WAIT)
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
            WAIT, what='the start-up check of the new %s process' % beta)
        self.assertNotEqual(old, dep.backend_pid(beta))
        self.assertEqual([], notifications.events(beta))
        self.assertEqual(before, self.rows(dep, beta_ids + alpha_ids))

        # New export addresses, then a restart of manila-share: the run
        # happens at start-up, for beta only.
        dep.set_option('beta', 'share_export_ips', '203.0.113.30')
        dep.stop('manila-share')
        dep.start('manila-share')
        end = self.wait_for_event(notifications, beta, EVENT_END)
        self.assert_counts(end, beta, ensured=2, updated=2)
        self.assertEqual('start-up', notifications.events(
            beta, EVENT_START)[0][1]['trigger'])
        for share_id in beta_ids:
            self.assertEqual(
                [('203.0.113.30:/dummy/share-%s' % share_id, True)],
                self.export_locations(dep, share_id))
        harness.wait_for(
            lambda: dep.log_text('manila-share').count(
                'Backend info of %s is unchanged' % alpha) == 1,
            WAIT, what='the start-up check of %s' % alpha)
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
            lambda: dep.backend_pid(beta) != old, WAIT,
            what='a new process for %s' % beta)
        harness.wait_for(
            lambda: 'Backend info of %s is unchanged' % beta
            in dep.log_text('manila-share')
            or notifications.events(beta, EVENT_END), WAIT,
            what='the start-up check of the new %s process' % beta)
        self.assertEqual([EVENT_START, EVENT_END],
                         [e for e, _p in notifications.events(beta)])
        self.assertEqual(
            [('203.0.113.40:/dummy/share-%s' % share_id, True)],
            self.export_locations(dep, share_id))


class TestEnsureFlowAllInOne(EnsureHelpers, testtools.TestCase):
    """manila-all: one process, SQLite, in-process messaging."""

    def deployment(self):
        dep = self.useFixture(harness.Deployment(
            self, mode='all', host=unique_host(),
            options={'ensure_shares_batch_size': '2'}))
        notifications = LogNotifications(dep)
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
        error = self.wait_for_event(notifications, beta, EVENT_ERROR)
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
            error = self.wait_for_event(notifications, beta, EVENT_ERROR,
                                        timeout=20)
            self.assertIn('ensure_shares_batch_size', error['error'])
        self.assertEqual(before, self.rows(dep, [share_id]))

        # Fixed: the next run succeeds.
        dep.set_option('DEFAULT', 'ensure_shares_batch_size', '2')
        notifications.forget()
        resp = self.ensure(dep, beta)
        self.assertEqual(202, resp.status, resp)
        end = self.wait_for_event(notifications, beta, EVENT_END)
        self.assert_counts(end, beta, ensured=1, updated=0)
