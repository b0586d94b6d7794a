"""The ensure-shares workflow over a real SQLite database.

The driver, notifier and access helper a run is given are small fakes: what is
asserted is what ends up in the database and in the notifications.
"""

import gc
import threading
from unittest import mock

import fixtures
from oslo_config import cfg
from oslo_db import exception as db_exc

from manila.common import states
from manila.db import api as db
from manila.share import driver as share_driver
from manila.share import ensure
from manila.tests import base
from manila.tests.unit.db import helpers as db_helpers
from manila.tests.unit.share import ensure_helpers

HOST = ensure_helpers.HOST
CONF = cfg.CONF
EnsureTestCase = ensure_helpers.EnsureTestCase
FakeBackend = ensure_helpers.FakeBackend
FakeDriver = ensure_helpers.FakeDriver
new_locations = ensure_helpers.new_locations


class RunRequestedTestCase(EnsureTestCase):

    def test_writes_back_driver_changes_and_reports_counts(self):
        moved, broken, fine = self.make_shares(3)
        skipped = self.make_shares(1, status=states.ERROR)
        self.driver.answer = lambda shares: {
            moved: {'export_locations': [{'path': '192.0.2.99:/m'}]},
            broken: {'status': states.ERROR}}
        before = {i: db_helpers.export_rows(self.context, i)
                  for i in (broken, fine)}
        self.claim()

        self.assertTrue(self.run_requested())

        self.assertEqual([[moved, broken, fine]], self.driver.batches)
        self.assertEqual([[states.ENSURING] * 3], self.driver.seen_statuses)
        self.assertTrue(self.driver.flag_during_run)
        self.assertEqual([states.AVAILABLE, states.ERROR, states.AVAILABLE],
                         self.statuses([moved, broken, fine]))
        self.assertEqual([states.ERROR], self.statuses(skipped))
        self.assertEqual(['192.0.2.99:/m'], self.paths(moved))
        for instance_id, rows in before.items():
            self.assertEqual(rows, db_helpers.export_rows(self.context,
                                                          instance_id))
        self.assertFalse(self.flag())
        notifier = self.backend.notifier
        self.assertEqual([ensure.EVENT_START, ensure.EVENT_END],
                         notifier.names())
        end = notifier.payload(ensure.EVENT_END)
        self.assertEqual(
            {'host': HOST, 'shares_ensured': 3, 'shares_updated': 1,
             'shares_skipped': 1, 'shares_errored': 1,
             'run_id': db.ensure_run_get_all(self.context)[0].id},
            {k: v for k, v in end.items() if k != 'duration_seconds'})
        self.assertGreaterEqual(end['duration_seconds'], 0)
        # A good requested run records the backend info it ran against.
        self.assertEqual(ensure.backend_info_hash(self.context, self.driver),
                         db.backend_info_get(self.context, HOST))

    def test_older_objects_frozen_during_the_run_only(self):
        self.flags(ensure_shares_batch_size=2)
        self.make_shares(3)
        self.claim()
        self.assertEqual(0, gc.get_freeze_count())

        self.assertTrue(self.run_requested())

        self.assertEqual(2, len(self.driver.frozen))
        self.assertTrue(all(self.driver.frozen), self.driver.frozen)
        self.assertEqual(0, gc.get_freeze_count())

    def test_status_updates_off_never_touch_statuses(self):
        self.flags(update_shares_status_on_ensure=False)
        ids = self.make_shares(3)
        self.driver.answer = lambda shares: dict(
            new_locations(shares), **{ids[0]: {'status': states.ERROR}})
        self.claim()

        with db_helpers.count_statements() as statements:
            self.assertTrue(self.run_requested())

        self.assertEqual([[states.AVAILABLE] * 3], self.driver.seen_statuses)
        self.assertEqual([states.AVAILABLE] * 3, self.statuses(ids))
        self.assertEqual([], [s for s in statements
                              if s.startswith('UPDATE share_instances')])
        # Export locations are still written back.
        self.assertTrue(self.paths(ids[1])[0].startswith('192.0.2.99:/'))
        end = self.backend.notifier.payload(ensure.EVENT_END)
        self.assertEqual(1, end['shares_errored'])

    def test_status_updates_off_every_batch_ensured(self):
        self.flags(update_shares_status_on_ensure=False,
                   ensure_shares_batch_size=2)
        ids = self.make_shares(5)
        self.driver.answer = new_locations
        self.claim()

        self.assertTrue(self.run_requested())

        self.assertEqual([ids[0:2], ids[2:4], ids[4:]], self.driver.batches)
        self.assertEqual([[states.AVAILABLE] * 2] * 2 + [[states.AVAILABLE]],
                         self.driver.seen_statuses)
        for instance_id in ids:
            self.assertTrue(self.paths(instance_id)[0].startswith(
                '192.0.2.99:/'))
        end = self.backend.notifier.payload(ensure.EVENT_END)
        self.assertEqual((5, 5, 0), (end['shares_ensured'],
                                     end['shares_updated'],
                                     end['shares_skipped']))

    def test_busy_and_ineligible_shares_are_skipped_untouched(self):
        eligible = self.make_shares(1)
        busy = (self.make_shares(1, task_state='migrating') +
                self.make_shares(1, access_rules_status='syncing') +
                self.make_shares(1, status=states.CREATING))
        other_host = self.make_shares(1, host='node1@beta')
        self.driver.answer = new_locations
        self.claim()

        self.run_requested()

        self.assertEqual([eligible], self.driver.batches)
        self.assertEqual([states.AVAILABLE, states.AVAILABLE,
                          states.CREATING], self.statuses(busy))
        for instance_id in busy + other_host:
            self.assertEqual(['192.0.2.10:/x'], self.paths(instance_id))
        self.assertEqual(3, self.backend.notifier.payload(
            ensure.EVENT_END)['shares_skipped'])

    def test_unchanged_answer_writes_no_export_location(self):
        ids = self.make_shares(4)
        before = [db_helpers.export_rows(self.context, i) for i in ids]
        self.driver.answer = lambda shares: {
            s['id']: {'export_locations': s['export_locations'],
                      'status': states.AVAILABLE} for s in shares}
        self.claim()

        with db_helpers.count_statements() as statements:
            self.run_requested()

        self.assertEqual(before, [db_helpers.export_rows(self.context, i)
                                  for i in ids])
        self.assertEqual([], [s for s in statements if 'share_instance_'
                              'export_locations' in s and not
                              s.startswith('SELECT')])
        self.assertEqual(0, self.backend.notifier.payload(
            ensure.EVENT_END)['shares_updated'])

    def test_statement_count_does_not_grow_with_shares(self):
        self.driver.observe = False

        def run(count):
            ids = self.make_shares(count)
            self.driver.answer = new_locations
            # A new hash each run, so both runs store it the same way.
            self.driver.info = {'run': count}
            self.claim()
            with db_helpers.count_statements() as statements:
                self.run_requested()
            self.assertEqual([states.AVAILABLE] * count, self.statuses(ids))
            for instance_id in ids:
                db.share_instance_update(self.context, instance_id,
                                         {'status': states.ERROR})
            return len(statements)

        self.assertEqual(run(3), run(30))

    def test_metadata_and_access_rules(self):
        meta, access, denied = self.make_shares(3)
        share_id = db.share_instance_get(self.context, meta).share_id
        self.driver.answer = lambda shares: {
            meta: {'metadata': {'export_ip': '192.0.2.99'}},
            access: {'reapply_access_rules': True},
            denied: {'reapply_access_rules': True}}
        self.backend.access.failing.add(denied)
        self.claim()

        self.run_requested()

        self.assertEqual({'export_ip': '192.0.2.99'}, {
            m.key: m.value
            for m in db.share_get(self.context, share_id).share_metadata})
        # Rules are re-sent once the share is available again.
        self.assertEqual([(access, states.AVAILABLE),
                          (denied, states.AVAILABLE)],
                         self.backend.access.calls)
        end = self.backend.notifier.payload(ensure.EVENT_END)
        self.assertEqual((2, 1), (end['shares_updated'],
                                  end['shares_errored']))

    def test_per_share_fallback(self):
        ids = self.make_shares(3)
        driver = mock.Mock(spec=['ensure_shares', 'ensure_share',
                                 'get_backend_info'])
        driver.get_backend_info.return_value = {}
        driver.ensure_shares.side_effect = NotImplementedError()

        def ensure_share(context, share):
            if share['id'] == ids[0]:
                raise RuntimeError('share directory is gone')
            if share['id'] == ids[1]:
                return {'export_locations': ['192.0.2.99:/one']}
            return None

        driver.ensure_share.side_effect = ensure_share
        self.backend.driver = driver
        self.claim()

        self.assertTrue(self.run_requested())

        self.assertEqual(3, driver.ensure_share.call_count)
        self.assertEqual([states.ERROR, states.AVAILABLE, states.AVAILABLE],
                         self.statuses(ids))
        self.assertEqual(['192.0.2.99:/one'], self.paths(ids[1]))
        end = self.backend.notifier.payload(ensure.EVENT_END)
        self.assertEqual((1, 1), (end['shares_errored'],
                                  end['shares_updated']))

    def test_flag_cleared_by_restart_is_set_for_the_run(self):
        ids = self.make_shares(1)
        self.assertFalse(self.flag())
        self.assertTrue(self.run_requested())
        self.assertTrue(self.driver.flag_during_run)
        self.assertFalse(self.flag())
        self.assertEqual([states.AVAILABLE], self.statuses(ids))

    def test_mutable_options_reloaded_from_config_file(self):
        path = self.config_file('[DEFAULT]\nensure_shares_batch_size = 1\n')
        ids = self.make_shares(3)
        self.run_requested()
        self.assertEqual(3, len(self.driver.batches))
        # The operator edits the file; the next run uses it, no restart.
        with open(path, 'w') as f:
            f.write('[DEFAULT]\nensure_shares_batch_size = 2\n')
        self.driver.batches = []
        self.run_requested()
        self.assertEqual([ids[:2], ids[2:]], self.driver.batches)

    def test_bad_config_values_fail_each_run_cleanly(self):
        path = self.config_file('[DEFAULT]\nensure_shares_batch_size = 2\n')
        ids = self.make_shares(2)
        with open(path, 'w') as f:
            f.write('[DEFAULT]\nensure_shares_batch_size = 0\n')
        # Twice: the second run starts with the bad value already loaded.
        for attempt in (1, 2):
            self.backend.notifier.events = []
            self.claim()
            self.assertFalse(self.run_requested())
            self.assertFalse(self.flag())
            error = self.backend.notifier.payload(ensure.EVENT_ERROR)
            self.assertIn('ensure_shares_batch_size', error['error'])
        self.assertEqual([], self.driver.batches)
        self.assertEqual([states.AVAILABLE] * 2, self.statuses(ids))
        with open(path, 'w') as f:
            f.write('[DEFAULT]\nensure_shares_batch_size = 2\n')
        self.assertTrue(self.run_requested())
        self.assertEqual([ids], self.driver.batches)


