"""manila-api: the REST API on a threaded WSGI server.

Listens on osapi_share_listen:osapi_share_listen_port; SIGTERM or Ctrl-C
stops it. Backends run in manila-share processes and are reached over
transport_url (RabbitMQ across processes).
"""

import signal
import sys
import threading

from oslo_config import cfg
from oslo_log import log

from manila.api import app
from manila.api import server
from manila.common import config
from manila import rpc

CONF = cfg.CONF
LOG = log.getLogger(__name__)


def main():
    config.parse_args(sys.argv)
    rpc.init(CONF)
    app.create_default_share_type()
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda signum, frame: stop.set())
    api = server.WSGIServer(app.load_app(CONF))
    api.start()
    while not stop.wait(1):
        pass
    LOG.info('Stopping manila-api.')
    api.stop()
    rpc.cleanup()
    return 0


if __name__ == '__main__':
    sys.exit(main())
