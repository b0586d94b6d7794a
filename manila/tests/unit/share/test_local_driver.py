"""LocalNFSDriver against a temporary directory."""

import multiprocessing
import os

import fixtures

from manila import exception
from manila.share import configuration
from manila.share import driver
from manila.share.drivers import local
from manila.tests import base


def _share(share_id='s1', locations=None):
    return {'id': 'inst-%s' % share_id, 'share_id': share_id,
            'host': 'localhost@alpha', 'size': 1, 'share_proto': 'NFS',
            'status': 'available', 'access_rules_status': 'active',
            'name': 'share-%s' % share_id,
            'export_locations': locations or []}


def _rule(rule_id, access_to, level='rw', access_type='ip'):
    return {'id': rule_id, 'access_type': access_type,
            'access_to': access_to, 'access_level': level,
            'state': 'applying'}


class LocalNFSDriverTestCase(base.TestCase):
    DATABASE = None

    def setUp(self):
        super().setUp()
        self.tmp = self.useFixture(fixtures.TempDir()).path
        self.root = os.path.join(self.tmp, 'alpha')
        self.flags(state_path=self.tmp)
        # The driver registers its options in [alpha]; set them after.
        self.driver = local.LocalNFSDriver(
            configuration.Configuration([], config_group='alpha'))
        self.flags(group='alpha', local_share_root=self.root,
                   share_export_ips=['192.0.2.10', '192.0.2.11'])
        self.driver.do_setup(self.context)
        self.exports = os.path.join(self.root, 'exports')

    def _exports_lines(self):
        with open(self.exports) as f:
            return [line.rstrip('\n') for line in f
                    if not line.startswith('#')]

    def _create(self, share_id='s1'):
        share = _share(share_id)
        share['export_locations'] = self.driver.create_share(self.context,
                                                             share)
        return share

    def test_setup_makes_root_and_empty_exports_file(self):
        self.assertTrue(os.path.isdir(self.root))
        self.assertEqual([], self._exports_lines())

    def test_create_makes_directory_and_export_locations(self):
        share = self._create()
        path = os.path.join(self.root, 'share-s1')
        self.assertTrue(os.path.isdir(path))
        self.assertEqual(
            [{'path': '192.0.2.10:%s' % path, 'preferred': True,
              'is_admin_only': False, 'metadata': {}},
             {'path': '192.0.2.11:%s' % path, 'preferred': False,
              'is_admin_only': False, 'metadata': {}}],
            share['export_locations'])

    def test_ipv6_export_address_is_bracketed(self):
        self.flags(group='alpha', share_export_ips=['2001:db8::1'])
        share = self._create()
        self.assertEqual('[2001:db8::1]:%s/share-s1' % self.root,
                         share['export_locations'][0]['path'])

    def test_update_access_renders_exports_file(self):
        share = self._create()
        rules = [_rule('r1', '10.0.0.1'), _rule('r2', '10.0.1.0/24', 'ro')]
        result = self.driver.update_access(self.context, share, rules,
                                           rules, [])
        self.assertIsNone(result)
        self.assertEqual(
            ['%s/share-s1 10.0.0.1(rw,sync,no_subtree_check) '
             '10.0.1.0/24(ro,sync,no_subtree_check)' % self.root],
            self._exports_lines())

    def test_update_access_keeps_other_shares_and_removes_denied(self):
        one = self._create('s1')
        two = self._create('s2')
        self.driver.update_access(self.context, one,
                                  [_rule('r1', '10.0.0.1')], [], [])
        self.driver.update_access(self.context, two,
                                  [_rule('r2', '10.0.0.2')], [], [])
        self.driver.update_access(self.context, one, [_rule('r1', '10.0.0.1')],
                                  [], [_rule('r1', '10.0.0.1')])
        self.assertEqual(
            ['%s/share-s2 10.0.0.2(rw,sync,no_subtree_check)' % self.root],
            self._exports_lines())

    def test_unsupported_rules_are_errors_and_not_exported(self):
        share = self._create()
        rules = [_rule('r1', '10.0.0.1'), _rule('r2', 'alice', 'rw', 'user'),
                 _rule('r3', 'not-an-ip')]
        result = self.driver.update_access(self.context, share, rules,
                                           rules, [])
        self.assertEqual({'r2': {'state': 'error'},
                          'r3': {'state': 'error'}}, result)
        self.assertEqual(
            ['%s/share-s1 10.0.0.1(rw,sync,no_subtree_check)' % self.root],
            self._exports_lines())

    def test_exports_reload_command_runs_after_changes(self):
        marker = os.path.join(self.tmp, 'reloaded')
        self.flags(group='alpha', exports_reload_command='touch %s' % marker)
        share = self._create()
        self.driver.update_access(self.context, share,
                                  [_rule('r1', '10.0.0.1')], [], [])
        self.assertTrue(os.path.exists(marker))

    def test_failing_reload_command_raises_backend_error(self):
        self.flags(group='alpha', exports_reload_command='false')
        share = self._create()
        self.assertRaises(exception.ShareBackendException,
                          self.driver.update_access, self.context, share,
                          [_rule('r1', '10.0.0.1')], [], [])

    def test_delete_removes_directory_and_exports_entry(self):
        share = self._create()
        self.driver.update_access(self.context, share,
                                  [_rule('r1', '10.0.0.1')], [], [])
        open(os.path.join(self.root, 'share-s1', 'data'), 'w').close()
        self.driver.delete_share(self.context, share)
        self.assertFalse(os.path.exists(os.path.join(self.root, 'share-s1')))
        self.assertEqual([], self._exports_lines())
        # Deleting again (a retried delete) is fine.
        self.driver.delete_share(self.context, share)

    def test_exports_file_option_is_honoured(self):
        path = os.path.join(self.tmp, 'elsewhere', 'alpha.exports')
        self.flags(group='alpha', local_exports_file=path)
        share = self._create()
        self.driver.update_access(self.context, share,
                                  [_rule('r1', '10.0.0.1')], [], [])
        with open(path) as f:
            self.assertIn('10.0.0.1(rw,sync,no_subtree_check)', f.read())

    def test_ensure_unchanged_shares_returns_nothing(self):
        share = self._create()
        self.driver.update_access(self.context, share,
                                  [_rule('r1', '10.0.0.1')], [], [])
        self.assertEqual({}, self.driver.ensure_shares(self.context, [share]))

    def test_ensure_recomputes_locations_after_ip_change(self):
        share = self._create()
        self.flags(group='alpha', share_export_ips=['203.0.113.5'])
        result = self.driver.ensure_shares(self.context, [share])
        self.assertEqual(
            {share['id']: {'export_locations': [{
                'path': '203.0.113.5:%s/share-s1' % self.root,
                'preferred': True, 'is_admin_only': False,
                'metadata': {}}]}},
            result)

    def test_ensure_flags_missing_directory_as_error(self):
        share = self._create()
        os.rmdir(os.path.join(self.root, 'share-s1'))
        self.assertEqual({share['id']: {'status': 'error'}},
                         self.driver.ensure_shares(self.context, [share]))

    def test_ensure_asks_for_reapply_when_export_options_change(self):
        with_rules = self._create('s1')
        without_rules = self._create('s2')
        self.driver.update_access(self.context, with_rules,
                                  [_rule('r1', '10.0.0.1', 'ro')], [], [])
        self.flags(group='alpha', nfs_export_options='rw,async')
        result = self.driver.ensure_shares(self.context,
                                           [with_rules, without_rules])
        self.assertEqual({with_rules['id']: {'reapply_access_rules': True}},
                         result)
        # Re-applying renders the new options; then nothing is left to do.
        self.driver.update_access(self.context, with_rules,
                                  [_rule('r1', '10.0.0.1', 'ro')], [], [])
        self.assertEqual(
            ['%s/share-s1 10.0.0.1(ro,async)' % self.root],
            self._exports_lines())
        self.assertEqual({}, self.driver.ensure_shares(
            self.context, [with_rules, without_rules]))

    def test_ensure_share_is_the_single_share_form(self):
        share = self._create()
        self.assertIsNone(self.driver.ensure_share(self.context, share))
        self.flags(group='alpha', share_export_ips=['203.0.113.5'])
        self.assertIn('export_locations',
                      self.driver.ensure_share(self.context, share))

    def test_backend_info_follows_export_options(self):
        before = self.driver.get_backend_info(self.context)
        self.assertEqual(before, self.driver.get_backend_info(self.context))
        self.flags(group='alpha', nfs_export_options='rw,async')
        after_options = self.driver.get_backend_info(self.context)
        self.assertNotEqual(before, after_options)
        self.flags(group='alpha', share_export_ips=['203.0.113.5'])
        self.assertNotEqual(after_options,
                            self.driver.get_backend_info(self.context))

    def test_backend_defaults_section_applies(self):
        self.flags(group='backend_defaults', nfs_export_options='rw,async')
        share = self._create()
        self.driver.update_access(self.context, share,
                                  [_rule('r1', '10.0.0.1')], [], [])
        self.assertEqual(['%s/share-s1 10.0.0.1(rw,async)' % self.root],
                         self._exports_lines())

    def test_unset_export_ips_use_the_loopback_address(self):
        # A section of its own: nothing set there.
        unset = local.LocalNFSDriver(
            configuration.Configuration([], config_group='gamma'))
        self.flags(group='gamma', local_share_root=self.root)
        self.assertEqual(['127.0.0.1:%s/share-s1' % self.root],
                         [el['path'] for el in unset.create_share(
                             self.context, _share('s1'))])

    def test_export_ips_is_one_option_for_every_driver(self):
        # Defined once in manila/share/driver.py, not per driver: one
        # config generator entry, one name for operators.
        self.assertNotIn('share_export_ips',
                         [opt.dest for opt in local.local_opts])
        self.assertIn('share_export_ips',
                      [opt.dest for opt in driver.driver_opts])
        self.assertTrue(driver.driver_opts[0].mutable)

    def test_stats_report_configured_capacity(self):
        self.flags(group='alpha', local_capacity_gb=10,
                   share_backend_name='alpha')
        stats = self.driver.get_share_stats(refresh=True)
        self.assertEqual('alpha', stats['share_backend_name'])
        self.assertEqual(10, stats['total_capacity_gb'])
        self.assertLessEqual(stats['free_capacity_gb'], 10)
        self.assertFalse(stats['driver_handles_share_servers'])

    def test_stats_count_the_sizes_of_the_shares_held(self):
        self.flags(group='alpha', local_capacity_gb=10)
        self.driver.do_setup(self.context)
        self.driver.create_share(self.context, dict(_share('a'), size=3))
        self.driver.create_share(self.context, dict(_share('b'), size=2))
        stats = self.driver.get_share_stats(refresh=True)
        self.assertEqual((5, 5), (stats['allocated_capacity_gb'],
                                  stats['provisioned_capacity_gb']))
        self.assertLessEqual(stats['free_capacity_gb'], 5)
        self.driver.delete_share(self.context, _share('a'))
        stats = self.driver.get_share_stats(refresh=True)
        self.assertEqual(2, stats['provisioned_capacity_gb'])
        # A share made before sizes were recorded: ensure records it.
        os.makedirs(os.path.join(self.root, 'share-old'))
        self.driver.ensure_shares(self.context,
                                  [dict(_share('old'), size=4)])
        self.assertEqual(6, self.driver.get_share_stats(
            refresh=True)['provisioned_capacity_gb'])

    def test_missing_share_root_is_a_clear_error(self):
        self.flags(group='alpha', local_share_root=None)
        exc = self.assertRaises(exception.ManilaDriverException,
                                self.driver.do_setup, self.context)
        self.assertIn('local_share_root', str(exc))