class BatchOrderTestCase(EnsureTestCase):
    """What the database says while the driver works, with the writes in
    line (SQLite): with a writer thread it depends on the timing."""

    def test_batches_are_marked_two_ahead_and_released(self):
        self.flags(ensure_shares_batch_size=2)
        ids = self.make_shares(5)
        self.driver.answer = new_locations
        self.driver.watch = ids
        self.claim()

        self.assertTrue(self.run_requested())

        self.assertEqual([ids[0:2], ids[2:4], ids[4:]], self.driver.batches)
        # While batch 2 is with the driver, batch 1 is written back and
        # batch 3 marked already (two ahead); before the run, nothing was.
        E, A = states.ENSURING, states.AVAILABLE
        self.assertEqual([[E, E, E, E, A], [A, A, E, E, E], [A, A, A, A, E]],
                         self.driver.watched)
        self.assertEqual([states.AVAILABLE] * 5, self.statuses(ids))
        for instance_id in ids:
            share_id = db.share_instance_get(self.context,
                                             instance_id).share_id
            self.assertEqual(['192.0.2.99:/%s' % share_id],
                             self.paths(instance_id))
        self.assertEqual(5, self.backend.notifier.payload(
            ensure.EVENT_END)['shares_updated'])


class FailureTestCase(EnsureTestCase):

    def _assert_restored(self, ids, failed_run_error):
        self.assertEqual([states.AVAILABLE] * len(ids), self.statuses(ids))
        self.assertFalse(self.flag())
        notifier = self.backend.notifier
        self.assertEqual([ensure.EVENT_START, ensure.EVENT_ERROR],
                         notifier.names())
        error = notifier.payload(ensure.EVENT_ERROR)
        self.assertIn(failed_run_error, error['error'])
        self.assertEqual(HOST, error['host'])
        return error

    def test_driver_failure_restores_everything(self):
        self.flags(ensure_shares_batch_size=2)
        ids = self.make_shares(5)
        calls = []

        def answer(shares):
            calls.append(shares)
            if len(calls) == 2:
                raise RuntimeError('backend unreachable')
            return new_locations(shares)

        self.driver.answer = answer
        self.claim()

        self.assertFalse(self.run_requested())

        error = self._assert_restored(ids, 'backend unreachable')
        # The first batch was done and stays done; the rest is untouched.
        self.assertEqual(2, error['shares_ensured'])
        self.assertEqual(2, error['shares_updated'])
        self.assertTrue(self.paths(ids[0])[0].startswith('192.0.2.99:/'))
        self.assertEqual(['192.0.2.10:/x'], self.paths(ids[2]))
        self.assertIsNone(db.backend_info_get(self.context, HOST))

    def test_transient_db_failure_mid_run_restores(self):
        ids = self.make_shares(3)
        self.driver.answer = new_locations
        real_restore = db.ensure_restore_available
        restore_calls = []

        def flaky_restore(context, instance_ids):
            # The restore meets the same outage once, then succeeds.
            restore_calls.append(list(instance_ids))
            if len(restore_calls) == 1:
                raise db_exc.DBConnectionError('connection lost')
            return real_restore(context, instance_ids)

        self.useFixture(fixtures.MockPatchObject(
            db, 'ensure_write_results',
            side_effect=db_exc.DBConnectionError('connection lost')))
        self.useFixture(fixtures.MockPatchObject(
            db, 'ensure_restore_available', side_effect=flaky_restore))
        self.claim()

        self.assertFalse(self.run_requested())

        self.assertEqual([ids, ids], restore_calls)
        self._assert_restored(ids, 'connection lost')
        self.assertEqual(['192.0.2.10:/x'], self.paths(ids[0]))

    def test_failure_before_any_batch_clears_flag(self):
        self.make_shares(1)
        self.useFixture(fixtures.MockPatchObject(
            db, 'ensure_instances_get_chunk',
            side_effect=db_exc.DBError('bad query')))
        self.claim()
        self.assertFalse(self.run_requested())
        self.assertFalse(self.flag())
        self.assertEqual(ensure.EVENT_ERROR,
                         self.backend.notifier.names()[-1])

    def test_broken_notifier_does_not_fail_the_run(self):
        ids = self.make_shares(1)
        self.backend.notifier.info = mock.Mock(
            side_effect=RuntimeError('no broker'))
        self.assertTrue(self.run_requested())
        self.assertEqual([states.AVAILABLE], self.statuses(ids))
        self.assertFalse(self.flag())


