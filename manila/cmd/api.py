"""manila-api: the REST API served by gunicorn worker processes.

Listens on osapi_share_listen:osapi_share_listen_port with
osapi_share_workers processes of osapi_share_threads threads (see
manila.api.server); SIGTERM stops it once the requests in flight are
answered. Backends run in manila-share processes and are reached over
transport_url (RabbitMQ across processes).
"""

import sys

from oslo_config import cfg
from oslo_log import log

from manila.api import app
from manila.api import server
from manila.common import config
from manila.db.sqlalchemy import session as db_session
from manila import rpc

CONF = cfg.CONF
LOG = log.getLogger(__name__)


def load_worker_app():
    """The WSGI app of one worker process, built after the fork."""
    # The parent's pool (it created the default share type) must not be
    # shared: drop it without closing the parent's connections.
    db_session.get_engine().dispose(close=False)
    rpc.init(CONF)
    return app.load_app(CONF)


def main():
    config.parse_args(sys.argv)
    app.create_default_share_type()
    code = server.serve(load_worker_app)
    LOG.info('manila-api stopped.')
    return code


if __name__ == '__main__':
    sys.exit(main())
