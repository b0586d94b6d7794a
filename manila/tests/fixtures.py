"""Fixtures shared by unit and functional tests."""

import os

import fixtures
import sqlalchemy as sa

from manila.db import migration
from manila.db.sqlalchemy import models
from manila.db.sqlalchemy import session
from manila.tests import backends


class Database(fixtures.Fixture):
    """A fresh, empty database this process's enginefacade points at.

    ``kind`` is 'sqlite' (a file in a temporary directory), 'postgresql' or
    'mysql' (a uniquely named database created on the server from the
    environment, dropped afterwards). ``schema`` is 'models' (create_all,
    fast), 'migrations' (alembic to head) or None (empty).
    """

    def __init__(self, test, kind='sqlite', schema='models'):
        super().__init__()
        self.test = test
        self.kind = kind
        self.schema = schema
        # Checked here, not in _setUp: a skip raised inside a fixture's
        # setUp would turn into a setup error.
        self.server = (None if kind == 'sqlite'
                       else backends.require(test, kind))

    def _setUp(self):
        if self.kind == 'sqlite':
            tmp = self.useFixture(fixtures.TempDir()).path
            self.url = 'sqlite:///%s' % os.path.join(tmp, 'manila.sqlite')
        else:
            self.url = backends.create_database(self.server)
            self.addCleanup(backends.drop_database, self.server, self.url)
        self.addCleanup(session.use_connection(self.url))
        self.engine = session.get_engine()
        self.addCleanup(self.engine.dispose)
        if self.schema == 'models':
            models.Base.metadata.create_all(self.engine)
        elif self.schema == 'migrations':
            migration.upgrade('head', engine=self.engine)

    def table_names(self):
        return set(sa.inspect(self.engine).get_table_names())
