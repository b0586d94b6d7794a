"""services.api.ensure_shares: the checks, the claim and the cast."""

import datetime
from unittest import mock

import oslo_messaging as messaging
from oslo_utils import timeutils

from manila.db import api as db
from manila import exception
from manila.services import api as services_api
from manila.tests import base
from manila.tests.unit.db import helpers as db_helpers

HOST = 'node1@alpha'


class EnsureSharesTestCase(base.TestCase):

    def setUp(self):
        super().setUp()
        self.rpcapi = mock.Mock()
        self.api = services_api.API(share_rpcapi=self.rpcapi)

    def _service(self, host=HOST, binary='manila-share', up=True,
                 disabled=False, ensuring=False):
        heartbeat = timeutils.utcnow()
        if not up:
            heartbeat -= datetime.timedelta(seconds=3600)
        return db.service_create(self.context, {
            'host': host, 'binary': binary, 'topic': binary,
            'heartbeat_at': heartbeat, 'disabled': disabled,
            'ensuring': ensuring})

    def _ensuring(self, service):
        return db.service_get(self.context, service.id).ensuring

    def _assert_raises(self, exc_class, code):
        exc = self.assertRaises(exc_class, self.api.ensure_shares,
                                self.context, HOST)
        self.assertEqual(code, exc.code)
        self.rpcapi.ensure_shares.assert_not_called()
        return exc

    def test_claims_and_casts_to_the_host(self):
        service = self._service()
        run_id = self.api.ensure_shares(self.context, HOST)
        self.rpcapi.ensure_shares.assert_called_once_with(
            self.context, HOST, run_id=run_id)
        self.assertTrue(self._ensuring(service))
        # The claim recorded the run the cast names.
        run = db.ensure_run_get(self.context, run_id)
        self.assertEqual((HOST, 'api', 'running'),
                         (run.host, run.triggered_by, run.status))

    def test_unknown_host_is_404(self):
        self._service(host='node1@beta')
        self._service(binary='manila-scheduler')
        exc = self._assert_raises(exception.ShareServiceNotFound, 404)
        self.assertIn(HOST, str(exc))

    def test_host_is_looked_up_as_given(self):
        self._service()
        self.assertRaises(exception.ShareServiceNotFound,
                          self.api.ensure_shares, self.context, ' %s ' % HOST)

    def test_down_is_409_before_disabled(self):
        service = self._service(up=False, disabled=True)
        self._assert_raises(exception.ServiceIsDown, 409)
        self.assertFalse(self._ensuring(service))

    def test_disabled_is_409_and_not_claimed(self):
        service = self._service(disabled=True)
        self._assert_raises(exception.ServiceIsDisabled, 409)
        self.assertFalse(self._ensuring(service))

    def test_running_is_409_after_other_checks(self):
        self._service(ensuring=True)
        self._assert_raises(exception.EnsureAlreadyRunning, 409)

    def test_running_is_409_from_the_read_alone(self):
        # A backend asked again while it runs is the busiest answer: the
        # flag read as set answers it, with no claim attempted.
        self._service(ensuring=True)
        with db_helpers.count_statements() as statements:
            self._assert_raises(exception.EnsureAlreadyRunning, 409)
        self.assertEqual(['SELECT'], [s.split()[0] for s in statements])

    def test_second_request_conflicts_until_released(self):
        self._service()
        self.api.ensure_shares(self.context, HOST)
        self.assertRaises(exception.EnsureAlreadyRunning,
                          self.api.ensure_shares, self.context, HOST)
        db.service_release_ensuring(self.context, HOST)
        self.api.ensure_shares(self.context, HOST)
        self.assertEqual(2, self.rpcapi.ensure_shares.call_count)

    def test_messaging_failure_releases_claim_and_is_503(self):
        service = self._service()
        self.rpcapi.ensure_shares.side_effect = (
            messaging.MessageDeliveryFailure('broker unreachable'))
        exc = self.assertRaises(exception.MessagingUnavailable,
                                self.api.ensure_shares, self.context, HOST)
        self.assertEqual(503, exc.code)
        self.assertFalse(self._ensuring(service))
        # Its run never started: failed, saying why.
        (run,) = db.ensure_run_get_all(self.context)
        self.assertEqual('failed', run.status)
        self.assertIn('could not be sent to %s (broker unreachable)' % HOST,
                      run.error)
        # Once the broker is back, the same request goes through.
        self.rpcapi.ensure_shares.side_effect = None
        self.api.ensure_shares(self.context, HOST)
        self.assertTrue(self._ensuring(service))

    def test_any_messaging_exception_is_503(self):
        service = self._service()
        self.rpcapi.ensure_shares.side_effect = messaging.MessagingTimeout()
        self.assertRaises(exception.MessagingUnavailable,
                          self.api.ensure_shares, self.context, HOST)
        self.assertFalse(self._ensuring(service))

    def test_other_cast_error_releases_claim_and_propagates(self):
        service = self._service()
        self.rpcapi.ensure_shares.side_effect = ValueError('bug')
        self.assertRaises(ValueError, self.api.ensure_shares,
                          self.context, HOST)
        self.assertFalse(self._ensuring(service))
