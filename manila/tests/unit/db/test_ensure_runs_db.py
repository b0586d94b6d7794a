"""The ensure-run record: claim with its run, progress, end, recovery, pruning.

Runs on SQLite, and on PostgreSQL and MariaDB when their URLs are set.
"""

import threading

import fixtures

from manila.common import states
from manila import context as manila_context
from manila.db import api as db
from manila.db.sqlalchemy import ensure as runs_db
from manila.db.sqlalchemy import session
from manila import exception
from manila.tests import base

run_states = states.EnsureRuns


class EnsureRunRecordMixin:

    def setUp(self):
        super().setUp()
        self.service = db.service_create(self.context, {
            'host': 'h@b', 'binary': 'manila-share', 'topic': 'x'})

    def _run(self, host='h@b', status=None):
        run_id = db.ensure_run_create(self.context, host,
                                      run_states.TRIGGER_API)
        if status is not None:
            db.ensure_run_finish(self.context, run_id, status)
        return run_id

    def test_claim_creates_the_run_with_the_flag(self):
        ctx = manila_context.RequestContext('u1', 'p1', is_admin=True)
        run_id = db.ensure_run_claim(ctx, 'h@b', run_states.TRIGGER_API)
        run = db.ensure_run_get(self.context, run_id)
        self.assertEqual(('h@b', 'api', 'running', 'u1', 'p1', 0),
                         (run.host, run.triggered_by, run.status,
                          run.user_id, run.project_id, run.shares_done))
        self.assertEqual(ctx.request_id, run.request_id)
        self.assertIsNotNone(run.started_at)
        self.assertTrue(db.service_get(self.context,
                                       self.service.id).ensuring)
        # A second claim loses and writes no run.
        self.assertIsNone(db.ensure_run_claim(
            ctx, 'h@b', run_states.TRIGGER_API))
        self.assertEqual([run_id], [r.id for r in db.ensure_run_get_all(
            self.context)])

    def test_racing_claims_make_one_run(self):
        results = []
        barrier = threading.Barrier(6)

        def race():
            barrier.wait()
            results.append(db.ensure_run_claim(
                self.context, 'h@b', run_states.TRIGGER_API))

        threads = [threading.Thread(target=race) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        won = [r for r in results if r is not None]
        self.assertEqual(1, len(won))
        self.assertEqual(won, [r.id for r in db.ensure_run_get_all(
            self.context)])

    def test_claim_rolls_back_with_its_run(self):
        # A failing INSERT takes the claim back with it: the flag is
        # never set without a run to clear it.
        def broken(context, host, trigger):
            values = runs_db._run_values(context, host, trigger)
            values['status'] = None
            return values

        self.useFixture(fixtures.MonkeyPatch(
            'manila.db.sqlalchemy.ensure._run_values', broken))
        self.assertRaises(Exception, db.ensure_run_claim, self.context,
                          'h@b', run_states.TRIGGER_API)
        self.assertFalse(db.service_get(self.context,
                                        self.service.id).ensuring)
        self.assertEqual([], db.ensure_run_get_all(self.context))

    def test_progress_only_grows_and_ends_with_the_run(self):
        run_id = self._run()
        db.ensure_run_start(self.context, run_id, 3000, 4)
        db.ensure_run_progress(self.context, run_id, 2000,
                               {'shares_ensured': 2000,
                                'shares_updated': 7})
        # A lower figure (a late writer) is ignored.
        db.ensure_run_progress(self.context, run_id, 1000,
                               {'shares_ensured': 1000})
        run = db.ensure_run_get(self.context, run_id)
        self.assertEqual((3000, 2000, 2000, 7, 4),
                         (run.shares_total, run.shares_done,
                          run.shares_ensured, run.shares_updated,
                          run.shares_skipped))
        self.assertTrue(db.ensure_run_finish(
            self.context, run_id, run_states.SUCCEEDED,
            {'shares_done': 3000, 'shares_ensured': 3000,
             'shares_updated': 9, 'shares_skipped': 4,
             'shares_errored': 1}))
        run = db.ensure_run_get(self.context, run_id)
        self.assertEqual(('succeeded', 3000, 9, 1, None),
                         (run.status, run.shares_done, run.shares_updated,
                          run.shares_errored, run.error))
        self.assertIsNotNone(run.finished_at)
        # An ended run no longer moves.
        db.ensure_run_progress(self.context, run_id, 5000,
                               {'shares_ensured': 5000})
        self.assertFalse(db.ensure_run_finish(self.context, run_id,
                                              run_states.FAILED))
        run = db.ensure_run_get(self.context, run_id)
        self.assertEqual(('succeeded', 3000), (run.status, run.shares_done))

    def test_progress_in_the_callers_transaction(self):
        run_id = self._run()

        class Boom(Exception):
            pass

        def batch():
            with session.writer.using(self.context) as s:
                runs_db.record_progress(self.context, run_id, 10,
                                        {'shares_ensured': 10})
                self.assertIsNotNone(s)
                raise Boom()

        self.assertRaises(Boom, batch)
        # Rolled back with the batch it belongs to.
        self.assertEqual(0, db.ensure_run_get(self.context,
                                              run_id).shares_done)

    def test_failed_run_keeps_its_error(self):
        run_id = self._run()
        db.ensure_run_finish(self.context, run_id, run_states.FAILED,
                             error='x' * 5000)
        run = db.ensure_run_get(self.context, run_id)
        self.assertEqual('failed', run.status)
        self.assertEqual(runs_db.ERROR_MAX, len(run.error))
        self.assertRaises(ValueError, db.ensure_run_finish, self.context,
                          run_id, run_states.RUNNING)

    def test_interrupt_marks_only_running_runs_of_the_host(self):
        done = self._run(status=run_states.SUCCEEDED)
        killed = self._run()
        other = self._run(host='h@other')
        self.assertEqual([killed], db.ensure_runs_interrupt(
            self.context, 'h@b', 'the service restarted'))
        statuses = {r.id: (r.status, r.error) for r in
                    db.ensure_run_get_all(self.context)}
        self.assertEqual({done: ('succeeded', None),
                          killed: ('interrupted', 'the service restarted'),
                          other: ('running', None)}, statuses)
        self.assertIsNotNone(db.ensure_run_get(self.context,
                                               killed).finished_at)
        self.assertEqual([], db.ensure_runs_interrupt(
            self.context, 'h@b', 'again'))

    def test_list_newest_first_filters_and_pages(self):
        ids = [self._run(status=run_states.SUCCEEDED) for _ in range(3)]
        failed = self._run(status=run_states.FAILED)
        other = self._run(host='h@other')
        self.assertEqual([other, failed] + ids[::-1],
                         [r.id for r in db.ensure_run_get_all(self.context)])
        self.assertEqual([failed] + ids[::-1], [
            r.id for r in db.ensure_run_get_all(self.context, host='h@b')])
        self.assertEqual([failed], [r.id for r in db.ensure_run_get_all(
            self.context, status='failed')])
        page1 = db.ensure_run_get_all(self.context, host='h@b', limit=2)
        page2 = db.ensure_run_get_all(self.context, host='h@b', limit=2,
                                      marker=page1[-1].id)
        self.assertEqual([failed, ids[2], ids[1], ids[0]],
                         [r.id for r in page1 + page2])
        self.assertRaises(exception.EnsureRunNotFound, db.ensure_run_get,
                          self.context, 999999)

    def test_prune_keeps_the_newest_and_running_runs(self):
        running = self._run()
        ended = [self._run(status=run_states.SUCCEEDED) for _ in range(5)]
        other = [self._run(host='h@other', status=run_states.FAILED)
                 for _ in range(3)]
        self.assertEqual(3, db.ensure_runs_prune(self.context, 'h@b', 2))
        kept = [r.id for r in db.ensure_run_get_all(self.context,
                                                    host='h@b')]
        # The two newest, and the older one still running.
        self.assertEqual(ended[:-3:-1] + [running], kept)
        self.assertEqual(other[::-1], [r.id for r in db.ensure_run_get_all(
            self.context, host='h@other')])
        self.assertEqual(0, db.ensure_runs_prune(self.context, 'h@b', 2))
        self.assertEqual(0, db.ensure_runs_prune(self.context, 'h@none', 1))


class TestEnsureRunsSQLite(EnsureRunRecordMixin, base.TestCase):
    DATABASE = 'sqlite'


class TestEnsureRunsPostgreSQL(EnsureRunRecordMixin, base.TestCase):
    DATABASE = 'postgresql'


class TestEnsureRunsMySQL(EnsureRunRecordMixin, base.TestCase):
    DATABASE = 'mysql'
