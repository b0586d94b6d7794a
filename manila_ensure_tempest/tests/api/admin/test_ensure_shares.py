"""Ensure shares as an administrator: the run, both URLs, both bodies,
the ``ensuring`` field and its filter."""

from tempest import config
from tempest.lib import decorators

from manila_ensure_tempest.services import ensure_client
from manila_ensure_tempest.tests import base

CONF = config.CONF


@decorators.serial
class EnsureSharesAdminTest(base.EnsureSharesAdminBase):

    @classmethod
    def resource_setup(cls):
        super().resource_setup()
        cls.share = cls.create_share_on(cls.backend_host,
                                        CONF.share_ensure.backend_name)
        cls.busy_share = None
        if cls.busy_host:
            cls.busy_share = cls.create_share_on(
                cls.busy_host, CONF.share_ensure.busy_backend_name)

    def _ensure_and_check(self, path, body_shape):
        resp = self.ensure(self.backend_host, path=path,
                           body_shape=body_shape)
        self.assertEqual(202, resp.response.status)
        base.wait_for_ensuring(self.ensure_client, self.backend_host, False)
        # The configuration did not change: same share, same exports.
        self.assert_share_unchanged(self.share)

    @decorators.idempotent_id('c03a0804-d39e-4ab4-9a98-e3416a09e1ee')
    @decorators.attr(type=base.POSITIVE_BACKEND)
    def test_ensure_backend_holding_a_share(self):
        self._ensure_and_check('ensure', 'flat')

    @decorators.idempotent_id('65ce2ab1-79fb-4a44-8d4e-e6e21df32380')
    @decorators.attr(type=base.POSITIVE_BACKEND)
    def test_ensure_through_ensure_shares_path(self):
        self._ensure_and_check('ensure-shares', 'flat')

    @decorators.idempotent_id('12d90b4c-a38e-4d72-9d4b-b712d66c109d')
    @decorators.attr(type=base.POSITIVE_BACKEND)
    def test_ensure_with_wrapped_body(self):
        self._ensure_and_check('ensure', 'wrapped')

    @decorators.idempotent_id('bed78334-e984-4179-bb08-87788975cc04')
    @decorators.attr(type=base.POSITIVE_BACKEND)
    def test_ensure_shares_path_with_wrapped_body(self):
        self._ensure_and_check('ensure-shares', 'wrapped')

    @decorators.idempotent_id('66d8c3c0-5ca5-49a0-b0fe-22157f585db9')
    @decorators.attr(type=base.POSITIVE_BACKEND)
    def test_ensuring_shown_while_the_run_goes(self):
        host = self.require_busy_backend()
        self.ensure(host)
        # The run lasts several seconds on this backend: it is going.
        self.assertIs(True,
                      self.ensure_client.show_share_service(host)['ensuring'])
        base.wait_for_ensuring(self.ensure_client, host, False)
        self.assert_share_unchanged(self.busy_share)

    @decorators.idempotent_id('6e7db746-3801-4a5f-8f2b-e5d4c0af7a77')
    @decorators.attr(type=base.POSITIVE_API)
    def test_ensuring_is_a_boolean_of_every_service(self):
        services = self.ensure_client.list_services(
            version=ensure_client.ENSURE_MICROVERSION)['services']
        self.assertNotEqual([], services)
        for service in services:
            self.assertIsInstance(service.get('ensuring'), bool, service)

    @decorators.idempotent_id('af02ea7b-8d9b-4bd2-bbf3-3b2a88012545')
    @decorators.attr(type=base.POSITIVE_API)
    def test_no_ensuring_field_before_2_86(self):
        services = self.ensure_client.list_services(
            version='2.85')['services']
        self.assertNotEqual([], services)
        for service in services:
            self.assertNotIn('ensuring', service)


@decorators.serial
class EnsuringFilterTest(base.EnsureSharesAdminBase):

    microversion = ensure_client.ENSURING_FILTER_MICROVERSION

    def _hosts(self, ensuring):
        services = self.ensure_client.list_services(
            {'ensuring': ensuring},
            version=ensure_client.ENSURING_FILTER_MICROVERSION)['services']
        for service in services:
            self.assertIs(ensuring == 'True', service['ensuring'], service)
        return {(s['host'], s['binary']) for s in services}

    @decorators.idempotent_id('8807501e-6d00-4365-a6e7-1067d3bfe51b')
    @decorators.attr(type=base.POSITIVE_API)
    def test_filter_ensuring_false(self):
        every = self.ensure_client.list_services(
            version=ensure_client.ENSURING_FILTER_MICROVERSION)['services']
        idle = {(s['host'], s['binary']) for s in every if not s['ensuring']}
        self.assertNotEqual(set(), idle)
        self.assertEqual(idle, self._hosts('False'))

    @decorators.idempotent_id('b728b7c1-b546-43f6-a517-b7c22389f900')
    @decorators.attr(type=base.POSITIVE_BACKEND)
    def test_filter_ensuring_true_while_the_run_goes(self):
        host = self.require_busy_backend()
        self.create_share_on(host, CONF.share_ensure.busy_backend_name)
        self.ensure(host)
        self.assertIn((host, base.SHARE_BINARY), self._hosts('True'))
        self.assertNotIn((host, base.SHARE_BINARY), self._hosts('False'))
        base.wait_for_ensuring(self.ensure_client, host, False)
        self.assertNotIn((host, base.SHARE_BINARY), self._hosts('True'))
