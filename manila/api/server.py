"""A threaded WSGI server for the API (stdlib wsgiref, daemon threads).

manila-api and manila-all both serve the app through :class:`WSGIServer`;
uwsgi or gunicorn serve manila.wsgi.api:application instead.
"""

import socketserver
import threading
from wsgiref import simple_server

from oslo_config import cfg
from oslo_log import log as logging

CONF = cfg.CONF
LOG = logging.getLogger(__name__)

server_opts = [
    cfg.HostAddressOpt('osapi_share_listen', default='0.0.0.0',
                       help='Address the API listens on.'),
    cfg.PortOpt('osapi_share_listen_port', default=8786,
                help='Port the API listens on.'),
]

CONF.register_opts(server_opts)


class _ThreadingServer(socketserver.ThreadingMixIn, simple_server.WSGIServer):
    # A slow client must never hold up shutdown.
    daemon_threads = True
    allow_reuse_address = True
    # Bursts of clients (a deployment tool, racing operators) must queue,
    # not be reset: the stdlib default backlog is 5.
    request_queue_size = 128


class _Handler(simple_server.WSGIRequestHandler):
    # One request per connection (HTTP/1.0), as wsgiref does; log through
    # oslo.log instead of stderr.

    def log_message(self, format, *args):
        LOG.info('%s %s', self.address_string(), format % args)


class WSGIServer:
    """Serve ``app`` on host:port in a background thread.

    ``port`` 0 picks a free port; read it back from :attr:`port`.
    """

    def __init__(self, app, host=None, port=None):
        self.app = app
        self.host = host if host is not None else CONF.osapi_share_listen
        port = port if port is not None else CONF.osapi_share_listen_port
        self._server = simple_server.make_server(
            self.host, port, app, server_class=_ThreadingServer,
            handler_class=_Handler)
        self.port = self._server.server_address[1]
        self._thread = None

    def start(self):
        """Start serving in a daemon thread; returns at once."""
        self._thread = threading.Thread(
            target=self._server.serve_forever, name='manila-api',
            daemon=True)
        self._thread.start()
        LOG.info('API listening on http://%s:%s', self.host, self.port)

    def stop(self):
        """Stop accepting requests and close the socket."""
        if self._thread is not None:
            # shutdown() waits for serve_forever(), so only when it runs.
            self._server.shutdown()
        self._server.server_close()

    def wait(self):
        """Block until the server stops."""
        if self._thread is not None:
            self._thread.join()


def list_opts():
    return [(None, server_opts)]
