"""The API as a WSGI application for uwsgi, gunicorn or mod_wsgi.

``manila.wsgi.api:application`` reads the config files named by
$MANILA_CONFIG_FILES (comma separated; default /etc/manila/manila.conf
when it exists) when the first request arrives; ``init_application()``
returns the app at once (the wsgi_scripts entry point, manila-wsgi).
"""

import os
import sys
import threading

from manila.api import app as api_app
from manila.common import config
from manila import rpc

_DEFAULT_CONFIG = '/etc/manila/manila.conf'


def _config_files():
    names = os.environ.get('MANILA_CONFIG_FILES')
    if names:
        return [n.strip() for n in names.split(',') if n.strip()]
    return [_DEFAULT_CONFIG] if os.path.exists(_DEFAULT_CONFIG) else []


def init_application():
    """Parse the config, set up RPC and the default type; return the app."""
    config.parse_args([sys.argv[0]], default_config_files=_config_files())
    rpc.init(config.CONF)
    api_app.create_default_share_type()
    return api_app.load_app(config.CONF)


class _LazyApplication:
    """Builds the app on the first request, i.e. in each worker process
    after the server forked, so no database or broker connection is
    shared between workers."""

    def __init__(self):
        self._app = None
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        if self._app is None:
            with self._lock:
                if self._app is None:
                    self._app = init_application()
        return self._app(environ, start_response)


application = _LazyApplication()
