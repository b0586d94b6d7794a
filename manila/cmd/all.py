"""manila-all: the API and every backend on one machine, one command.

Two child processes, restarted when they die:

* the backends process runs every backend as threads (their RPC servers on
  transport_url, by default the in-process ``fake://``);
* the API process is manila-api's gunicorn arbiter with its worker
  processes (osapi_share_workers x osapi_share_threads).

With ``fake://`` the API workers cannot reach the backends' in-process
transport, so the backends process relays their casts from a UNIX socket
in a private temporary directory (manila.local_rpc). With a broker
(``rabbit://``) both sides use the broker and no relay runs.

SIGTERM or Ctrl-C stops both children cleanly (requests in flight are
answered); SIGHUP re-reads the mutable options of the backends and
restarts the API workers gracefully.
"""

import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
import time

from oslo_config import cfg
from oslo_log import log

from manila.api import app
from manila.api import server
from manila.cmd import api as api_cmd
from manila.common import config
from manila.db.sqlalchemy import session as db_session
from manila import local_rpc
from manila import rpc
from manila import service

CONF = cfg.CONF
LOG = log.getLogger(__name__)

START_RETRY_DELAY = 5
# A child that dies is started again after this many seconds.
RESTART_DELAY = 1

BACKENDS = 'backends'
API = 'api'


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


def run_backends(relay_path):
    """The backends process: every backend as threads, until SIGTERM."""
    rpc.init(CONF)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda signum, frame: stop.set())
    signal.signal(signal.SIGHUP,
                  lambda signum, frame: CONF.mutate_config_files())
    relay = None
    if relay_path:
        relay = local_rpc.RelayServer(
            relay_path, rpc.get_transport_client,
            rpc.RequestContextSerializer().deserialize_context)
        relay.start()
    backends = [service.BackendService(name)
                for name in CONF.enabled_share_backends if name]
    if not backends:
        LOG.warning('enabled_share_backends is empty: no backend runs.')
    # Each backend starts in its own thread: one slow startup ensure must
    # not hold up the others.
    for backend in backends:
        threading.Thread(target=_start_backend, args=(backend, stop),
                         name='start-%s' % backend.host, daemon=True).start()
    while not stop.wait(1):
        pass
    LOG.info('Stopping the backends.')
    if relay is not None:
        relay.stop()
    for backend in backends:
        backend.stop()
    rpc.cleanup()
    return 0


def run_api(relay_path):
    """The API process: gunicorn's arbiter and its workers."""
    if relay_path:
        rpc.use_relay(relay_path)
    return server.serve(api_cmd.load_worker_app)


class Supervisor:
    """Forks the two children and starts again the one that dies."""

    def __init__(self, relay_path):
        self.relay_path = relay_path
        self.children = {}
        self.stopping = False

    def spawn(self, role):
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
                    signal.signal(sig, signal.SIG_DFL)
                run = run_backends if role == BACKENDS else run_api
                code = run(self.relay_path)
            except SystemExit as exc:
                code = exc.code or 0
            except BaseException:
                LOG.exception('The %s process of manila-all failed.', role)
            finally:
                logging.shutdown()
                os._exit(code if isinstance(code, int) else 1)
        self.children[pid] = role
        LOG.info('Started the %s process of manila-all (pid %d).', role, pid)

    def forward(self, signum, frame=None):
        if signum in (signal.SIGTERM, signal.SIGINT):
            self.stopping = True
        for pid in list(self.children):
            try:
                os.kill(pid, signum)
            except ProcessLookupError:
                pass

    def run(self):
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, self.forward)
        # Backends first: the relay socket is up before the API takes a
        # request (a cast before that answers 503, it is not lost).
        self.spawn(BACKENDS)
        self.spawn(API)
        while self.children:
            try:
                pid, status = os.wait()
            except ChildProcessError:
                break
            role = self.children.pop(pid, None)
            if role is None:
                continue
            if self.stopping:
                LOG.info('The %s process of manila-all stopped.', role)
                continue
            LOG.error('The %s process of manila-all (pid %d) exited with '
                      'status %d; starting it again.', role, pid,
                      os.waitstatus_to_exitcode(status))
            time.sleep(RESTART_DELAY)
            if not self.stopping:
                self.spawn(role)
        return 0


def main():
    config.parse_args(sys.argv)
    relay_dir = relay_path = None
    if rpc.in_process(CONF):
        relay_dir = tempfile.mkdtemp(prefix='manila-all-')
        relay_path = os.path.join(relay_dir, local_rpc.SOCKET_NAME)
    try:
        app.create_default_share_type()
        # The children open their own pools: close this one before forking.
        db_session.get_engine().dispose()
        code = Supervisor(relay_path).run()
    finally:
        if relay_dir:
            shutil.rmtree(relay_dir, ignore_errors=True)
    LOG.info('manila-all stopped.')
    return code


if __name__ == '__main__':
    sys.exit(main())
