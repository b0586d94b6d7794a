"""Base class of unit tests: clean config, a fresh database.

``DATABASE`` picks the database: 'sqlite' (the default, a file of its
own), 'postgresql' or 'mysql' (a database oslo.db provisions on the server,
see ``manila.tests.fixtures``), or None for tests that need none.
"""

from oslo_config import fixture as config_fixture
from oslo_db.sqlalchemy import test_fixtures
import testtools

from manila.common import config  # noqa: F401  (registers global options)
from manila import context
from manila.tests import backends
from manila.tests import fixtures as manila_fixtures


class TestCase(test_fixtures.OpportunisticDBTestMixin, testtools.TestCase):

    DATABASE = 'sqlite'
    # The fixture of a server database; EmptyServerDatabase for no tables.
    FIXTURE = manila_fixtures.ServerDatabase
    SQLITE_EMPTY = False

    @property
    def SKIP_ON_UNAVAILABLE_DB(self):
        # A CI machine must not pass by skipping what it was meant to run.
        return not backends._in_ci()

    def generate_fixtures(self):
        if self.DATABASE in manila_fixtures.SERVERS:
            return [self.FIXTURE(self, self.DATABASE)]
        return []

    def setUp(self):
        # Registered first, so it runs last: after oslo.db has dropped the
        # provisioned database, close the connections the test left open.
        self.addCleanup(self._dispose_server_engines)
        super().setUp()
        self.conf = self.useFixture(config_fixture.Config()).conf
        self.db = None
        if self.DATABASE == 'sqlite':
            self.db = self.useFixture(
                manila_fixtures.SQLiteDatabase(empty=self.SQLITE_EMPTY))
        elif self.DATABASE:
            self.db = self._instantiate_fixtures()[0]
        self.context = context.get_admin_context()

    def _dispose_server_engines(self):
        for fixture in self._instantiated_fixtures or ():
            if fixture.engine is not None:
                fixture.engine.dispose()

    def flags(self, group=None, **kwargs):
        for name, value in kwargs.items():
            self.conf.set_override(name, value, group=group)
