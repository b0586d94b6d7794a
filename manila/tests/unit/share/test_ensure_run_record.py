"""The record of a run through its life: success, driver failure, database
failure during write-back, a killed process (interrupted at start-up).

What is asserted is the ensure_runs row, the notifications and the user
messages, over a real SQLite database.
"""

import fixtures
from oslo_db import exception as db_exc

from manila.common import states
from manila import context as manila_context
from manila.db import api as db
from manila.services import api as services_api
from manila.share import ensure
from manila.tests import base

run_states = states.EnsureRuns

HOST = 'node1@alpha'
COUNTS = ('shares_ensured', 'shares_updated', 'shares_skipped',
          'shares_errored')


class Notifier:
    def __init__(self):
        self.events = []

    def info(self, context, event, payload):
        self.events.append((event, payload))

    def payload(self, event):
        return [p for e, p in self.events if e == event][-1]


class Driver:
    """Moves every share to a new address; records the run's progress as
    the database shows it at each batch."""

    def __init__(self, context):
        self.context = context
        self.progress = []
        self.fail_at = None
        self.run_id = None

    def get_backend_info(self, context):
        return {'ip': '192.0.2.99'}

    def ensure_shares(self, context, shares):
        if self.run_id is not None:
            self.progress.append(db.ensure_run_get(
                self.context, self.run_id).shares_done)
        if self.fail_at is not None and len(self.progress) >= self.fail_at:
            raise RuntimeError('the backend is on fire')
        return {s['id']: {'export_locations': [
            {'path': '192.0.2.99:/%s' % s['share_id'], 'preferred': True}]}
            for s in shares}


class Access:
    def update_access(self, context, share_instance_id):
        raise AssertionError('not asked for')


