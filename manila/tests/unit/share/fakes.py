"""Test helpers of the share service tests."""

import fixtures
from oslo_config import cfg

from manila import rpc


class InProcessRPC(fixtures.Fixture):
    """rpc initialised on the in-process 'fake://' transport."""

    def _setUp(self):
        rpc.cleanup()
        rpc.init(cfg.CONF, url='fake://')
        self.addCleanup(rpc.cleanup)
