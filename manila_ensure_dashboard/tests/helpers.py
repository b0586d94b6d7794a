"""Test helpers: Horizon's, a share endpoint in the catalog, fake services
and ensure runs, policy files.
"""

import os
import shutil
import tempfile
from unittest import mock

from django.conf import settings
from django.test.utils import override_settings
from django.urls import reverse
from manilaclient.v2 import services as manila_services
from openstack_auth import policy as auth_policy
from openstack_dashboard.test import helpers

from manila_ensure_dashboard.api import manila

SHARE_ENDPOINT = 'http://manila.example.com:8786/v2'
POLICY_CHECK = 'openstack_auth.policy.check'

ALPHA = 'localhost@alpha'
BETA = 'localhost@beta'
GAMMA = 'localhost@gamma'
DELTA = 'localhost@delta'
SHARE_BACKENDS = [ALPHA, BETA, DELTA, GAMMA]


def service(id, host, binary='manila-share', status='enabled', state='up',
            ensuring=False, disabled_reason=None, zone='nova'):
    """A service as python-manilaclient returns it at 2.86."""
    return manila_services.Service(None, {
        'id': id, 'host': host, 'binary': binary, 'zone': zone,
        'status': status, 'state': state, 'ensuring': ensuring,
        'disabled_reason': disabled_reason,
        'updated_at': '2026-11-29T12:00:00.000000'}, loaded=True)


def services():
    """Four backends (idle, ensuring, down, disabled) and a scheduler."""
    return [
        service(1, ALPHA),
        service(2, BETA, ensuring=True),
        service(3, GAMMA, state='down'),
        service(4, DELTA, status='disabled', disabled_reason='maintenance'),
        service(5, 'localhost', binary='manila-scheduler'),
    ]


def runs_url(host):
    return reverse('horizon:admin:share_services:runs', args=[host])


def deny_in_policy_file(test, rule):
    """Settings whose ``share`` policy file denies ``rule``, as an
    operator's override would."""
    folder = tempfile.mkdtemp()
    test.addCleanup(shutil.rmtree, folder)
    path = os.path.join(folder, 'manila_policy.yaml')
    with open(path, 'w') as f:
        f.write('"%s": "!"\n' % rule)
    return override_settings(
        POLICY_FILES=dict(settings.POLICY_FILES, share=path))


class PolicyResetMixin(object):

    def setUp(self):
        super().setUp()
        # Horizon caches its enforcers; each test reads the files anew.
        auth_policy.reset()
        self.addCleanup(auth_policy.reset)


class LastRunsMixin(object):
    """The panel also reads each backend's last run: no runs unless a
    test says otherwise (``self.last_runs.return_value``)."""

    def setUp(self):
        super().setUp()
        patcher = mock.patch.object(manila, 'last_ensure_runs',
                                    return_value={})
        self.last_runs = patcher.start()
        self.addCleanup(patcher.stop)


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
