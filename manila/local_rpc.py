"""Casts from API worker processes to manila-all's backends process.

manila-all's default transport (``fake://``) lives inside one process, and
the API workers are other processes. So manila-all's backends process
listens on a UNIX socket (in a directory only its user may enter) and
replays each cast it receives on its own in-process transport; the API
workers' RPC client (``rpc.get_client`` after ``rpc.use_relay``) sends
every cast there. A cast is acknowledged once it is queued in the backends
process, as a broker would. No broker, nothing listening on the network.

The share RPC API is casts only, which is all this carries.
"""

import json
import os
import socket
import socketserver
import threading

from oslo_log import log
import oslo_messaging as messaging
from oslo_serialization import jsonutils

LOG = log.getLogger(__name__)

SOCKET_NAME = 'rpc.sock'
# An API request waits at most this long for the backends process.
TIMEOUT = 10
_MAX_MESSAGE = 1024 * 1024
_TARGET_FIELDS = ('exchange', 'topic', 'namespace', 'version', 'server',
                  'fanout')


class RelayClient:
    """The part of oslo.messaging's RPCClient the share RPC API uses
    (``prepare`` and ``cast``), sending to the relay socket."""

    def __init__(self, path, target, serializer):
        self.path = path
        self.target = target
        self.serializer = serializer

    def prepare(self, **kwargs):
        target = self.target(**{k: v for k, v in kwargs.items()
                                if k in _TARGET_FIELDS})
        return RelayClient(self.path, target, self.serializer)

    def cast(self, ctxt, method, **kwargs):
        message = {
            'target': {k: getattr(self.target, k) for k in _TARGET_FIELDS},
            'context': self.serializer.serialize_context(ctxt),
            'method': method,
            'args': {k: self.serializer.serialize_entity(ctxt, v)
                     for k, v in kwargs.items()},
        }
        data = (jsonutils.dumps(message) + '\n').encode()
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(TIMEOUT)
                sock.connect(self.path)
                sock.sendall(data)
                reply = sock.makefile('rb').readline()
        except OSError as exc:
            raise messaging.MessageDeliveryFailure(
                'The backends process of manila-all is not reachable on %s '
                '(%s); it may be restarting, retry shortly.'
                % (self.path, exc)) from exc
        if reply.strip() != b'ok':
            raise messaging.MessageDeliveryFailure(
                'The backends process of manila-all refused %s: %s'
                % (method, reply.decode('utf-8', 'replace').strip()
                   or 'connection closed'))


class _Handler(socketserver.StreamRequestHandler):

    def handle(self):
        line = self.rfile.readline(_MAX_MESSAGE)
        try:
            message = json.loads(line)
            self.server.deliver(message)
        except Exception as exc:
            LOG.exception('Could not relay a cast to the backends.')
            self.wfile.write(('error: %s\n' % exc).encode())
            return
        self.wfile.write(b'ok\n')


class _Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, path, get_client, deserialize_context):
        self._get_client = get_client
        self._deserialize_context = deserialize_context
        super().__init__(path, _Handler)

    def deliver(self, message):
        target = messaging.Target(**message['target'])
        ctxt = self._deserialize_context(message['context'])
        self._get_client(target).cast(ctxt, message['method'],
                                      **message['args'])


class RelayServer:
    """Listens on ``path`` and casts what arrives with ``get_client``
    (``rpc.get_transport_client`` of the in-process transport)."""

    def __init__(self, path, get_client, deserialize_context):
        if os.path.exists(path):
            # Left by a backends process that died: nobody listens there.
            os.unlink(path)
        self.path = path
        self._server = _Server(path, get_client, deserialize_context)
        os.chmod(path, 0o600)
        self._thread = None

    def start(self):
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        name='rpc-relay', daemon=True)
        self._thread.start()
        LOG.info('Relaying casts of the API workers from %s.', self.path)

    def stop(self):
        if self._thread is not None:
            self._server.shutdown()
        self._server.server_close()
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass
