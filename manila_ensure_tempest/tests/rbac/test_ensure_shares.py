"""Who may ensure shares and list services, with tempest's personas.

The API's rules are project-scoped (upstream manila dropped system scope):
a project administrator may; a project member or reader gets 403, and so
does a system administrator where tempest enforces manila's scope.
"""

from manila_tempest_tests.tests.api import base as manila_base
from tempest import config
from tempest.lib import decorators
from tempest.lib import exceptions as lib_exc

from manila_ensure_tempest.services import ensure_client
from manila_ensure_tempest.tests import base

CONF = config.CONF


class EnsureSharesRbacBase(manila_base.BaseSharesTest):
    """The persona is credentials[0]; a project admin finds the backend."""

    identity_version = 'v3'

    @classmethod
    def skip_checks(cls):
        super().skip_checks()
        base.skip_unless_supported(cls, ensure_client.ENSURE_MICROVERSION)

    @classmethod
    def setup_clients(cls):
        super().setup_clients()
        persona = getattr(cls, 'os_%s' % cls.credentials[0])
        cls.client = persona.share_ensure.EnsureSharesClient()
        cls.admin_client = cls.os_project_admin.share_ensure.\
            EnsureSharesClient()

    @classmethod
    def resource_setup(cls):
        super().resource_setup()
        cls.backend_host = (CONF.share_ensure.backend_host
                            or base.first_usable_backend(cls.admin_client))


class RefusedPersonaMixin:
    """Both calls answer 403, and no run starts."""

    @decorators.attr(type=base.NEGATIVE_API)
    def test_ensure_shares(self):
        self.assertRaises(lib_exc.Forbidden, self.client.ensure_shares,
                          self.backend_host)
        self.assertIs(False, self.admin_client.show_share_service(
            self.backend_host)['ensuring'])

    @decorators.attr(type=base.NEGATIVE_API)
    def test_list_services(self):
        self.assertRaises(lib_exc.Forbidden, self.client.list_services)


@decorators.serial
class ProjectAdminTest(EnsureSharesRbacBase):
    credentials = ['project_admin']

    @decorators.idempotent_id('58a11b1a-1b24-4cf4-8514-3b482f143722')
    @decorators.attr(type=base.POSITIVE_BACKEND)
    def test_ensure_shares(self):
        resp = self.client.ensure_shares(self.backend_host)
        self.addCleanup(base.wait_for_ensuring, self.admin_client,
                        self.backend_host, False)
        self.assertEqual(202, resp.response.status)

    @decorators.idempotent_id('aaa2baa9-746c-49b1-90d1-4832e9251585')
    @decorators.attr(type=base.POSITIVE_API)
    def test_list_services(self):
        services = self.client.list_services()['services']
        self.assertIn(self.backend_host, [s['host'] for s in services])


class ProjectMemberTest(RefusedPersonaMixin, EnsureSharesRbacBase):
    credentials = ['project_member', 'project_admin']

    @decorators.idempotent_id('3ba14c83-5b39-48db-bd13-2eb23feb9bd8')
    @decorators.attr(type=base.NEGATIVE_API)
    def test_ensure_shares(self):
        super().test_ensure_shares()

    @decorators.idempotent_id('60a78e0e-aa7f-4022-aaa3-ba8d995edb49')
    @decorators.attr(type=base.NEGATIVE_API)
    def test_list_services(self):
        super().test_list_services()


class ProjectReaderTest(RefusedPersonaMixin, EnsureSharesRbacBase):
    credentials = ['project_reader', 'project_admin']

    @decorators.idempotent_id('31411c01-57b0-4378-9f16-51559b28c428')
    @decorators.attr(type=base.NEGATIVE_API)
    def test_ensure_shares(self):
        super().test_ensure_shares()

    @decorators.idempotent_id('de7f6cf0-c8e2-41d0-bdcd-6cadfc4bb7de')
    @decorators.attr(type=base.NEGATIVE_API)
    def test_list_services(self):
        super().test_list_services()


class SystemAdminTest(RefusedPersonaMixin, EnsureSharesRbacBase):
    credentials = ['system_admin', 'project_admin']

    @classmethod
    def skip_checks(cls):
        super().skip_checks()
        if not CONF.enforce_scope.manila:
            raise cls.skipException(
                'System-scoped tokens are refused only where the cloud '
                'enforces scope: set [enforce_scope] manila = True when '
                'manila-api runs with [oslo_policy] enforce_scope.')

    @decorators.idempotent_id('cf29d3e9-9199-40fe-bc2b-648d617b7bf1')
    @decorators.attr(type=base.NEGATIVE_API)
    def test_ensure_shares(self):
        super().test_ensure_shares()

    @decorators.idempotent_id('f7b9b5b5-b64e-4089-b4a3-94d2dbc111ac')
    @decorators.attr(type=base.NEGATIVE_API)
    def test_list_services(self):
        super().test_list_services()