def _grant_many(driver, share, count, queue):
    # Runs in a child process: rewrite this share's entry ``count`` times.
    try:
        for index in range(count):
            driver.update_access(None, share,
                                 [_rule('r%d' % index, '10.1.0.%d' % index)],
                                 [], [])
        queue.put(None)
    except Exception as exc:  # reported to the parent
        queue.put(repr(exc))


class LocalNFSDriverProcessesTestCase(base.TestCase):
    """Backends in several processes sharing one exports file."""
    DATABASE = None

    def test_concurrent_writers_lose_no_entry(self):
        tmp = self.useFixture(fixtures.TempDir()).path
        root = os.path.join(tmp, 'shared')
        self.flags(state_path=tmp)
        driver = local.LocalNFSDriver(
            configuration.Configuration([], config_group='alpha'))
        self.flags(group='alpha', local_share_root=root)
        driver.do_setup(None)
        shares = [_share('p%d' % n) for n in range(3)]
        for share in shares:
            driver.create_share(None, share)

        context = multiprocessing.get_context('fork')
        queue = context.Queue()
        workers = [context.Process(target=_grant_many,
                                   args=(driver, share, 25, queue))
                   for share in shares]
        for worker in workers:
            worker.start()
        errors = [queue.get(timeout=120) for _ in workers]
        for worker in workers:
            worker.join(60)
        self.assertEqual([None] * len(workers), errors)

        with open(os.path.join(root, 'exports')) as f:
            lines = sorted(line.strip() for line in f
                           if not line.startswith('#'))
        self.assertEqual(
            sorted('%s/share-%s 10.1.0.24(rw,sync,no_subtree_check)'
                   % (root, share['share_id']) for share in shares),
            lines)


class LocalNFSDriverPathTestCase(base.TestCase):
    DATABASE = None

    def test_root_with_blanks_is_quoted_and_read_back(self):
        tmp = self.useFixture(fixtures.TempDir()).path
        root = os.path.join(tmp, 'nfs shares')
        self.flags(state_path=tmp)
        driver = local.LocalNFSDriver(
            configuration.Configuration([], config_group='alpha'))
        self.flags(group='alpha', local_share_root=root)
        driver.do_setup(None)
        one, two = _share('q1'), _share('q2')
        for share in (one, two):
            driver.create_share(None, share)
            driver.update_access(None, share, [_rule('r', '10.0.0.1')],
                                 [], [])
        with open(os.path.join(root, 'exports')) as f:
            lines = [line.strip() for line in f if not line.startswith('#')]
        self.assertEqual(
            ['"%s/share-%s" 10.0.0.1(rw,sync,no_subtree_check)'
             % (root, share['share_id']) for share in (one, two)], lines)
