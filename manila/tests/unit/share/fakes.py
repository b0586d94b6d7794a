"""Test helpers of the share service tests."""

import fixtures
from oslo_config import cfg
import oslo_messaging as messaging

from manila import rpc


class InProcessRPC(fixtures.Fixture):
    """rpc initialised on the in-process 'fake://' transport."""

    def _setUp(self):
        rpc.cleanup()
        rpc.init(cfg.CONF, url='fake://')
        self.addCleanup(rpc.cleanup)


class Recorder:
    """A share manager's RPC endpoints that only record their calls."""

    target = messaging.Target(version='1.2')

    def __init__(self):
        self.calls = []

    def create_share_instance(self, context, share_instance_id):
        self.calls.append(('create', share_instance_id, context.project_id))

    def delete_share_instance(self, context, share_instance_id,
                              force=False):
        self.calls.append(('force-delete' if force else 'delete',
                           share_instance_id, context.project_id))

    def update_access(self, context, share_instance_id):
        self.calls.append(('access', share_instance_id, context.project_id))

    def ensure_shares(self, context, run_id=None):
        self.calls.append(('ensure', run_id, context.project_id))
