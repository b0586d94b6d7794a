"""manila-all: the API and every backend in one process.

The single-machine default: backends run as threads next to the API and
talk to it over the in-process transport (transport_url = fake://) or,
if configured, over a broker. SIGTERM or Ctrl-C stops everything cleanly.
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
from manila import service

CONF = cfg.CONF
LOG = log.getLogger(__name__)

START_RETRY_DELAY = 5


def _start_api():
    """The API server, started in its own threads."""
    app.create_default_share_type()
    api = server.WSGIServer(app.load_app(CONF))
    api.start()
    return api


def _start_backend(backend, stop):
    # What a restart by the launcher is for manila-share: a backend whose
    # start failed (database busy, storage not mounted yet) tries again.
    while not stop.is_set():
        try:
            backend.start()
            return
        except Exception:
            LOG.exception('Backend %(host)s failed to start; the other '
                          'backends and the API keep running. Retrying in '
                          '%(delay)d s.', {'host': backend.host,
                                           'delay': START_RETRY_DELAY})
        stop.wait(START_RETRY_DELAY)


def main():
    config.parse_args(sys.argv)
    rpc.init(CONF)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda signum, frame: stop.set())

    backends = [service.BackendService(name)
                for name in CONF.enabled_share_backends if name]
    if not backends:
        LOG.warning('enabled_share_backends is empty: no backend runs.')
    # Each backend starts in its own thread: one slow startup ensure must
    # not hold up the others or the API.
    for backend in backends:
        threading.Thread(target=_start_backend, args=(backend, stop),
                         name='start-%s' % backend.host, daemon=True).start()
    api = _start_api()

    while not stop.wait(1):
        pass
    LOG.info('Stopping manila-all.')
    api.stop()
    for backend in backends:
        backend.stop()
    rpc.cleanup()
    return 0


if __name__ == '__main__':
    sys.exit(main())
