"""The ensuring flag from the API's claim to the end of the run, over a
real SQLite database (manila.services.api)."""

import contextlib
import re
from unittest import mock

import fixtures
from oslo_db import exception as db_exc
from oslo_utils import timeutils

from manila.common import states
from manila.db import api as db
from manila.services import api as services_api
from manila.share import ensure
from manila.tests.unit.db import helpers as db_helpers
from manila.tests.unit.share import ensure_helpers

HOST = ensure_helpers.HOST
EnsureTestCase = ensure_helpers.EnsureTestCase
FakeBackend = ensure_helpers.FakeBackend
FakeDriver = ensure_helpers.FakeDriver
new_locations = ensure_helpers.new_locations


@contextlib.contextmanager
def services_table_fails_once():
    """The next statement on the services table fails as a lost
    connection would; the ones after it succeed."""
    failed = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        if not failed and re.search(r'\bservices\b', statement):
            failed.append(statement)
            raise db_exc.DBConnectionError('connection lost')

    with db_helpers.on_each_statement(listener):
        yield failed


class ClaimTestCase(EnsureTestCase):
    """The ensuring flag from the API's claim to the end of the run."""

    def setUp(self):
        super().setUp()
        db.service_update(self.context, self.service.id,
                          {'heartbeat_at': timeutils.utcnow()})
        self.rpcapi = mock.Mock()
        self.api = services_api.API(share_rpcapi=self.rpcapi)

    def test_db_error_as_the_run_starts_does_not_keep_the_claim(self):
        ids = self.make_shares(2)
        self.api.ensure_shares(self.context, HOST)
        self.assertTrue(self.flag())

        # The backend's first look at its service row meets a lost
        # connection: the run cannot start, and must let go of the claim.
        with services_table_fails_once() as failed:
            self.assertFalse(self.run_requested())
        self.assertEqual(1, len(failed))
        self.assertFalse(self.flag())
        self.assertEqual([], self.driver.batches)
        self.assertEqual([states.AVAILABLE] * 2, self.statuses(ids))

        # So the operator's next request is accepted (202), not 409.
        self.api.ensure_shares(self.context, HOST)
        self.assertEqual(2, self.rpcapi.ensure_shares.call_count)
        self.assertTrue(self.run_requested())
        self.assertEqual([ids], self.driver.batches)
        self.assertFalse(self.flag())

    def test_claim_is_released_by_the_end_of_every_run(self):
        self.make_shares(1)
        for answer in (new_locations, mock.Mock(side_effect=RuntimeError)):
            self.driver.answer = answer
            self.api.ensure_shares(self.context, HOST)
            self.run_requested()
            self.assertFalse(self.flag())
        self.assertEqual(2, self.rpcapi.ensure_shares.call_count)

    def test_until_sent_releases_when_the_body_raises(self):
        claim = services_api.EnsuringClaim(self.context, HOST)
        self.assertTrue(claim.take())
        self.assertFalse(claim.take())
        with claim.until_sent():
            pass
        self.assertTrue(self.flag())
        self.assertRaises(KeyboardInterrupt, self._raise_inside,
                          claim.until_sent(), KeyboardInterrupt)
        self.assertFalse(self.flag())

    def test_held_releases_however_the_body_ends(self):
        claim = services_api.EnsuringClaim(self.context, HOST)
        with claim.held() as found:
            self.assertTrue(found)
            self.assertTrue(self.flag())
        self.assertFalse(self.flag())
        self.assertRaises(RuntimeError, self._raise_inside, claim.held(),
                          RuntimeError)
        self.assertFalse(self.flag())

    def test_held_without_a_service_row_yields_false(self):
        with services_api.EnsuringClaim(self.context,
                                        'node9@alpha').held() as found:
            self.assertFalse(found)
        self.assertFalse(self.run_requested_on('node9@alpha'))
        self.assertEqual([], self.driver.batches)

    def test_release_failing_for_good_is_logged_not_raised(self):
        claim = services_api.EnsuringClaim(self.context, HOST)
        self.useFixture(fixtures.MockPatchObject(
            db, 'service_release_ensuring',
            side_effect=db_exc.DBConnectionError('connection lost')))
        logger = self.useFixture(fixtures.FakeLogger())
        with claim.held():
            pass
        self.assertEqual(services_api.RECOVERY_ATTEMPTS,
                         db.service_release_ensuring.call_count)
        self.assertIn('Could not clear the ensuring flag of %s' % HOST,
                      logger.output)

    def run_requested_on(self, host):
        backend = FakeBackend(self.context, self.driver, host=host)
        return ensure.run_requested(self.context, *backend.inputs())

    @staticmethod
    def _raise_inside(manager, exc_class):
        with manager:
            raise exc_class()
