"""Ensure shares requests the API must refuse, and why."""

from tempest import config
from tempest.lib.common.utils import data_utils
from tempest.lib import decorators
from tempest.lib import exceptions as lib_exc

from manila_ensure_tempest.tests import base

CONF = config.CONF


@decorators.serial
class EnsureSharesNegativeTest(base.EnsureSharesAdminBase):

    def assert_refused(self, error, body=None, host=None, **kwargs):
        """The request fails with ``error``; no run started."""
        host = host or self.backend_host
        self.assertRaises(error, self.ensure_client.ensure_shares, host,
                          body=body, **kwargs)
        self.assertIs(False, self.ensure_client.show_share_service(
            self.backend_host)['ensuring'])

    @decorators.idempotent_id('64a56dc1-b274-4e80-9b18-40762e5aa1ac')
    @decorators.attr(type=base.NEGATIVE_API)
    def test_unknown_host(self):
        self.assert_refused(lib_exc.NotFound,
                            host=data_utils.rand_name('nowhere') + '@beta')

    @decorators.idempotent_id('50cc4890-cd92-47c5-a2af-9f493f435220')
    @decorators.attr(type=base.NEGATIVE_API)
    def test_unknown_backend_of_a_known_host(self):
        host = self.backend_host.split('@')[0]
        self.assert_refused(lib_exc.NotFound,
                            host='%s@%s' % (host, data_utils.rand_name('no')))

    @decorators.idempotent_id('909119fc-0f87-46b1-a256-7e4a8126ef9d')
    @decorators.attr(type=base.NEGATIVE_API)
    def test_ensure_path_before_2_86(self):
        self.assert_refused(lib_exc.NotFound, path='ensure', version='2.85')

    @decorators.idempotent_id('bbc43867-6458-431c-872f-1b3ea8ed0198')
    @decorators.attr(type=base.NEGATIVE_API)
    def test_ensure_shares_path_before_2_86(self):
        self.assert_refused(lib_exc.NotFound, path='ensure-shares',
                            version='2.85')

    @decorators.idempotent_id('b71584b9-b6f6-42e1-96ac-debc433502d8')
    @decorators.attr(type=base.NEGATIVE_API)
    def test_body_without_host(self):
        self.assert_refused(lib_exc.BadRequest, body={})

    @decorators.idempotent_id('c1ac4630-e2ab-4970-aba2-77089dcef5fb')
    @decorators.attr(type=base.NEGATIVE_API)
    def test_wrapped_body_without_host(self):
        self.assert_refused(lib_exc.BadRequest, body={'ensure_shares': {}})

    @decorators.idempotent_id('d0c51e70-fb1c-447a-bfb8-da3636a2da9a')
    @decorators.attr(type=base.NEGATIVE_API)
    def test_host_not_a_string(self):
        self.assert_refused(lib_exc.BadRequest, body={'host': 42})

    @decorators.idempotent_id('f1e7daa5-0954-4e7b-ac1d-1e110315c6cb')
    @decorators.attr(type=base.NEGATIVE_API)
    def test_extra_key(self):
        self.assert_refused(lib_exc.BadRequest, body={
            'host': self.backend_host, 'force': True})

    @decorators.idempotent_id('86337301-56cf-497a-b2b8-769faa444f4e')
    @decorators.attr(type=base.NEGATIVE_API)
    def test_extra_key_in_wrapped_body(self):
        self.assert_refused(lib_exc.BadRequest, body={
            'ensure_shares': {'host': self.backend_host, 'force': True}})

    @decorators.idempotent_id('eb8959bd-d860-479a-8a94-7349d22c3072')
    @decorators.attr(type=base.NEGATIVE_API)
    def test_body_not_an_object(self):
        self.assert_refused(lib_exc.BadRequest, body=[self.backend_host])

    @decorators.idempotent_id('120b2bb6-14a0-4121-bc60-b33dcf602b19')
    @decorators.attr(type=base.NEGATIVE_API)
    def test_disabled_backend(self):
        self.disable_service(self.backend_host,
                             data_utils.rand_name('ensure-tempest'))
        self.assert_refused(lib_exc.Conflict)

    @decorators.idempotent_id('5fb90a66-e533-450a-98c4-9a934caac3b5')
    @decorators.attr(type=base.NEGATIVE_BACKEND)
    def test_second_ensure_while_one_runs(self):
        host = self.require_busy_backend()
        self.create_share_on(host, CONF.share_ensure.busy_backend_name)
        self.ensure(host)
        self.assertRaises(lib_exc.Conflict, self.ensure_client.ensure_shares,
                          host)
        # Refused because the first run is still going, not for any other
        # reason: the service is up, enabled and ensuring.
        service = self.ensure_client.show_share_service(host)
        self.assertEqual(('up', 'enabled', True), (
            service['state'], service['status'], service['ensuring']))
        base.wait_for_ensuring(self.ensure_client, host, False)
