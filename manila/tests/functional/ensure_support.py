"""What the ensure-shares functional tests share: notification readers
and the checks run on both deployment modes (see test_ensure_flow.py and
test_ensure_flow_all.py).

Each deployment gets a host name of its own, so its RPC queues
('manila-share.<host>@beta') and notifications never mix with those of
another deployment on the same broker.
"""

import json
import os
import threading
import uuid

import fixtures
import kombu
from oslo_config import cfg
import oslo_messaging
import sqlalchemy as sa

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


class SplitDeployment:
    """manila-api and manila-share as separate processes over RabbitMQ
    and PostgreSQL, batches of two shares, notifications read from the
    broker."""

    def deployment(self, **options):
        rabbit = servers.require(self, 'rabbit')
        # Listening before the services start: their start-up runs'
        # notifications are all kept, so settle() can wait for them.
        notifications = self.useFixture(RabbitNotifications(rabbit))
        dep = self.useFixture(harness.Deployment(
            self, mode='split', database='postgresql',
            host=unique_host(),
            options=dict({'ensure_shares_batch_size': '2'}, **options)))
        self.settle(dep, notifications, 'manila-share')
        return dep, notifications


def signal_quietly(pid, sig):
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass
