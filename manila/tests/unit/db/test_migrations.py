"""Migrations walk up and down, and land exactly on the models.

Runs on SQLite, and on PostgreSQL and MariaDB through oslo.db's provisioned
databases (under CI=true those servers must be reachable).
"""

from alembic import autogenerate
from alembic import migration as alembic_migration
import sqlalchemy as sa

from manila.db import migration
from manila.db.sqlalchemy import models
from manila.tests import base
from manila.tests import fixtures as manila_fixtures


class MigrationsMixin:
    """On an empty database: no tables until the migrations make them."""

    FIXTURE = manila_fixtures.EmptyServerDatabase
    SQLITE_EMPTY = True

    def setUp(self):
        super().setUp()
        self.engine = self.db.engine

    def _indexes(self, table):
        # (Without the share_id index, which MariaDB's foreign key names.)
        return {i['name'] for i in sa.inspect(self.engine).get_indexes(table)
                if i['column_names'][0] == 'host'}

    def _columns(self, table):
        return {c['name'] for c in sa.inspect(self.engine).get_columns(table)}

    def _options(self, *tables):
        # PostgreSQL's storage parameters of the tables (reloptions).
        with self.engine.connect() as conn:
            return {','.join(row[0]) if row[0] else None
                    for row in conn.execute(sa.text(
                        'SELECT reloptions FROM pg_class WHERE relname IN '
                        '(%s)' % ', '.join("'%s'" % t for t in tables)))}

    def _host_opclass(self):
        # The operator class of the host index (PostgreSQL).
        with self.engine.connect() as conn:
            return conn.execute(sa.text(
                "SELECT opc.opcname FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_opclass opc ON opc.oid = i.indclass[0] "
                "WHERE c.relname = 'share_instances_host_idx'")).scalar_one()

    def test_walk_up_and_down(self):
        self.assertIsNone(migration.version(engine=self.engine))
        migration.upgrade('0001_initial', engine=self.engine)
        self.assertEqual('0001_initial', migration.version(engine=self.engine))
        self.assertNotIn('ensuring', self._columns('services'))

        # An existing service row upgrades to ensuring = false.
        with self.engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO services (host, \"binary\", disabled, "
                "report_count) VALUES ('h@b', 'manila-share', :f, 0)"
                .replace('"', '`' if self.DATABASE == 'mysql' else '"')),
                {'f': False})
        migration.upgrade('head', engine=self.engine)
        self.assertEqual(migration.head(),
                         migration.version(engine=self.engine))
        with self.engine.connect() as conn:
            ensuring = conn.execute(sa.text(
                'SELECT ensuring FROM services')).scalar_one()
        self.assertFalse(ensuring)
        # The run record: an insert takes its id and the count defaults.
        self.assertIn('ensure_runs', self.db.table_names())
        with self.engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO ensure_runs (host, triggered_by, status, "
                "shares_done, shares_ensured, shares_updated, "
                "shares_skipped, shares_errored) VALUES "
                "('h@b', 'api', 'running', 0, 0, 0, 0, 0)"))
        with self.engine.connect() as conn:
            self.assertEqual(1, conn.execute(sa.text(
                'SELECT id FROM ensure_runs')).scalar_one())

        self.assertEqual({'share_instances_host_idx'},
                         self._indexes('share_instances'))
        if self.DATABASE == 'postgresql':
            self.assertEqual({'fillfactor=50'}, self._options(
                'share_instances', 'share_instance_export_locations'))
            self.assertEqual('varchar_pattern_ops', self._host_opclass())
            migration.downgrade('0005_fillfactor', engine=self.engine)
            self.assertEqual('text_ops', self._host_opclass())
        migration.downgrade('0004_share_instances_host_idx',
                            engine=self.engine)
        if self.DATABASE == 'postgresql':
            self.assertEqual({None}, self._options(
                'share_instances', 'share_instance_export_locations'))
        migration.downgrade('0003_ensure_runs', engine=self.engine)
        self.assertEqual({'share_instances_host_status_idx'},
                         self._indexes('share_instances'))
        migration.downgrade('0002_services_ensuring', engine=self.engine)
        self.assertNotIn('ensure_runs', self.db.table_names())
        self.assertIn('ensuring', self._columns('services'))
        migration.downgrade('0001_initial', engine=self.engine)
        self.assertNotIn('ensuring', self._columns('services'))
        migration.downgrade('base', engine=self.engine)
        self.assertIsNone(migration.version(engine=self.engine))
        self.assertEqual({'alembic_version'}, self.db.table_names())

    def test_models_match_migrations(self):
        migration.upgrade('head', engine=self.engine)
        with self.engine.connect() as conn:
            context = alembic_migration.MigrationContext.configure(conn)
            diff = autogenerate.compare_metadata(context,
                                                 models.Base.metadata)
        self.assertEqual([], diff)


class TestMigrationsSQLite(MigrationsMixin, base.TestCase):
    DATABASE = 'sqlite'


class TestMigrationsPostgreSQL(MigrationsMixin, base.TestCase):
    DATABASE = 'postgresql'


class TestMigrationsMySQL(MigrationsMixin, base.TestCase):
    DATABASE = 'mysql'
