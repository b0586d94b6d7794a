# Copy to openstack_dashboard/local/local_settings.d/ (after manila-ui's
# _90_manila_shares.py; tools/bootstrap-horizon.sh does): the 'share'
# policy defaults become this service's own (generated from
# manila.policies), so the dashboard offers exactly what the API allows.
import os

from django.conf import settings

import manila_ensure_dashboard

settings.DEFAULT_POLICY_FILES['share'] = os.path.join(
    os.path.dirname(manila_ensure_dashboard.__file__),
    'conf', 'default_policies', 'manila.yaml')
