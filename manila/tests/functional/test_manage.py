"""manila-manage as operators run it: a real process and a config file."""

import os
import subprocess
import sys

import fixtures
import sqlalchemy as sa
import testtools

from manila.db import migration
from manila.tests import backends


def _manage(config_file, *args):
    exe = os.path.join(os.path.dirname(sys.executable), 'manila-manage')
    return subprocess.run([exe, '--config-file', config_file] + list(args),
                          capture_output=True, text=True, timeout=120)


class ManageDbMixin:
    KIND = None

    def setUp(self):
        super().setUp()
        tmp = self.useFixture(fixtures.TempDir()).path
        if self.KIND == 'sqlite':
            self.url = 'sqlite:///%s' % os.path.join(tmp, 'manila.sqlite')
        else:
            server = backends.require(self, self.KIND)
            self.url = backends.create_database(server)
            self.addCleanup(backends.drop_database, server, self.url)
        self.config_file = os.path.join(tmp, 'manila.conf')
        with open(self.config_file, 'w') as f:
            f.write('[database]\nconnection = %s\n' % self.url)

    def test_sync_then_version(self):
        before = _manage(self.config_file, 'db', 'version')
        self.assertEqual(0, before.returncode, before.stderr)
        self.assertIn('None', before.stdout)

        sync = _manage(self.config_file, 'db', 'sync')
        self.assertEqual(0, sync.returncode, sync.stderr)

        version = _manage(self.config_file, 'db', 'version')
        self.assertEqual(0, version.returncode, version.stderr)
        # oslo.log writes to stdout too; the answer is the last line.
        self.assertEqual(migration.head(),
                         version.stdout.strip().splitlines()[-1])

        engine = sa.create_engine(self.url, poolclass=sa.pool.NullPool)
        columns = {c['name'] for c in
                   sa.inspect(engine).get_columns('services')}
        self.assertIn('ensuring', columns)
        self.assertIn('share_instance_export_locations',
                      sa.inspect(engine).get_table_names())

    def test_sync_is_idempotent(self):
        for _ in range(2):
            sync = _manage(self.config_file, 'db', 'sync')
            self.assertEqual(0, sync.returncode, sync.stderr)

    def test_unreachable_database_fails_clearly(self):
        with open(self.config_file, 'w') as f:
            f.write('[database]\nconnection = '
                    'postgresql+psycopg2://nobody@127.0.0.1:1/none\n'
                    'max_retries = 0\n')
        sync = _manage(self.config_file, 'db', 'sync')
        self.assertEqual(1, sync.returncode)
        self.assertIn('sync failed', sync.stderr)


class TestManageSQLite(ManageDbMixin, testtools.TestCase):
    KIND = 'sqlite'


class TestManagePostgreSQL(ManageDbMixin, testtools.TestCase):
    KIND = 'postgresql'


class TestManageMySQL(ManageDbMixin, testtools.TestCase):
    KIND = 'mysql'
