"""ShareAPI casts: right server, right method, fast failure on ensure."""

import oslo_messaging as messaging

from manila import rpc
from manila.share import rpcapi
from manila.tests import base
from manila.tests.functional import harness
from manila.tests.unit.share import fakes


class ShareAPITestCase(base.TestCase):
    DATABASE = None

    def setUp(self):
        super().setUp()
        self.useFixture(fakes.InProcessRPC())

    def _serve(self, server):
        recorder = fakes.Recorder()
        rpc_server = rpc.get_server(
            messaging.Target(topic=rpcapi.TOPIC, server=server), [recorder])
        rpc_server.start()
        self.addCleanup(rpc_server.wait)
        self.addCleanup(rpc_server.stop)
        return recorder

    def test_server_of_strips_pool(self):
        self.assertEqual('h@alpha', rpcapi.server_of('h@alpha#pool1'))
        self.assertEqual('h@alpha', rpcapi.server_of('h@alpha'))

    def test_each_cast_reaches_only_its_backend(self):
        alpha = self._serve('h@alpha')
        beta = self._serve('h@beta')
        api = rpcapi.ShareAPI()
        self.context.project_id = 'p1'
        api.create_share_instance(self.context, 'i1', 'h@alpha#pool')
        api.update_access(self.context, 'i1', 'h@alpha')
        api.delete_share_instance(self.context, 'i1', 'h@alpha')
        api.delete_share_instance(self.context, 'i2', 'h@alpha', force=True)
        api.ensure_shares(self.context, 'h@beta', run_id=7)
        api.ensure_shares(self.context, 'h@beta')
        harness.wait_for(lambda: len(alpha.calls) == 4
                         and len(beta.calls) == 2,
                         timeout=20, what='the casts')
        self.assertEqual([('create', 'i1', 'p1'), ('access', 'i1', 'p1'),
                          ('delete', 'i1', 'p1'),
                          ('force-delete', 'i2', 'p1')], alpha.calls)
        self.assertEqual([('ensure', 7, 'p1'), ('ensure', None, 'p1')],
                         beta.calls)


class UnreachableBrokerTestCase(base.TestCase):
    DATABASE = None

    def setUp(self):
        super().setUp()
        rpc.cleanup()
        # Nothing listens on port 1: every connection attempt is refused.
        rpc.init(self.conf, url='rabbit://guest:guest@127.0.0.1:1/')
        self.addCleanup(rpc.cleanup)
        self.conf.set_override('rabbit_retry_interval', 1,
                               group='oslo_messaging_rabbit')

    def test_ensure_cast_fails_instead_of_hanging(self):
        self.assertRaises(messaging.MessageDeliveryFailure,
                          rpcapi.ShareAPI().ensure_shares, self.context,
                          'h@alpha')
