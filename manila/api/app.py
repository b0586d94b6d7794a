"""Build the WSGI application from api-paste.ini.

manila-api, manila-all and the uwsgi/gunicorn entry point all call
:func:`load_app`, so they serve the same pipeline.
"""

import os
import sys

from oslo_config import cfg
from oslo_log import log as logging
from paste import deploy

from manila import exception

CONF = cfg.CONF
LOG = logging.getLogger(__name__)

api_opts = [
    cfg.StrOpt('auth_strategy', default='noauth',
               choices=[('noauth', 'no Keystone: "X-Auth-Token: '
                                   'user:project" names the caller, '
                                   'X-Roles the roles (default admin)'),
                        ('keystone', 'keystonemiddleware auth_token '
                                     'validates tokens ([keystone_authtoken]'
                                     ' options)')],
               help='How API callers are authenticated.'),
    cfg.StrOpt('api_paste_config', default='api-paste.ini',
               help='The paste.deploy file of the API. A relative name is '
                    'looked up next to the config files, in /etc/manila, '
                    'in the source tree (etc/manila) and in the installed '
                    'data files (<prefix>/etc/manila).'),
]

CONF.register_opts(api_opts)

PASTE_APP_NAME = 'osapi_share'


def _candidates(name):
    try:
        yield CONF.find_file(name)
    except cfg.NotInitializedError:
        # Config files not parsed (tests, embedding): nothing to search.
        pass
    here = os.path.dirname(os.path.abspath(__file__))
    yield os.path.join(here, '..', '..', 'etc', 'manila', name)
    yield os.path.join(sys.prefix, 'etc', 'manila', name)
    yield os.path.join('/etc/manila', name)


def find_paste_config(conf=CONF):
    """Absolute path of the paste file; raises ConfigNotFound."""
    name = conf.api_paste_config
    if os.path.isabs(name):
        if os.path.exists(name):
            return name
        raise exception.ConfigNotFound(path=name)
    for path in _candidates(name):
        if path and os.path.exists(path):
            return os.path.abspath(path)
    raise exception.ConfigNotFound(path=name)


def load_app(conf=CONF, name=PASTE_APP_NAME):
    """The API's WSGI app, its pipeline chosen by auth_strategy."""
    path = find_paste_config(conf)
    LOG.info('Loading the API from %s (auth_strategy=%s)', path,
             conf.auth_strategy)
    return deploy.loadapp('config:%s' % path, name=name)


def create_default_share_type():
    """Create the default share type now, if the database allows it.

    A failure (e.g. the schema is not synced yet) is logged, not raised:
    share creation creates the type on first use anyway.
    """
    from manila import context
    from manila.share import share_types
    try:
        share_types.ensure_default_type(context.get_admin_context())
    except Exception as exc:
        LOG.error('Could not create the default share type at start (%s); '
                  'run "manila-manage db sync" if the schema is missing.',
                  exc)


def list_opts():
    return [(None, api_opts)]