class StartupTestCase(EnsureTestCase):

    def test_recover_interrupted(self):
        left = (self.make_shares(2, status=states.ENSURING) +
                self.make_shares(1, host=HOST + '#pool',
                                 status=states.ENSURING))
        other = self.make_shares(1, host='node1@beta',
                                 status=states.ENSURING)
        self.claim()

        self.assertEqual(3, ensure.recover_interrupted(self.context, HOST))

        self.assertEqual([states.AVAILABLE] * 3, self.statuses(left))
        self.assertEqual([states.ENSURING], self.statuses(other))
        self.assertFalse(self.flag())

    def test_runs_when_hash_changes_and_only_then(self):
        ids = self.make_shares(2)
        self.driver.answer = new_locations

        self.assertTrue(self.ensure_at_startup())
        self.assertEqual(1, len(self.driver.batches))
        stored = db.backend_info_get(self.context, HOST)
        self.assertEqual(ensure.backend_info_hash(self.context, self.driver),
                         stored)
        self.assertFalse(self.flag())

        # Same backend info: the shares are not touched at all.
        rows = [db_helpers.export_rows(self.context, i) for i in ids]
        with db_helpers.count_statements() as statements:
            self.assertFalse(self.ensure_at_startup())
        self.assertEqual(1, len(self.driver.batches))
        self.assertEqual([], [s for s in statements
                              if 'share_instance' in s])
        self.assertEqual(rows, [db_helpers.export_rows(self.context, i)
                                for i in ids])

        # An export IP change: the next start ensures again.
        self.driver.info['export_ips'] = '192.0.2.20'
        self.assertTrue(self.ensure_at_startup())
        self.assertEqual(2, len(self.driver.batches))
        self.assertNotEqual(stored, db.backend_info_get(self.context, HOST))

    def test_startup_check_reads_the_edited_config_file(self):
        # A backend process restarted by its parent must hash the backend
        # info from the file as it is now, not from the parent's options.
        path = self.config_file('[DEFAULT]\nensure_shares_batch_size = 5\n')
        self.make_shares(1)
        self.driver.get_backend_info = lambda context: {
            'batch': CONF.ensure_shares_batch_size}
        self.assertTrue(self.ensure_at_startup())
        self.assertFalse(self.ensure_at_startup())
        with open(path, 'w') as f:
            f.write('[DEFAULT]\nensure_shares_batch_size = 6\n')
        self.assertTrue(self.ensure_at_startup())
        self.assertEqual(2, len(self.driver.batches))

    def test_failed_run_does_not_store_hash(self):
        ids = self.make_shares(2)
        db.backend_info_update(self.context, HOST, 'old')

        def fail(shares):
            raise RuntimeError('backend down')

        self.driver.answer = fail
        self.assertFalse(self.ensure_at_startup())
        self.assertEqual('old', db.backend_info_get(self.context, HOST))
        self.assertEqual([states.AVAILABLE] * 2, self.statuses(ids))
        self.assertFalse(self.flag())
        # So the next start tries again.
        self.driver.answer = new_locations
        self.assertTrue(self.ensure_at_startup())

    def test_no_startup_run_while_a_requested_one_holds_the_flag(self):
        self.make_shares(1)
        self.claim()
        self.assertFalse(self.ensure_at_startup())
        self.assertEqual([], self.driver.batches)
        self.assertTrue(self.flag())
        self.assertIsNone(db.backend_info_get(self.context, HOST))

    def test_hash_is_of_sorted_json(self):
        self.driver.info = {'b': 1, 'a': [1, 2]}
        first = ensure.backend_info_hash(self.context, self.driver)
        self.driver.info = {'a': [1, 2], 'b': 1}
        self.assertEqual(first,
                         ensure.backend_info_hash(self.context, self.driver))
        self.driver.info = {'a': [1, 2], 'b': 2}
        self.assertNotEqual(
            first, ensure.backend_info_hash(self.context, self.driver))


