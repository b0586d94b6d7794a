"""A file-backed SQLite database is reached through a connection pool."""

import os
import tempfile

import sqlalchemy as sa

from manila.db import api as db
from manila.db import migration
from manila.db.sqlalchemy import session
from manila.tests import base


class SQLitePoolTestCase(base.TestCase):

    def setUp(self):
        super().setUp()
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.addCleanup(session.use_connection(
            'sqlite:///%s' % os.path.join(tmp.name, 'manila.sqlite')))
        self.engine = session.get_engine()
        self.addCleanup(self.engine.dispose)
        migration.upgrade('head', engine=self.engine)
        self.connects = []
        sa.event.listen(self.engine, 'connect',
                        lambda dbapi_conn, record: self.connects.append(1))

    def test_transactions_reuse_one_connection(self):
        for _ in range(5):
            db.service_get_all(self.context)
        db.service_create(self.context, {'host': 'h@b', 'binary': 'b',
                                         'topic': 't'})
        self.assertLessEqual(len(self.connects), 1)
        self.assertEqual(1, len(db.service_get_all(self.context)))

    def test_pooled_connections_keep_their_settings(self):
        with self.engine.connect() as conn:
            settings = [conn.exec_driver_sql('PRAGMA %s' % name).scalar()
                        for name in ('foreign_keys', 'busy_timeout',
                                     'journal_mode')]
        self.assertEqual([1, 30000, 'wal'], settings)
