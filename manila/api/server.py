"""The API's HTTP server: gunicorn, embedded through its application API.

manila-api (and the API half of manila-all) runs a gunicorn arbiter in the
foreground: ``osapi_share_workers`` worker processes, each serving
``osapi_share_threads`` requests at a time (the 'gthread' worker), HTTP/1.1
with keep-alive. The arbiter replaces a worker that dies; SIGTERM lets the
requests in flight finish (``osapi_share_graceful_timeout``) before the
workers exit; SIGHUP restarts the workers gracefully.

Each worker builds the WSGI app itself after the fork, so no database or
broker connection is shared between processes. Operators who run their
own server (uwsgi, gunicorn, mod_wsgi) serve
``manila.wsgi.api:application`` instead.
"""

import json
import logging

from gunicorn.app import base as gunicorn_base
from gunicorn import glogging
from gunicorn import util as gunicorn_util
from gunicorn.workers import gthread
from oslo_concurrency import processutils
from oslo_config import cfg
from oslo_log import log

from manila.api.openstack import faults
from manila.db.sqlalchemy import session as db_session

CONF = cfg.CONF
LOG = log.getLogger(__name__)

server_opts = [
    cfg.HostAddressOpt('osapi_share_listen', default='0.0.0.0',
                       help='Address the API listens on.'),
    cfg.PortOpt('osapi_share_listen_port', default=8786,
                help='Port the API listens on.'),
    cfg.IntOpt('osapi_share_workers', min=1,
               sample_default='<number of CPUs>',
               help='Worker processes of the API. Default: the number of '
                    'CPUs of the machine.'),
    cfg.IntOpt('osapi_share_threads', default=2, min=1,
               help='Requests each API worker process serves at a time '
                    '(its threads). The API is mostly Python work, which '
                    "one process's threads take turns at: more threads "
                    'help where requests wait (a remote database, '
                    'Keystone) and lengthen the tail elsewhere. The '
                    'database connection pool of a worker is sized to '
                    'match unless [database] max_pool_size is set.'),
    cfg.IntOpt('osapi_share_keepalive', default=5, min=0,
               help='Seconds an idle HTTP/1.1 connection stays open for '
                    'the next request; 0 closes it after each response.'),
    cfg.IntOpt('osapi_share_graceful_timeout', default=30, min=1,
               help='Seconds the requests in flight get to finish when '
                    'the API is stopped (SIGTERM) or its workers are '
                    'restarted (SIGHUP).'),
]

CONF.register_opts(server_opts)


def worker_count():
    """``osapi_share_workers``, or the number of CPUs when unset."""
    return CONF.osapi_share_workers or processutils.get_worker_count()


def bind_address(host=None, port=None):
    """'host:port' as gunicorn takes it (an IPv6 address in brackets)."""
    host = CONF.osapi_share_listen if host is None else host
    port = CONF.osapi_share_listen_port if port is None else port
    if ':' in host:
        host = '[%s]' % host
    return '%s:%d' % (host, port)


class OsloLogger(glogging.Logger):
    """gunicorn's logger writing through oslo.log.

    No handler of its own: gunicorn's messages go to the handlers oslo.log
    set up. Each request is one INFO line on 'manila.api.server', built
    only when INFO is enabled.
    """

    def setup(self, cfg):
        self.cfg = cfg
        self._access_log_enabled = True
        for logger in (self.error_log, self.access_log):
            logger.handlers = []
            logger.propagate = True
        self.error_log.setLevel(logging.INFO)

    def access(self, resp, req, environ, request_time):
        if not LOG.isEnabledFor(logging.INFO):
            return
        # The request as the client sent it: the app moves /v2 from
        # PATH_INFO to SCRIPT_NAME on its way.
        LOG.info('%s "%s %s%s%s" status: %s len: %s time: %.4f',
                 environ.get('REMOTE_ADDR', '-'), req.method, req.path,
                 '?' if req.query else '', req.query, resp.status_code,
                 resp.sent, request_time.total_seconds())

    def reopen_files(self):
        # The log files are oslo.log's; nothing of gunicorn's to reopen.
        pass


def options(host=None, port=None):
    """gunicorn's settings, from manila's options."""
    return {
        'bind': [bind_address(host, port)],
        'workers': worker_count(),
        'threads': CONF.osapi_share_threads,
        'worker_class': 'manila.api.server.Worker',
        'keepalive': CONF.osapi_share_keepalive,
        'graceful_timeout': CONF.osapi_share_graceful_timeout,
        # A worker silent for this long (its main loop stuck) is killed
        # and replaced; requests themselves may take longer.
        'timeout': 120,
        'backlog': 2048,
        # gunicorn's own 4,094-byte limit answers a long query string with
        # an HTML 414 before the API sees it; 0 lifts it to gunicorn's
        # 1 MiB ceiling, so the API answers filters itself, with its own
        # JSON faults. Bodies stay bounded by max_request_body_size.
        'limit_request_line': 0,
        'logger_class': OsloLogger,
        'proc_name': 'manila-api',
        'preload_app': False,
    }


def write_json_error(sock, status, reason, message):
    """gunicorn's answer to a request it cannot parse (a request line over
    its 1 MiB ceiling, headers too large, a malformed request line), as
    the API's JSON fault instead of gunicorn's HTML page."""
    body = json.dumps(faults.fault_body(
        status, '%s: %s' % (reason, message) if message else reason)
    ).encode('utf-8')
    head = ('HTTP/1.1 %d %s\r\nConnection: close\r\n'
            'Content-Type: application/json\r\nContent-Length: %d\r\n\r\n'
            % (status, reason, len(body))).encode('latin-1')
    gunicorn_util.write_nonblock(sock, head + body)


class Worker(gthread.ThreadWorker):
    """gunicorn's threaded worker, answering the requests gunicorn refuses
    itself with JSON faults like every other error of the API."""

    def init_process(self):
        # gunicorn's workers look write_error up in its util module at
        # each error; this process serves only the API.
        gunicorn_util.write_error = write_json_error
        super().init_process()


class Application(gunicorn_base.BaseApplication):
    """gunicorn's documented custom application: settings from manila's
    options, and ``load`` (run in each worker after the fork) building
    the WSGI app."""

    def __init__(self, load, settings):
        self._load = load
        self._settings = settings
        super().__init__()

    def load_config(self):
        for name, value in self._settings.items():
            self.cfg.set(name, value)
        if 'control_socket_disable' in self.cfg.settings:
            # gunicorn >= 24 would open a control socket in $HOME, one
            # path for every server of the user: not wanted here.
            self.cfg.set('control_socket_disable', True)

    def load(self):
        return self._load()


def pool_size_follows_threads():
    """Size each worker's database pool to its threads, unless set."""
    db_session.size_pool(CONF.osapi_share_threads)


def serve(load, host=None, port=None):
    """Run the API in the foreground until SIGTERM; returns the exit code.

    ``load`` is called in each worker process and returns the WSGI app.
    """
    pool_size_follows_threads()
    settings = options(host, port)
    LOG.info('API listening on http://%s with %d worker processes of %d '
             'threads', settings['bind'][0], settings['workers'],
             settings['threads'])
    try:
        Application(load, settings).run()
    except SystemExit as exc:
        return exc.code or 0
    return 0


def list_opts():
    return [(None, server_opts)]
