"""manila-share's entry point: one child per backend, or a clear error."""

from unittest import mock

import fixtures

from manila.cmd import share
from manila.tests import base


class ManilaShareMainTestCase(base.TestCase):
    DATABASE = None

    def _main(self, text):
        path = self.useFixture(fixtures.TempDir()).path + '/manila.conf'
        with open(path, 'w') as f:
            f.write(text)
        with mock.patch('manila.service.run_backends') as run, \
                mock.patch('sys.argv', ['manila-share', '--config-file',
                                        path]):
            return share.main(), run

    def test_one_child_per_backend(self):
        code, run = self._main('[DEFAULT]\nenabled_share_backends = '
                               'alpha, beta\n')
        self.assertEqual(0, code)
        run.assert_called_once_with(['alpha', 'beta'])

    def test_no_backend_is_an_error(self):
        code, run = self._main('[DEFAULT]\n')
        self.assertEqual(1, code)
        run.assert_not_called()
