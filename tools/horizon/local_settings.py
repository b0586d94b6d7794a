# Horizon's local_settings.py for the dashboard that tools/run-dashboard.sh
# and the browser tests start (tools/bootstrap-horizon.sh copies it into
# .venv-horizon). One virtualenv serves several dashboards at once: what
# differs between them comes from the environment.
#
#   MANILA_DASHBOARD_KEYSTONE_URL  Keystone's v3 URL (required to log in)
#   MANILA_DASHBOARD_STATE         folder for the secret key, sessions, log
#   MANILA_DASHBOARD_STATIC        the collected static files
import os

_STATE = os.environ.get('MANILA_DASHBOARD_STATE', '/tmp')

DEBUG = False
ALLOWED_HOSTS = ['127.0.0.1', 'localhost', '[::1]']
WEBROOT = '/'
STATIC_ROOT = os.environ.get('MANILA_DASHBOARD_STATIC')
# Static files are collected and compressed once, when the virtualenv is
# made; uWSGI serves them.
COMPRESS_OFFLINE = True

# One key for every uWSGI worker: with --lazy-apps they read these
# settings at the same time, and a key each would make a session signed
# by one worker "corrupted" for the others. The lock lets one of them
# write the key and the others read it.
with open(os.path.join(_STATE, 'secret_key'), 'a+') as _key_file:
    import fcntl
    fcntl.flock(_key_file, fcntl.LOCK_EX)
    _key_file.seek(0)
    SECRET_KEY = _key_file.read().strip()
    if not SECRET_KEY:
        import secrets
        SECRET_KEY = secrets.token_urlsafe(48)
        _key_file.write(SECRET_KEY)
        _key_file.flush()

OPENSTACK_KEYSTONE_URL = os.environ.get('MANILA_DASHBOARD_KEYSTONE_URL',
                                        'http://127.0.0.1:5000/v3')
OPENSTACK_KEYSTONE_DEFAULT_ROLE = 'member'
OPENSTACK_KEYSTONE_MULTIDOMAIN_SUPPORT = False
OPENSTACK_ENDPOINT_TYPE = 'publicURL'

# Sessions in files: shared by uWSGI's worker processes, never evicted
# (an in-memory cache's MAX_ENTRIES would log users out).
SESSION_ENGINE = 'django.contrib.sessions.backends.file'
SESSION_FILE_PATH = os.path.join(_STATE, 'sessions')
os.makedirs(SESSION_FILE_PATH, exist_ok=True)
CACHES = {'default': {
    'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}}

# Only the share service is in the catalog: land on manila-ui's Shares
# panel (Horizon's default, /project/, needs the compute service).
LOGIN_REDIRECT_URL = '/project/shares/'

LOGGING = {
    'version': 1,
    'disable_existing_loggers': False,
    'formatters': {'plain': {
        'format': '%(asctime)s %(process)d %(levelname)s %(name)s '
                  '%(message)s'}},
    'handlers': {'file': {
        'class': 'logging.FileHandler', 'formatter': 'plain',
        'filename': os.path.join(_STATE, 'horizon.log')}},
    'root': {'handlers': ['file'], 'level': 'INFO'},
}

from openstack_dashboard.settings import HORIZON_CONFIG  # noqa: E402
HORIZON_CONFIG['user_home'] = LOGIN_REDIRECT_URL
