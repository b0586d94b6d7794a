"""What the ensure-shares tests share: skips, the backend, waiters.

The tests are built on manila-tempest-plugin's base classes, options and
shares v2 client. An ensure run changes a backend for everyone, so each
class that starts one (or disables a backend) is ``@decorators.serial``:
tempest runs it while no other test runs.
"""

import time

from manila_tempest_tests.tests.api import base
from manila_tempest_tests import utils
from tempest import config
from tempest.lib.common.utils import data_utils
from tempest.lib import exceptions as lib_exc

from manila_ensure_tempest.services import ensure_client

CONF = config.CONF
SHARE_BINARY = 'manila-share'

# Test attributes: tempest's 'gate' and 'negative', and the pairs
# manila-tempest-plugin's base class requires in every test id.
POSITIVE_API = ['gate', base.TAG_POSITIVE, base.TAG_API]
POSITIVE_BACKEND = ['gate', base.TAG_POSITIVE, base.TAG_API_WITH_BACKEND]
NEGATIVE_API = ['gate', 'negative', base.TAG_NEGATIVE, base.TAG_API]
NEGATIVE_BACKEND = ['gate', 'negative', base.TAG_NEGATIVE,
                    base.TAG_API_WITH_BACKEND]


def skip_unless_supported(test_class, microversion):
    """Raise the class's skip unless the cloud can run these tests."""
    if not CONF.share_ensure.enabled:
        raise test_class.skipException(
            'Ensure shares tests are disabled: [share_ensure] enabled is '
            'false.')
    if not utils.is_microversion_supported(microversion):
        raise test_class.skipException(
            'Ensure shares needs API microversion %s; [share] '
            'max_api_microversion is %s.'
            % (microversion, CONF.share.max_api_microversion))


def backend_name_of(host):
    """'host@backend#pool' -> 'backend'."""
    return host.split('@', 1)[-1].split('#', 1)[0]


def first_usable_backend(client):
    """The first manila-share service that is up and enabled."""
    for service in client.list_services(
            {'binary': SHARE_BINARY})['services']:
        if service['state'] == 'up' and service['status'] == 'enabled':
            return service['host']
    raise lib_exc.TempestException(
        'No manila-share service is up and enabled; set [share_ensure] '
        'backend_host or start one.')


def wait_for_ensuring(client, host, ensuring, timeout=None):
    """Poll the service of ``host`` until its ``ensuring`` is as given.

    Bounded by ``[share] build_timeout``, polling every ``build_interval``.
    """
    timeout = CONF.share.build_timeout if timeout is None else timeout
    deadline = time.monotonic() + timeout
    while True:
        service = client.show_share_service(host)
        if service is None:
            raise lib_exc.NotFound('No manila-share service on %s' % host)
        if service['ensuring'] is ensuring:
            return service
        if time.monotonic() >= deadline:
            raise lib_exc.TimeoutException(
                'The manila-share service of %s still had ensuring=%s '
                'after %s s (waiting for %s).'
                % (host, service['ensuring'], timeout, ensuring))
        time.sleep(CONF.share.build_interval)


class EnsureSharesAdminBase(base.BaseSharesAdminTest):
    """Admin credentials, the ensure client and the backend under test."""

    # The microversion every test of the class needs.
    microversion = ensure_client.ENSURE_MICROVERSION

    @classmethod
    def skip_checks(cls):
        super().skip_checks()
        skip_unless_supported(cls, cls.microversion)

    @classmethod
    def setup_clients(cls):
        super().setup_clients()
        cls.ensure_client = cls.os_admin.share_ensure.EnsureSharesClient()

    @classmethod
    def resource_setup(cls):
        super().resource_setup()
        cls.backend_host = (CONF.share_ensure.backend_host
                            or first_usable_backend(cls.ensure_client))
        cls.busy_host = CONF.share_ensure.busy_backend_host

    @classmethod
    def create_share_on(cls, host, backend_name=None):
        """A share on backend ``host``, through a share type pinning it.

        Returns the share (admin view) with its sorted export paths in
        ``export_paths``.
        """
        share_type = cls.create_share_type(
            name=data_utils.rand_name('ensure-tempest'),
            extra_specs={'share_backend_name':
                         backend_name or backend_name_of(host)})
        share = cls.create_share(share_type_id=share_type['id'],
                                 client=cls.admin_shares_v2_client)
        share = cls.admin_shares_v2_client.get_share(share['id'])['share']
        if share.get('host') and share['host'].split('#')[0] != host:
            raise lib_exc.TempestException(
                'The share landed on %s, not on %s: check [share_ensure] '
                'backend_name.' % (share['host'], host))
        share['export_paths'] = cls.export_paths(share['id'])
        return share

    @classmethod
    def export_paths(cls, share_id):
        locations = cls.admin_shares_v2_client.list_share_export_locations(
            share_id)['export_locations']
        return sorted(location['path'] for location in locations)

    def require_busy_backend(self):
        if not self.busy_host:
            raise self.skipException(
                'Needs a backend whose ensure run lasts long enough to be '
                'seen running ([share_ensure] busy_backend_host); on a '
                'fast backend the run may end before the next request.')
        return self.busy_host

    def ensure(self, host, **kwargs):
        """Ask ``host`` to ensure; the test waits for the end in cleanup."""
        resp = self.ensure_client.ensure_shares(host, **kwargs)
        self.addCleanup(wait_for_ensuring, self.ensure_client, host, False)
        return resp

    def assert_share_unchanged(self, share):
        """The share is available with the export paths it had."""
        current = self.admin_shares_v2_client.get_share(share['id'])['share']
        self.assertEqual('available', current['status'])
        self.assertEqual(share['export_paths'],
                         self.export_paths(share['id']))

    def disable_service(self, host, reason):
        """Disable ``host``; a cleanup enables it again whatever happens."""
        self.ensure_client.set_service_enabled(host, False, reason=reason)
        self.addCleanup(self.ensure_client.set_service_enabled, host, True)
