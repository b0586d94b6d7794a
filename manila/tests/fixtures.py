"""The unit tests' databases: SQLite in a file, or a real server.

SQLite (the default of ``base.TestCase``) is a file in a temporary
directory: the API and race tests use it from several threads, which an
in-memory database cannot serve.

PostgreSQL and MariaDB come from oslo.db's opportunistic test fixtures
(``oslo_db.sqlalchemy.test_fixtures``): oslo.db provisions a database with a
random name on the server for each test, points this process's
enginefacade at it and drops it afterwards. The servers are the ones named
by ``MANILA_TEST_POSTGRESQL_URL`` and ``MANILA_TEST_MYSQL_URL`` (the same
variables the functional tests read); unset, oslo.db's own
``OS_TEST_DBAPI_ADMIN_CONNECTION`` or its ``openstack_citest`` defaults on
localhost apply. A test whose server cannot be reached skips, and fails
under ``CI=true`` (``base.TestCase.SKIP_ON_UNAVAILABLE_DB``).
"""

import os

import fixtures
from oslo_db.sqlalchemy import provision
from oslo_db.sqlalchemy import test_fixtures
from oslo_db.sqlalchemy import utils as db_utils
import sqlalchemy as sa

from manila.db.sqlalchemy import models
from manila.db.sqlalchemy import session
from manila.tests import backends

SERVERS = ('postgresql', 'mysql')


def use_configured_servers():
    """Hand the servers of MANILA_TEST_*_URL to oslo.db's provisioning.

    oslo.db reads its own variable once, when ``provision`` is imported;
    ours, when set, take precedence for their kind of database.
    """
    for kind in SERVERS:
        url = os.environ.get(backends.ENV[kind])
        if url:
            provision.Backend.backends_by_database_type[kind] = (
                provision.Backend(kind, db_utils.make_url(url)))


use_configured_servers()


def table_names(engine):
    return set(sa.inspect(engine).get_table_names())


class SQLiteDatabase(fixtures.Fixture):
    """A fresh SQLite file this process's enginefacade points at, with the
    models' tables (create_all) unless ``empty``."""

    kind = 'sqlite'

    def __init__(self, empty=False):
        super().__init__()
        self.empty = empty

    def _setUp(self):
        tmp = self.useFixture(fixtures.TempDir()).path
        self.url = 'sqlite:///%s' % os.path.join(tmp, 'manila.sqlite')
        self.addCleanup(session.use_connection(self.url))
        self.engine = session.get_engine()
        self.addCleanup(self.engine.dispose)
        if not self.empty:
            models.Base.metadata.create_all(self.engine)

    def table_names(self):
        return table_names(self.engine)


class ServerDatabase(test_fixtures.GeneratesSchema,
                     test_fixtures.OpportunisticDbFixture):
    """A database oslo.db provisions on a PostgreSQL or MariaDB server.

    Made by ``base.TestCase`` for ``DATABASE = 'postgresql'`` or
    ``'mysql'``; the schema is the models' (create_all).
    """

    def __init__(self, test, driver):
        super().__init__(test, driver=driver)
        self.kind = driver
        self.engine = None

    def get_enginefacade(self):
        return session.context_manager

    def generate_schema_create_all(self, engine):
        if engine.dialect.name == 'mysql':
            # Whatever the server's default, as production databases are.
            with engine.begin() as conn:
                conn.execute(sa.text(
                    'ALTER DATABASE `%s` CHARACTER SET utf8mb4'
                    % engine.url.database))
        self.create_schema(engine)

    def create_schema(self, engine):
        models.Base.metadata.create_all(engine)

    def _setUp(self):
        super()._setUp()
        if self._has_db_resource():
            self.engine = self._get_provisioned_db().engine
            self.url = self.engine.url
            # oslo.db made this engine, not the enginefacade: give it what
            # the service's engines get, for the connections made from now.
            session.on_engine_create(self.engine)
            self.engine.dispose()

    def _get_db_resource_not_available_reason(self):
        variable = backends.ENV[self.kind]
        return '%s (%s)' % (
            super()._get_db_resource_not_available_reason(),
            'the server of %s' % variable if os.environ.get(variable)
            else '%s is not set' % variable)

    def table_names(self):
        return table_names(self.engine)


class EmptyServerDatabase(ServerDatabase):
    """The same, with no tables: for the migration tests."""

    def create_schema(self, engine):
        pass
