"""Set-based updates by id (manila.db.sqlalchemy.utils) on MariaDB.

On MariaDB 10.6 and later the ids travel as one JSON_TABLE parameter
joined to the primary key. The join must stay a primary key lookup
whatever the character set and collation of the id column: a database
created with another default (utf8mb3, latin1, a unicode collation)
otherwise turns each batch into a scan of the table per id, or into an
"Illegal mix of collations" error.
"""

import sqlalchemy as sa

from manila.common import states
from manila.db import api as db
from manila.db.sqlalchemy import session
from manila.db.sqlalchemy import utils
from manila.tests import base
from manila.tests.unit.db.helpers import count_statements
from manila.tests.unit.db.helpers import make_share
from manila.tests.unit.db.helpers import statuses

ROWS = 500
PROBE = sa.Table('probe', sa.MetaData(),
                 sa.Column('id', sa.String(36), primary_key=True),
                 sa.Column('status', sa.String(16)))


class MySQLIdsAsJSONTableTestCase(base.TestCase):
    DATABASE = 'mysql'

    def test_marking_sends_the_ids_as_json(self):
        ids = [make_share(self.context) for _ in range(3)]
        with count_statements() as statements:
            self.assertEqual(ids, db.ensure_mark_ensuring(self.context, ids))
        self.assertIn('JSON_TABLE', statements[0])
        self.assertEqual([states.ENSURING] * 3, statuses(self.context, ids))

    def _probe(self, charset):
        engine = session.get_engine()
        with engine.begin() as conn:
            conn.exec_driver_sql(
                'CREATE TABLE probe (id VARCHAR(36) CHARACTER SET %s '
                'PRIMARY KEY, status VARCHAR(16)) ENGINE=InnoDB' % charset)
            conn.exec_driver_sql(
                'INSERT INTO probe (id, status) VALUES (%s, %s)',
                [('%036d' % n, 'old') for n in range(ROWS)])
        self.addCleanup(self._drop_probe, engine)
        return engine

    def _drop_probe(self, engine):
        with engine.begin() as conn:
            conn.exec_driver_sql('DROP TABLE probe')

    def _assert_updated_by_key(self, charset):
        engine = self._probe(charset)
        ids = ['%036d' % n for n in (3, 250, 499)]
        with engine.begin() as conn:
            scanned = conn.exec_driver_sql(
                "SHOW SESSION STATUS LIKE 'Handler_read_rnd_next'").one()[1]
            count = utils.update_where_ids(
                conn, PROBE, {'status': 'new'}, ids, 'status = %s', ['old'])
            scanned = int(conn.exec_driver_sql(
                "SHOW SESSION STATUS LIKE 'Handler_read_rnd_next'"
            ).one()[1]) - int(scanned)
            changed = [row[0] for row in conn.exec_driver_sql(
                "SELECT id FROM probe WHERE status = 'new' ORDER BY id")]
        self.assertEqual(3, count)
        self.assertEqual(ids, changed)
        # A scan reads the table once an id: 3 x 500 rows. Looked up by
        # key, no table row is read in sequence (the JSON rows are).
        self.assertLess(scanned, ROWS)

    def test_utf8mb4_unicode_collation(self):
        # Without the ids' ASCII type: "Illegal mix of collations".
        self._assert_updated_by_key('utf8mb4 COLLATE utf8mb4_unicode_ci')

    def test_utf8mb3(self):
        # Without it: the table scanned once an id.
        self._assert_updated_by_key('utf8mb3')

    def test_latin1(self):
        self._assert_updated_by_key('latin1')

    def test_default_character_set(self):
        self._assert_updated_by_key('utf8mb4')
