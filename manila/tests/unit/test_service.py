"""BackendService: services row, heartbeat, RPC over the in-process bus."""

import sqlalchemy as sa

from manila.common import states
from manila.db import api as db
from manila.db.sqlalchemy import models
from manila.db.sqlalchemy import session
from manila import service
from manila.share import configuration
from manila.share import rpcapi
from manila.tests import base
from manila.tests.functional import harness
from manila.tests.unit.share import fakes


class BackendServiceTestCase(base.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(fakes.InProcessRPC())
        configuration.Configuration([], config_group='beta')
        self.flags(host='node1', storage_availability_zone='az1',
                   report_interval=1)
        self.flags(group='beta',
                   share_driver='manila.share.drivers.dummy.DummyDriver',
                   share_backend_name='beta')

    def _start(self):
        backend = service.BackendService('beta')
        backend.start()
        self.addCleanup(backend.stop)
        return backend

    def _row(self):
        return db.service_get_by_args(self.context, 'node1@beta',
                                      'manila-share')

    def test_start_registers_and_reports_capabilities(self):
        backend = self._start()
        row = self._row()
        self.assertEqual(backend.service_id, row.id)
        self.assertEqual(('manila-share', 'az1', False),
                         (row.topic, row.availability_zone, row.disabled))
        self.assertIsNotNone(row.heartbeat_at)
        self.assertTrue(states.service_is_up(row))
        self.assertIn('"share_backend_name": "beta"', row.capabilities)

    def test_restart_keeps_operator_disabled_flag(self):
        db.service_create(self.context, {
            'host': 'node1@beta', 'binary': 'manila-share',
            'topic': 'old', 'availability_zone': 'old', 'disabled': True,
            'disabled_reason': 'maintenance'})
        self._start()
        row = self._row()
        self.assertTrue(row.disabled)
        self.assertEqual('maintenance', row.disabled_reason)
        self.assertEqual(('manila-share', 'az1'),
                         (row.topic, row.availability_zone))

    def test_heartbeat_thread_keeps_reporting(self):
        self._start()
        first = self._row().report_count
        harness.wait_for(lambda: self._row().report_count > first,
                         timeout=20, what='a second heartbeat')

    def test_heartbeat_recreates_a_deleted_row(self):
        backend = self._start()
        backend.stop()
        with session.writer.using(self.context) as s:
            s.execute(sa.delete(models.Service))
        backend._report()
        row = self._row()
        self.assertEqual(backend.service_id, row.id)
        self.assertIsNotNone(row.heartbeat_at)

    def test_casts_reach_the_backend_manager(self):
        self._start()
        share = db.share_create(self.context,
                                {'size': 1, 'share_proto': 'NFS'},
                                {'host': 'node1@beta#pool0'})
        rpcapi.ShareAPI().create_share_instance(
            self.context, share.instance.id, 'node1@beta#pool0')
        instance = harness.wait_for(
            lambda: (lambda i: i if i.status == states.AVAILABLE else None)(
                db.share_instance_get(self.context, share.instance.id)),
            timeout=20, what='the share to become available')
        self.assertEqual(['198.51.100.10:/dummy/share-%s' % share.id],
                         [el.path for el in instance.export_locations])

    def test_stop_stops_serving_and_heartbeating(self):
        backend = self._start()
        backend.stop()
        self.assertIsNone(backend.rpcserver)
        self.assertFalse(backend._heartbeat.is_alive())