class OverlappedWritesMixin:
    """Writes in a thread of their own, as on PostgreSQL and MariaDB."""

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.MockPatchObject(
            db, 'ensure_writes_overlap', return_value=True))
        real = db.ensure_write_results
        self.writer_threads = set()

        def write(*args, **kwargs):
            self.writer_threads.add(threading.current_thread().name)
            return real(*args, **kwargs)

        self.useFixture(fixtures.MockPatchObject(
            db, 'ensure_write_results', side_effect=write))

    def run_requested(self):
        result = super().run_requested()
        self.assertNotIn(threading.current_thread().name,
                         self.writer_threads)
        return result


class OverlappedRunTestCase(OverlappedWritesMixin, RunRequestedTestCase):

    def test_the_run_thread_marks_each_chunk(self):
        # The writer's transactions write batches back; each chunk is
        # marked by the run's thread as soon as it is read, so the server
        # marks one chunk while it writes the batch before.
        self.flags(ensure_shares_batch_size=2)
        ids = self.make_shares(7)
        real_mark = db.ensure_mark_ensuring
        marks = []

        def mark(context, instance_ids):
            marks.append((threading.current_thread().name,
                          sorted(instance_ids)))
            return real_mark(context, instance_ids)

        self.useFixture(fixtures.MockPatchObject(
            db, 'ensure_mark_ensuring', side_effect=mark))
        self.claim()

        self.assertTrue(self.run_requested())

        self.assertEqual({threading.current_thread().name},
                         {thread for thread, _ in marks})
        self.assertEqual(sorted(ids),
                         sorted(i for _, chunk in marks for i in chunk))
        writes = db.ensure_write_results.call_args_list
        self.assertEqual(4, len(writes))
        self.assertEqual([False] * 4, [bool(w.kwargs['mark']) for w in writes])
        self.assertEqual([states.AVAILABLE] * 7, self.statuses(ids))


