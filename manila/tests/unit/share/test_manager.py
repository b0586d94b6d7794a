"""ShareManager endpoints over the SQLite database fixture."""

import os
from unittest import mock

import fixtures

from manila.db import api as db
from manila import exception
from manila.share import configuration
from manila.share import manager
from manila.common import states
from manila.tests import base
from manila.tests.unit.share import fakes


class ShareManagerTestCase(base.TestCase):

    def setUp(self):
        super().setUp()
        self.tmp = self.useFixture(fixtures.TempDir()).path
        self.root = os.path.join(self.tmp, 'alpha')
        self.flags(host='h', state_path=self.tmp)
        self.useFixture(fakes.InProcessRPC())
        # Registers the backend's common options in [alpha].
        configuration.Configuration([], config_group='alpha')
        self.flags(group='alpha',
                   share_driver='manila.share.drivers.local.LocalNFSDriver')
        self.manager = manager.ShareManager('alpha')
        self.flags(group='alpha', local_share_root=self.root,
                   share_export_ips=['192.0.2.10'], local_capacity_gb=100)
        self.manager.driver.do_setup(self.context)

    def _share(self, size=1, status=states.CREATING):
        share = db.share_create(
            self.context, {'size': size, 'share_proto': 'NFS',
                           'project_id': 'p'},
            {'host': 'h@alpha', 'status': status})
        return share.instance

    def test_attributes_used_by_ensure(self):
        self.assertEqual('h@alpha', self.manager.host)
        self.assertEqual('alpha', self.manager.backend_name)
        self.assertEqual('alpha', self.manager.configuration.config_group)
        self.assertTrue(callable(self.manager.access.update_access))
        self.assertTrue(callable(self.manager.notifier.info))

    def test_create_makes_share_available_with_export_locations(self):
        instance = self._share()
        self.manager.create_share_instance(self.context, instance.id)
        instance = db.share_instance_get(self.context, instance.id)
        self.assertEqual(states.AVAILABLE, instance.status)
        self.assertIsNotNone(instance.launched_at)
        path = os.path.join(self.root, 'share-%s' % instance.share_id)
        self.assertTrue(os.path.isdir(path))
        self.assertEqual(['192.0.2.10:%s' % path],
                         [el.path for el in instance.export_locations])
        self.assertTrue(instance.export_locations[0].preferred)

    def test_driver_failure_on_create_sets_error(self):
        instance = self._share()
        with mock.patch.object(self.manager.driver, 'create_share',
                               side_effect=OSError('disk gone')):
            self.manager.create_share_instance(self.context, instance.id)
        instance = db.share_instance_get(self.context, instance.id)
        self.assertEqual(states.ERROR, instance.status)
        self.assertEqual([], instance.export_locations)
        # The owner can read why: one message about this share.
        (message,) = db.message_get_all(self.context,
                                        {'resource_id': instance.share_id})
        self.assertEqual('p', message.project_id)
        self.assertEqual('ERROR', message.message_level)
        self.assertIn('h@alpha', message.user_message)
        self.assertIn('disk gone', message.user_message)

    def test_delete_removes_directory_and_rows(self):
        instance = self._share()
        self.manager.create_share_instance(self.context, instance.id)
        db.share_instance_update(self.context, instance.id,
                                 {'status': states.DELETING})
        self.manager.delete_share_instance(self.context, instance.id)
        self.assertRaises(exception.ShareNotFound, db.share_get,
                          self.context, instance.share_id)
        self.assertFalse(os.path.exists(
            os.path.join(self.root, 'share-%s' % instance.share_id)))

    def test_driver_failure_on_delete_sets_error_deleting(self):
        instance = self._share()
        self.manager.create_share_instance(self.context, instance.id)
        db.share_instance_update(self.context, instance.id,
                                 {'status': states.DELETING})
        with mock.patch.object(self.manager.driver, 'delete_share',
                               side_effect=OSError('busy')):
            self.manager.delete_share_instance(self.context, instance.id)
        self.assertEqual(states.ERROR_DELETING, db.share_instance_get(
            self.context, instance.id).status)

    def test_forced_delete_removes_the_rows_despite_the_driver(self):
        instance = self._share()
        self.manager.create_share_instance(self.context, instance.id)
        db.share_instance_reset_status(self.context, instance.id,
                                       states.DELETING)
        with mock.patch.object(self.manager.driver, 'delete_share',
                               side_effect=OSError('busy')):
            self.manager.delete_share_instance(self.context, instance.id,
                                               force=True)
        self.assertRaises(exception.ShareInstanceNotFound,
                          db.share_instance_get, self.context, instance.id)

    def test_delete_of_missing_instance_is_quiet(self):
        self.manager.delete_share_instance(self.context, 'gone')

    def test_update_access_reaches_exports_file(self):
        instance = self._share()
        self.manager.create_share_instance(self.context, instance.id)
        rule = db.access_rule_create(self.context, {
            'share_id': instance.share_id, 'access_type': 'ip',
            'access_to': '10.0.0.7', 'access_level': 'ro',
            'state': states.ACCESS_QUEUED_TO_APPLY})
        self.manager.update_access(self.context, instance.id)
        self.assertEqual(states.ACCESS_ACTIVE,
                         db.access_rule_get(self.context, rule.id).state)
        with open(os.path.join(self.root, 'exports')) as f:
            self.assertIn('10.0.0.7(ro,sync,no_subtree_check)', f.read())

    def test_ensure_shares_endpoint_delegates(self):
        with mock.patch('manila.share.ensure.run_requested') as run:
            self.manager.ensure_shares(self.context, run_id=7)
        run.assert_called_once_with(
            self.context, 'h@alpha', self.manager.driver,
            self.manager.notifier, self.manager.access, run_id=7)

    def test_init_host_sets_up_then_recovers_then_ensures(self):
        calls = []
        with mock.patch.object(self.manager.driver, 'do_setup',
                               side_effect=lambda c: calls.append('setup')), \
                mock.patch('manila.share.ensure.recover_interrupted',
                           side_effect=lambda c, h: calls.append('recover')), \
                mock.patch('manila.share.ensure.ensure_at_startup',
                           side_effect=lambda c, *a: calls.append('ensure')):
            self.manager.init_host(self.context)
        self.assertEqual(['setup', 'recover', 'ensure'], calls)

    def test_capabilities_count_allocated_sizes(self):
        self._share(size=30)
        self._share(size=20)
        caps = self.manager.get_capabilities(self.context)
        self.assertEqual(50, caps['allocated_capacity_gb'])
        self.assertEqual(100, caps['total_capacity_gb'])
        self.assertLessEqual(caps['free_capacity_gb'], 50)
        self.assertEqual('alpha', caps['share_backend_name'])
        self.assertEqual(50, caps['provisioned_capacity_gb'])
        self.assertIn('timestamp', caps)

    def test_capabilities_keep_what_the_driver_provisioned(self):
        self._share(size=10)
        with mock.patch.object(
                self.manager.driver, 'get_share_stats',
                return_value={'total_capacity_gb': 100,
                              'free_capacity_gb': 60,
                              'provisioned_capacity_gb': 40}):
            caps = self.manager.get_capabilities(self.context)
        self.assertEqual((10, 40, 60), (caps['allocated_capacity_gb'],
                                        caps['provisioned_capacity_gb'],
                                        caps['free_capacity_gb']))
        # Thin provisioning: the driver's free space stands.
        with mock.patch.object(
                self.manager.driver, 'get_share_stats',
                return_value={'total_capacity_gb': 100,
                              'free_capacity_gb': 90,
                              'provisioned_capacity_gb': 400,
                              'thin_provisioning': True}):
            caps = self.manager.get_capabilities(self.context)
        self.assertEqual(90, caps['free_capacity_gb'])
