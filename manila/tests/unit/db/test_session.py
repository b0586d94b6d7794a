"""Reader and writer transactions on SQLite: who takes the write lock."""

import threading

from oslo_db.sqlalchemy import engines
import sqlalchemy as sa

from manila.db import api as db
from manila.db.sqlalchemy import models
from manila.db.sqlalchemy import session
from manila.tests import base


class BeginStatementsTestCase(base.TestCase):

    def setUp(self):
        super().setUp()
        self.begins = []

        def record(conn, cursor, statement, *args):
            if statement.startswith('BEGIN'):
                self.begins.append(statement)
        sa.event.listen(self.db.engine, 'after_cursor_execute', record)
        self.addCleanup(sa.event.remove, self.db.engine,
                        'after_cursor_execute', record)

    def test_reader_begins_deferred_and_writer_immediate(self):
        db.service_get_all(self.context)
        self.assertEqual(['BEGIN'], self.begins)
        db.service_create(self.context, {'host': 'h@b', 'binary': 'b',
                                         'topic': 't'})
        self.assertEqual(['BEGIN', 'BEGIN IMMEDIATE'], self.begins)

    def test_reader_inside_writer_is_the_writer_transaction(self):
        with session.writer.using(self.context):
            self.assertEqual(session.WRITER, session.current_intent())
            db.service_get_all(self.context)
        self.assertEqual(['BEGIN IMMEDIATE'], self.begins)
        self.assertIsNone(session.current_intent())

    def test_unknown_intent_begins_immediate(self):
        # A bare engine transaction (migrations, tools) may write.
        with self.db.engine.begin() as conn:
            conn.execute(sa.text('SELECT 1'))
        self.assertEqual(['BEGIN IMMEDIATE'], self.begins)


class ReaderNeverWaitsForWriterTestCase(base.TestCase):

    def test_reader_answers_while_a_writer_holds_the_lock(self):
        # A short busy timeout: a reader that asked for the write lock
        # would fail with "database is locked" instead of answering.
        self.flags(sqlite_busy_timeout=200, group='database')
        self.db.engine.dispose()
        db.service_create(self.context, {'host': 'h@b', 'binary': 'b',
                                         'topic': 't'})
        holding, release = threading.Event(), threading.Event()
        errors = []

        def writer():
            try:
                with session.writer.using(self.context) as s:
                    s.execute(sa.update(models.Service).values(topic='u'))
                    holding.set()
                    release.wait(30)
            except Exception as exc:  # reported by the assertion below
                errors.append(exc)
                holding.set()

        thread = threading.Thread(target=writer)
        thread.start()
        self.addCleanup(thread.join, 30)
        self.addCleanup(release.set)
        self.assertTrue(holding.wait(30))
        # The reader sees the last committed state, not the writer's.
        services = db.service_get_all(self.context)
        self.assertEqual(['t'], [s.topic for s in services])
        release.set()
        thread.join(30)
        self.assertEqual([], errors)
        self.assertEqual(['u'], [s.topic for s in
                                 db.service_get_all(self.context)])


class CheckinTestCase(base.TestCase):

    def test_no_sleep_at_connection_checkin(self):
        # oslo.db's time.sleep(0) at each checkin is for eventlet; with OS
        # threads it hands the GIL away and the request waits for it back.
        self.assertFalse(sa.event.contains(self.db.engine, 'checkin',
                                           engines._thread_yield))
