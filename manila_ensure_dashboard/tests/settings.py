"""Django settings for the plugin's unit tests: Horizon's test settings
with manila-ui's panels and ours, and this service's policy defaults."""

import os

from horizon.test.settings import *  # noqa: F401,F403
from openstack_dashboard.test.settings import *  # noqa: F401,F403

import manila_ui
import manila_ui.local.enabled
import openstack_dashboard.enabled
from openstack_dashboard.utils import settings as settings_utils

import manila_ensure_dashboard
import manila_ensure_dashboard.local.enabled

# Horizon's test settings already added its own dashboards; add the
# plugins' panels and only the applications not installed yet.
_apps = list(INSTALLED_APPS)  # noqa: F405
settings_utils.update_dashboards(
    [manila_ui.local.enabled, manila_ensure_dashboard.local.enabled,
     openstack_dashboard.enabled],
    HORIZON_CONFIG,  # noqa: F405
    _apps)
INSTALLED_APPS = list(INSTALLED_APPS) + [  # noqa: F405
    app for app in dict.fromkeys(_apps)
    if app not in INSTALLED_APPS]  # noqa: F405

# What local_settings.d/_91_manila_ensure_dashboard.py does in a real
# Horizon (absolute paths: Horizon joins them to POLICY_FILES_PATH).
POLICY_FILES = dict(POLICY_FILES)  # noqa: F405
POLICY_FILES['share'] = os.path.join(
    os.path.dirname(manila_ui.__file__), 'conf', 'manila_policy.yaml')
DEFAULT_POLICY_FILES = dict(DEFAULT_POLICY_FILES)  # noqa: F405
DEFAULT_POLICY_FILES['share'] = os.path.join(
    os.path.dirname(manila_ensure_dashboard.__file__),
    'conf', 'default_policies', 'manila.yaml')
