"""DummyDriver: computed export locations, slow and failing runs."""

from unittest import mock

from manila import exception
from manila.share import configuration
from manila.share.drivers import dummy
from manila.tests import base


def _share(share_id, locations=None):
    return {'id': 'inst-%s' % share_id, 'share_id': share_id,
            'host': 'localhost@beta', 'size': 1, 'share_proto': 'NFS',
            'status': 'available', 'access_rules_status': 'active',
            'name': 'share-%s' % share_id,
            'export_locations': locations or []}


class DummyDriverTestCase(base.TestCase):
    DATABASE = None

    def setUp(self):
        super().setUp()
        self.driver = dummy.DummyDriver(
            configuration.Configuration([], config_group='beta'))
        self.flags(group='beta', share_export_ips=['198.51.100.1'])

    def test_create_returns_locations_from_option(self):
        share = _share('s1')
        self.assertEqual(
            [{'path': '198.51.100.1:/dummy/share-s1', 'preferred': True,
              'is_admin_only': False, 'metadata': {}}],
            self.driver.create_share(self.context, share))

    def test_ensure_returns_only_changed_shares(self):
        current = _share('s1')
        current['export_locations'] = self.driver.create_share(
            self.context, current)
        stale = _share('s2', [{'path': '192.0.2.99:/dummy/share-s2',
                               'preferred': True}])
        result = self.driver.ensure_shares(self.context, [current, stale])
        self.assertEqual(['inst-s2'], list(result))
        self.assertEqual('198.51.100.1:/dummy/share-s2',
                         result['inst-s2']['export_locations'][0]['path'])

    def test_ensure_reads_mutable_ips_at_each_call(self):
        share = _share('s1')
        share['export_locations'] = self.driver.create_share(self.context,
                                                             share)
        self.flags(group='beta', share_export_ips=['203.0.113.7'])
        result = self.driver.ensure_shares(self.context, [share])
        self.assertEqual('203.0.113.7:/dummy/share-s1',
                         result['inst-s1']['export_locations'][0]['path'])

    def test_unset_export_ips_use_the_documentation_address(self):
        # A section of its own: nothing set there.
        unset = dummy.DummyDriver(
            configuration.Configuration([], config_group='gamma'))
        self.assertEqual(['198.51.100.10:/dummy/share-s1'],
                         [el['path'] for el in unset.create_share(
                             self.context, _share('s1'))])

    def test_export_ips_of_backend_defaults_apply(self):
        unset = dummy.DummyDriver(
            configuration.Configuration([], config_group='gamma'))
        self.flags(group='backend_defaults',
                   share_export_ips=['203.0.113.8', '203.0.113.9'])
        self.assertEqual(
            [('203.0.113.8:/dummy/share-s1', True),
             ('203.0.113.9:/dummy/share-s1', False)],
            [(el['path'], el['preferred']) for el in
             unset.create_share(self.context, _share('s1'))])

    @mock.patch('time.sleep')
    def test_ensure_delay_sleeps_once_per_batch(self, sleep):
        self.flags(group='beta', dummy_ensure_delay=2.5)
        self.driver.ensure_shares(self.context, [_share('a'), _share('b')])
        sleep.assert_called_once_with(2.5)

    def test_ensure_fail_raises(self):
        self.flags(group='beta', dummy_ensure_fail=True)
        exc = self.assertRaises(exception.ManilaDriverException,
                                self.driver.ensure_shares, self.context,
                                [_share('a')])
        self.assertIn('dummy_ensure_fail', str(exc))

    def test_stats_count_the_shares_it_was_handed(self):
        self.flags(group='beta', dummy_capacity_gb=50)
        self.driver.create_share(self.context, dict(_share('a'), size=5))
        self.driver.ensure_shares(self.context, [dict(_share('b'), size=7),
                                                 dict(_share('a'), size=5)])
        stats = self.driver.get_share_stats()
        self.assertEqual((12, 12, 38), (stats['allocated_capacity_gb'],
                                        stats['provisioned_capacity_gb'],
                                        stats['free_capacity_gb']))
        self.driver.delete_share(self.context, dict(_share('b'), size=7))
        self.assertEqual(45, self.driver.get_share_stats()[
            'free_capacity_gb'])

    def test_stats_and_backend_info(self):
        self.flags(group='beta', dummy_capacity_gb=50)
        stats = self.driver.get_share_stats()
        self.assertEqual((50, 50), (stats['total_capacity_gb'],
                                    stats['free_capacity_gb']))
        self.assertEqual('beta', stats['share_backend_name'])
        before = self.driver.get_backend_info(self.context)
        self.flags(group='beta', share_export_ips=['203.0.113.7'])
        self.assertNotEqual(before, self.driver.get_backend_info(
            self.context))