class OverlappedFailureTestCase(OverlappedWritesMixin, FailureTestCase):
    pass


class PlanWritesTestCase(base.TestCase):
    """The driver's answer sorted into writes, with no database."""

    DATABASE = None

    def _instances(self, count):
        return [{'id': 'i%d' % n, 'share_id': 's%d' % n,
                 'export_locations': [{'id': n, 'path': '192.0.2.10:/%d' % n,
                                       'is_admin_only': False,
                                       'preferred': True, 'metadata': {}}]}
                for n in range(count)]

    def test_every_instance_gets_a_status(self):
        batch = self._instances(4)
        writes = share_driver.plan_writes(batch, {
            'i1': {'status': states.ERROR},
            'i2': {'status': 'deleting'},
            'i3': {'status': states.AVAILABLE}})
        self.assertEqual({states.AVAILABLE: ['i0', 'i2', 'i3'],
                          states.ERROR: ['i1']}, writes.statuses)
        self.assertEqual(['i1'], writes.errored)
        self.assertEqual({'i2': 'deleting'}, writes.ignored)
        self.assertTrue(writes.touches_database())

    def test_statuses_off_writes_none_but_reports_errors(self):
        batch = self._instances(2)
        writes = share_driver.plan_writes(
            batch, {'i0': {'status': states.ERROR}}, update_status=False)
        self.assertEqual({}, writes.statuses)
        self.assertEqual(['i0'], writes.errored)
        self.assertFalse(writes.touches_database())

    def test_locations_metadata_access_and_strangers(self):
        batch = self._instances(3)
        wanted = [{'path': '192.0.2.99:/0'}]
        writes = share_driver.plan_writes(batch, {
            'i0': {'export_locations': wanted},
            'i1': {'metadata': {'ip': '192.0.2.99'},
                   'reapply_access_rules': True},
            'i2': {'export_locations': None, 'metadata': {}},
            'elsewhere': {'status': states.ERROR}}, update_status=False)
        self.assertEqual(
            {'i0': (batch[0]['export_locations'], wanted)},
            writes.export_locations)
        self.assertEqual({'s1': {'ip': '192.0.2.99'}}, writes.metadata)
        self.assertEqual(['i1'], writes.reapply)
        self.assertEqual([], writes.errored)
        self.assertEqual(1, writes.unknown)
        self.assertTrue(writes.touches_database())


class PostgreSQLRunTestCase(RunRequestedTestCase):
    DATABASE = 'postgresql'


class MySQLRunTestCase(RunRequestedTestCase):
    DATABASE = 'mysql'


class PostgreSQLFailureTestCase(FailureTestCase):
    DATABASE = 'postgresql'


class MySQLFailureTestCase(FailureTestCase):
    DATABASE = 'mysql'
