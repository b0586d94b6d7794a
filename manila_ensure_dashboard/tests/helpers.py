"""Test helpers: Horizon's, a share endpoint in the catalog, fake services.
"""

from manilaclient.v2 import services as manila_services
from openstack_dashboard.test import helpers

from manila_ensure_dashboard.api import manila

SHARE_ENDPOINT = 'http://manila.example.com:8786/v2'


def service(id, host, binary='manila-share', status='enabled', state='up',
            ensuring=False, disabled_reason=None, zone='nova'):
    """A service as python-manilaclient returns it at 2.86."""
    return manila_services.Service(None, {
        'id': id, 'host': host, 'binary': binary, 'zone': zone,
        'status': status, 'state': state, 'ensuring': ensuring,
        'disabled_reason': disabled_reason,
        'updated_at': '2026-11-29T12:00:00.000000'}, loaded=True)


def ensure_run(id, host, status='succeeded', trigger='api', done=1,
               total=1, error=None, user_id='admin-id',
               project_id='admin-project', **counts):
    """An ensure run as ``GET /services/ensure-runs`` shows it."""
    info = {
        'id': id, 'host': host, 'trigger': trigger, 'status': status,
        'user_id': user_id if trigger == 'api' else None,
        'project_id': project_id if trigger == 'api' else None,
        'request_id': 'req-%s' % id,
        'started_at': '2026-11-29T12:00:00.000000',
        'finished_at': (None if status == 'running'
                        else '2026-11-29T12:05:00.000000'),
        'updated_at': '2026-11-29T12:05:00.000000',
        'shares_total': total, 'shares_done': done,
        'shares_ensured': 0, 'shares_updated': 0, 'shares_skipped': 0,
        'shares_errored': 0, 'error': error, 'links': []}
    info.update(counts)
    return manila.EnsureRun(None, info, loaded=True)


class CatalogMixin(object):

    def _setup_test_data(self):
        super()._setup_test_data()
        self.service_catalog.append({
            'type': 'sharev2', 'name': 'manilav2', 'endpoints_links': [],
            'endpoints': [{'region': 'RegionOne', 'adminURL': SHARE_ENDPOINT,
                           'internalURL': SHARE_ENDPOINT,
                           'publicURL': SHARE_ENDPOINT}]})


class BaseAdminViewTests(CatalogMixin, helpers.BaseAdminViewTests):
    pass


class TestCase(CatalogMixin, helpers.TestCase):
    pass
