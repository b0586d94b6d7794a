"""Service runner: a backend's RPC server and heartbeat, and its process.

``BackendService`` runs one backend (host ``<CONF.host>@<backend>``) inside
the current process: it registers the ``services`` row, sets the driver
up and recovers from a crash (manager.prepare_host), serves RPC on topic
'manila-share', server 'host@backend', with the threading executor,
heartbeats every report_interval (with the driver's stats as the row's
capabilities) and then runs the start-up ensure if one is needed.

``manila-share`` runs one ``BackendWorker`` child process per backend under
cotyledon, which restarts a child that dies and forwards SIGTERM;
``manila-all`` runs BackendServices as threads of its backends process.

Whether a service is up is computed from heartbeat_at and
service_down_time (manila.common.states.service_is_up), never stored.
"""

import threading

import cotyledon
from cotyledon import oslo_config_glue
from oslo_config import cfg
from oslo_db import exception as db_exc
from oslo_log import log
import oslo_messaging as messaging

from manila.common import states
from manila import context as manila_context
from manila.db import api as db
from manila.db.sqlalchemy import session as db_session
from manila import exception
from manila import rpc
from manila.share import manager as share_manager
from manila.share import rpcapi

LOG = log.getLogger(__name__)
CONF = cfg.CONF


class BackendService:
    """One backend: services row, heartbeat thread, manager, RPC server."""

    def __init__(self, backend_name):
        self.backend_name = backend_name
        self.host = '%s@%s' % (CONF.host, backend_name)
        self.context = manila_context.get_admin_context()
        self.manager = None
        self.service_id = None
        self.rpcserver = None
        self._stop = threading.Event()
        self._heartbeat = None
        self._lock = threading.Lock()

    # -- lifecycle -----------------------------------------------------

    def start(self):
        """Register, set up the backend, serve RPC, heartbeat, ensure.

        The first heartbeat is written once the RPC server consumes, so a
        service shown 'up' takes requests; a long start-up ensure then
        runs while the backend serves. May be called again after it
        raised (e.g. the database was briefly unavailable): what already
        succeeded is kept.
        """
        with self._lock:
            if self.manager is None:
                self.manager = share_manager.ShareManager(
                    self.backend_name, host=self.host)
            if self.service_id is None:
                # Before recovery: it clears the row's stale ensure flag.
                self.service_id = self._register()
        if self.rpcserver is None:
            self.manager.prepare_host(self.context)
        with self._lock:
            if self._stop.is_set():
                return
            if self.rpcserver is None:
                target = messaging.Target(topic=rpcapi.TOPIC,
                                          server=self.host)
                self.rpcserver = rpc.get_server(target, [self.manager])
                self.rpcserver.start()
                LOG.info('Backend %s serves RPC on topic %s.', self.host,
                         rpcapi.TOPIC)
            if self._heartbeat is None:
                self._report()
                self._heartbeat = threading.Thread(
                    target=self._heartbeat_loop, daemon=True,
                    name='heartbeat-%s' % self.host)
                self._heartbeat.start()
        self.manager.ensure_at_startup(self.context)

    def stop(self):
        """Stop taking requests, let running ones finish, stop heartbeat."""
        self._stop.set()
        with self._lock:
            server, self.rpcserver = self.rpcserver, None
        if server is not None:
            server.stop()
            server.wait()
        if self._heartbeat is not None:
            self._heartbeat.join()
        LOG.info('Backend %s stopped.', self.host)

    # -- services row and heartbeat -------------------------------------

    def _register(self):
        """Create or update this backend's services row; returns its id.

        ``disabled`` stays as the operator set it.
        """
        values = {'topic': rpcapi.TOPIC,
                  'availability_zone': CONF.storage_availability_zone}
        try:
            service = db.service_get_by_args(self.context, self.host,
                                             states.SHARE_BINARY)
        except exception.HostBinaryNotFound:
            try:
                service = db.service_create(
                    self.context, dict(values, host=self.host,
                                       binary=states.SHARE_BINARY))
                LOG.info('Registered service %s.', self.host)
                return service.id
            except db_exc.DBDuplicateEntry:
                # Another process registered the same host just now.
                service = db.service_get_by_args(self.context, self.host,
                                                 states.SHARE_BINARY)
        db.service_update(self.context, service.id, values)
        return service.id

    def _report(self):
        """One heartbeat, and the backend's capabilities."""
        try:
            db.service_heartbeat(self.context, self.service_id)
        except exception.ServiceNotFound:
            LOG.warning('Service row of %s disappeared; registering again.',
                        self.host)
            self.service_id = self._register()
            db.service_heartbeat(self.context, self.service_id)
        capabilities = self.manager.get_capabilities(self.context)
        db.service_capabilities_update(self.context, self.service_id,
                                       capabilities)

    def _heartbeat_loop(self):
        while not self._stop.wait(CONF.report_interval):
            try:
                self._report()
            except Exception:
                # A database outage must not kill the heartbeat: the
                # service shows 'down' until the database answers again.
                LOG.exception('Heartbeat of %s failed.', self.host)


class BackendWorker(cotyledon.Service):
    """A manila-share child process running one backend."""

    def __init__(self, worker_id, backend_name):
        super().__init__(worker_id)
        self.backend_name = backend_name
        # Shown in the process title: "manila-share: manila-share
        # localhost@alpha worker(0)".
        self.name = '%s %s@%s' % (states.SHARE_BINARY, CONF.host,
                                  backend_name)
        self.service = None

    def run(self):
        # A pool or broker connection inherited from the parent would be
        # shared by two processes: build fresh ones here.
        db_session.get_engine().dispose()
        rpc.init(CONF)
        self.service = BackendService(self.backend_name)
        self.service.start()

    def terminate(self):
        if self.service is not None:
            self.service.stop()
        rpc.cleanup()

    def reload(self):
        # SIGHUP: apply mutable options; the backend keeps running.
        CONF.mutate_config_files()


def run_backends(backend_names):
    """Run each backend in its own child process until SIGTERM."""
    manager = cotyledon.ServiceManager()
    oslo_config_glue.setup(manager, CONF, reload_method='mutate')
    for name in backend_names:
        manager.add(BackendWorker, workers=1, args=(name,))
    manager.run()


def list_opts():
    return [(None, oslo_config_glue.list_opts()[0][1])]
