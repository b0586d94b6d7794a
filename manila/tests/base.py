"""Base class of unit tests: clean config, a fresh SQLite database."""

from oslo_config import fixture as config_fixture
import testtools

from manila.common import config  # noqa: F401  (registers global options)
from manila import context
from manila.tests import fixtures as manila_fixtures


class TestCase(testtools.TestCase):

    DATABASE = 'sqlite'

    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(config_fixture.Config()).conf
        self.db = None
        if self.DATABASE:
            self.db = self.useFixture(
                manila_fixtures.Database(self, kind=self.DATABASE))
        self.context = context.get_admin_context()

    def flags(self, group=None, **kwargs):
        for name, value in kwargs.items():
            self.conf.set_override(name, value, group=group)
