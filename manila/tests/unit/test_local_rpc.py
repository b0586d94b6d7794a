"""manila-all's relay: casts of the API processes reach the backends'
in-process transport through a UNIX socket."""

import os

import fixtures
import oslo_messaging as messaging

from manila import local_rpc
from manila import rpc
from manila.share import rpcapi
from manila.tests import base
from manila.tests.functional import harness
from manila.tests.unit.share import fakes


class RelayTestCase(base.TestCase):
    DATABASE = None

    def setUp(self):
        super().setUp()
        self.useFixture(fakes.InProcessRPC())
        self.path = os.path.join(self.useFixture(fixtures.TempDir()).path,
                                 local_rpc.SOCKET_NAME)
        self.addCleanup(rpc.use_relay, None)

    def _relay(self):
        relay = local_rpc.RelayServer(
            self.path, rpc.get_transport_client,
            rpc.RequestContextSerializer().deserialize_context)
        relay.start()
        self.addCleanup(relay.stop)
        return relay

    def test_casts_arrive_with_their_context(self):
        recorder = fakes.Recorder()
        server = rpc.get_server(
            messaging.Target(topic=rpcapi.TOPIC, server='h@beta'),
            [recorder])
        server.start()
        self.addCleanup(server.wait)
        self.addCleanup(server.stop)
        self._relay()
        self.assertEqual(0o600, os.stat(self.path).st_mode & 0o777)

        rpc.use_relay(self.path)
        api = rpcapi.ShareAPI()
        self.assertIsInstance(api.client, local_rpc.RelayClient)
        self.context.project_id = 'p7'
        api.ensure_shares(self.context, 'h@beta')
        api.update_access(self.context, 'i9', 'h@beta#pool')
        harness.wait_for(lambda: len(recorder.calls) == 2, 30,
                         what='the relayed casts')
        self.assertEqual([('ensure', None, 'p7'), ('access', 'i9', 'p7')],
                         recorder.calls)

    def test_no_backends_process_is_a_delivery_failure(self):
        rpc.use_relay(self.path)
        api = rpcapi.ShareAPI()
        exc = self.assertRaises(messaging.MessageDeliveryFailure,
                                api.ensure_shares, self.context, 'h@beta')
        self.assertIn('not reachable', str(exc))

    def test_a_stale_socket_file_is_replaced(self):
        open(self.path, 'w').close()
        self._relay()
        rpc.use_relay(self.path)
        # No backend listens: the relay still accepts the cast, as a
        # broker would queue it.
        rpcapi.ShareAPI().ensure_shares(self.context, 'h@nobody')
