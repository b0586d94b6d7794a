"""Per-backend option lookup: section, [backend_defaults], default."""

import fixtures
from oslo_config import cfg

from manila.share import configuration
from manila.tests import base

_opts = [
    cfg.StrOpt('cfgtest_color', default='grey', mutable=True),
    cfg.IntOpt('cfgtest_size', default=1),
]


class ConfigurationTestCase(base.TestCase):
    DATABASE = None

    def setUp(self):
        super().setUp()
        self.alpha = configuration.Configuration(_opts, config_group='alpha')
        self.beta = configuration.Configuration(_opts, config_group='beta')

    def test_option_default_when_nothing_is_set(self):
        self.assertEqual('grey', self.alpha.cfgtest_color)
        self.assertEqual(1, self.alpha.cfgtest_size)

    def test_backend_defaults_apply_to_every_backend(self):
        self.flags(group='backend_defaults', cfgtest_color='blue')
        self.assertEqual('blue', self.alpha.cfgtest_color)
        self.assertEqual('blue', self.beta.cfgtest_color)

    def test_backend_section_wins_over_backend_defaults(self):
        self.flags(group='backend_defaults', cfgtest_color='blue')
        self.flags(group='alpha', cfgtest_color='red')
        self.assertEqual('red', self.alpha.cfgtest_color)
        self.assertEqual('blue', self.beta.cfgtest_color)

    def test_values_are_read_at_each_access(self):
        self.flags(group='alpha', cfgtest_color='red')
        self.assertEqual('red', self.alpha.cfgtest_color)
        self.flags(group='alpha', cfgtest_color='green')
        self.assertEqual('green', self.alpha.cfgtest_color)

    def test_common_and_global_options(self):
        self.assertEqual('manila.share.drivers.dummy.DummyDriver',
                         self.alpha.share_driver)
        self.assertIsNone(self.alpha.share_backend_name)
        self.flags(state_path='/srv/state')
        self.assertEqual('/srv/state', self.alpha.state_path)
        self.assertIsNone(self.alpha.safe_get('no_such_option_anywhere'))

    def test_values_come_from_config_files(self):
        path = self.create_conf(
            '[backend_defaults]\ncfgtest_color = blue\ncfgtest_size = 5\n'
            '[alpha]\ncfgtest_size = 7\n')
        self.conf(['--config-file', path])
        self.assertEqual('blue', self.alpha.cfgtest_color)
        self.assertEqual(7, self.alpha.cfgtest_size)
        self.assertEqual(5, self.beta.cfgtest_size)

    def create_conf(self, text):
        tmp = self.useFixture(fixtures.TempDir()).path
        path = tmp + '/manila.conf'
        with open(path, 'w') as f:
            f.write(text)
        return path

    def test_mutated_config_files_apply_without_restart(self):
        path = self.create_conf('[alpha]\ncfgtest_color = red\n'
                                'cfgtest_size = 3\n')
        self.conf(['--config-file', path])
        self.assertEqual('red', self.alpha.cfgtest_color)
        with open(path, 'w') as f:
            f.write('[backend_defaults]\ncfgtest_color = blue\n'
                    '[alpha]\ncfgtest_size = 9\n')
        self.conf.mutate_config_files()
        # Mutable: the new value (now from [backend_defaults]) applies.
        self.assertEqual('blue', self.alpha.cfgtest_color)
        # Not mutable: keeps the value the process started with.
        self.assertEqual(3, self.alpha.cfgtest_size)