class RunRecordTestCase(base.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.MockPatch(
            'manila.services.api.RECOVERY_DELAY', 0))
        db.service_create(self.context, {
            'host': HOST, 'binary': 'manila-share', 'topic': 'x'})
        self.asker = manila_context.RequestContext('root', 'ops',
                                                   is_admin=True)
        self.driver = Driver(self.context)
        self.notifier = Notifier()
        self.flags(ensure_shares_batch_size=2)

    def make_shares(self, count):
        ids = []
        for _ in range(count):
            share = db.share_create(self.context, {
                'size': 1, 'share_proto': 'NFS'},
                {'host': HOST, 'status': states.AVAILABLE})
            db.export_locations_replace(self.context, share.instance.id,
                                        ['192.0.2.10:/x'])
            ids.append(share.instance.id)
        return ids

    def claim(self):
        run_id = services_api.EnsuringClaim(self.asker, HOST).take(
            run_states.TRIGGER_API)
        self.assertIsNotNone(run_id)
        self.driver.run_id = run_id
        return run_id

    def run_requested(self, run_id):
        return ensure.run_requested(self.asker, HOST, self.driver,
                                    self.notifier, Access(), run_id=run_id)

    def record(self, run_id):
        return db.ensure_run_get(self.context, run_id)

    def messages(self):
        return db.message_get_all(self.context,
                                  {'resource_type': 'ENSURE_RUN'})

    def assert_counts_match(self, run, payload):
        self.assertEqual({k: payload[k] for k in COUNTS},
                         {k: getattr(run, k) for k in COUNTS})
        self.assertEqual(run.id, payload['run_id'])

    def test_success(self):
        self.make_shares(5)
        run_id = self.claim()
        self.assertEqual('running', self.record(run_id).status)

        self.assertTrue(self.run_requested(run_id))

        run = self.record(run_id)
        self.assertEqual(('succeeded', 'api', 'root', 'ops', 5, 5, None),
                         (run.status, run.triggered_by, run.user_id,
                          run.project_id, run.shares_total,
                          run.shares_done, run.error))
        self.assertIsNotNone(run.finished_at)
        # Progress only grows, one step a batch, each written with the
        # batch before the driver sees the next.
        self.assertEqual([0, 2, 4], self.driver.progress)
        self.assertEqual(run_id, self.notifier.payload(
            ensure.EVENT_START)['run_id'])
        self.assert_counts_match(run, self.notifier.payload(
            ensure.EVENT_END))
        self.assertEqual(5, run.shares_updated)
        self.assertEqual([], self.messages())
        self.assertFalse(db.service_get_by_args(
            self.context, HOST, 'manila-share').ensuring)

    def test_driver_failure(self):
        ids = self.make_shares(5)
        run_id = self.claim()
        self.driver.fail_at = 2

        self.assertFalse(self.run_requested(run_id))

        run = self.record(run_id)
        self.assertEqual(('failed', 2, 'the backend is on fire'),
                         (run.status, run.shares_done, run.error))
        self.assertEqual([0, 2], self.driver.progress)
        self.assert_counts_match(run, self.notifier.payload(
            ensure.EVENT_ERROR))
        (message,) = self.messages()
        self.assertIn(HOST, message.user_message)
        self.assertIn('the backend is on fire', message.user_message)
        self.assertEqual('ops', message.project_id)
        self.assertEqual([states.AVAILABLE] * 5, [
            db.share_instance_get(self.context, i).status for i in ids])

    def test_database_failure_during_write_back(self):
        ids = self.make_shares(5)
        run_id = self.claim()
        real = db.ensure_write_results
        calls = []

        def flaky(*args, **kwargs):
            calls.append(1)
            if len(calls) == 2:
                raise db_exc.DBConnectionError('connection lost')
            return real(*args, **kwargs)

        self.useFixture(fixtures.MockPatch(
            'manila.db.api.ensure_write_results', side_effect=flaky))

        self.assertFalse(self.run_requested(run_id))

        run = self.record(run_id)
        # The second batch's progress went down with its transaction.
        self.assertEqual(('failed', 2), (run.status, run.shares_done))
        self.assertIn('connection lost', run.error)
        self.assert_counts_match(run, self.notifier.payload(
            ensure.EVENT_ERROR))
        self.assertEqual(1, len(self.messages()))
        self.assertEqual([states.AVAILABLE] * 5, [
            db.share_instance_get(self.context, i).status for i in ids])

    def test_killed_run_is_interrupted_at_start_up(self):
        ids = self.make_shares(3)
        run_id = self.claim()
        # What kill -9 leaves: the run running, shares ensuring, flag set.
        db.ensure_mark_ensuring(self.context, ids)

        ensure.recover_interrupted(self.context, HOST)

        run = self.record(run_id)
        self.assertEqual('interrupted', run.status)
        self.assertIn('stopped while the run was going on', run.error)
        (message,) = self.messages()
        self.assertIn('%s interrupted' % HOST, message.user_message)
        self.assertFalse(db.service_get_by_args(
            self.context, HOST, 'manila-share').ensuring)

    def test_start_up_and_unannounced_runs_are_recorded(self):
        self.make_shares(1)
        self.assertTrue(ensure.ensure_at_startup(
            self.context, HOST, self.driver, self.notifier, Access()))
        (startup,) = db.ensure_run_get_all(self.context, host=HOST)
        self.assertEqual(('start-up', 'succeeded', 1),
                         (startup.triggered_by, startup.status,
                          startup.shares_done))
        # A cast with no run id (an API of the previous release).
        self.assertTrue(self.run_requested(None))
        newest = db.ensure_run_get_all(self.context, host=HOST)[0]
        self.assertEqual(('api', 'succeeded'),
                         (newest.triggered_by, newest.status))

    def test_old_runs_are_pruned(self):
        self.flags(ensure_runs_kept_per_host=2)
        ids = [self.claim() for _ in range(1)]
        self.run_requested(ids[0])
        for _ in range(2):
            run_id = self.claim()
            self.run_requested(run_id)
            ids.append(run_id)
        self.assertEqual(ids[:0:-1], [r.id for r in db.ensure_run_get_all(
            self.context, host=HOST)])
