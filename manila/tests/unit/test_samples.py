"""The committed sample files match what the generators produce now.

etc/manila/manila.conf.sample and etc/manila/policy.yaml.sample are what
operators read; they go stale silently whenever an option or a policy
changes. These tests regenerate both from the code, with the same generator
configs as ``tox -e genconfig`` and ``tox -e genpolicy``, and compare.
"""

import difflib
import os

import fixtures
from oslo_config import cfg
from oslo_config import generator as config_generator
from oslo_policy import generator as policy_generator
import testtools
import yaml

from manila.policies import horizon as horizon_policy

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__),
                                    os.pardir, os.pardir, os.pardir))
CONFIG_GENERATOR_CONF = os.path.join(
    ROOT, 'etc', 'oslo-config-generator', 'manila.conf')
POLICY_GENERATOR_CONF = os.path.join(
    ROOT, 'etc', 'manila', 'policy-generator.conf')
CONFIG_SAMPLE = os.path.join(ROOT, 'etc', 'manila', 'manila.conf.sample')
POLICY_SAMPLE = os.path.join(ROOT, 'etc', 'manila', 'policy.yaml.sample')
DASHBOARD_POLICY = os.path.join(ROOT, 'manila_ensure_dashboard', 'conf',
                                'default_policies', 'manila.yaml')

MAX_DIFF_LINES = 80
REGENERATE_HINT = (
    "%(sample)s is out of date with the code. Regenerate it with "
    "'tools/gen-samples.sh' (or 'tox -e %(env)s') and commit the result.")


def _read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


class TestSamples(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.tmp = self.useFixture(fixtures.TempDir()).path
        # Both generators parse command-line style arguments into a private
        # ConfigOpts, so the process-wide cfg.CONF stays untouched.
        self.conf = cfg.ConfigOpts()

    def _assert_same(self, committed, generated, env):
        hint = REGENERATE_HINT % {
            'sample': os.path.relpath(committed, ROOT), 'env': env}
        if not os.path.exists(committed):
            self.fail(hint)
        expected = _read(generated).splitlines(keepends=True)
        actual = _read(committed).splitlines(keepends=True)
        if expected != actual:
            diff = list(difflib.unified_diff(
                actual, expected, 'committed', 'generated from the code'))
            shown = ''.join(diff[:MAX_DIFF_LINES])
            if len(diff) > MAX_DIFF_LINES:
                shown += '... (%d more diff lines)\n' % (
                    len(diff) - MAX_DIFF_LINES)
            self.fail('%s\n%s' % (hint, shown))

    def test_config_sample_is_current(self):
        out = os.path.join(self.tmp, 'manila.conf.sample')
        config_generator.register_cli_opts(self.conf)
        self.conf(['--config-file', CONFIG_GENERATOR_CONF,
                   '--output-file', out])
        config_generator.generate(self.conf)
        self._assert_same(CONFIG_SAMPLE, out, 'genconfig')

    def test_policy_sample_is_current(self):
        out = os.path.join(self.tmp, 'policy.yaml.sample')
        policy_generator.generate_sample(
            args=['--config-file', POLICY_GENERATOR_CONF,
                  '--output-file', out],
            conf=self.conf)
        self._assert_same(POLICY_SAMPLE, out, 'genpolicy')

    def test_dashboard_policy_defaults_are_current(self):
        # Horizon decides what the Share Services panel offers from it.
        out = os.path.join(self.tmp, 'manila.yaml')
        horizon_policy.main([out])
        self._assert_same(DASHBOARD_POLICY, out, 'genpolicy')
        rules = {r['name']: r for r in yaml.safe_load(_read(out))}
        self.assertEqual('rule:context_is_admin',
                         rules['service:ensure_shares']['check_str'])

    def test_config_sample_lists_the_ensure_options(self):
        # The sample is the operators' reference for the feature's knobs.
        sample = _read(CONFIG_SAMPLE)
        for option in ('update_shares_status_on_ensure',
                       'ensure_shares_batch_size'):
            self.assertTrue(
                '\n#%s = ' % option in sample,
                'manila.conf.sample does not document %s: is its module '
                'listed in manila/opts.py?' % option)
