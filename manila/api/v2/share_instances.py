"""Share instances (microversion 2.3 and later): administrators see where
each share lives and repair what a backend left behind.

``GET /share_instances`` (2.35: ?export_location_id= / _path=),
``GET /share_instances/{id}``, ``GET /shares/{share_id}/instances``,
``GET /share_instances/{id}/export_locations`` (2.9) and
``POST /share_instances/{id}/action`` with reset_status or force_delete
('os-' prefixed up to 2.6), as python-manilaclient sends them
(``openstack share instance list/show/set --status/delete``).
"""

from manila.api.openstack import wsgi
from manila.api.schemas import admin_actions
from manila.api import share_policy
from manila.api.v2 import shares
from manila.api import validation
from manila.api.views import export_locations as el_views
from manila.api.views import share_instances as views
from manila.common import states
from manila.share import api as share_api


class ShareInstanceController(wsgi.Controller):
    policy_prefix = 'share_instance'

    def __init__(self, shares=None):
        self.share_api = shares or share_api.API()

    @wsgi.api_version_range('2.3')
    def index(self, req):
        """GET /share_instances"""
        self.authorize(req.context, 'index')
        filters = {}
        if req.api_version >= '2.35':
            filters = {k: req.GET[k] for k in ('export_location_id',
                                               'export_location_path')
                       if req.GET.get(k)}
        return views.detail_list(
            req, self.share_api.instance_get_all(req.context, filters))

    @wsgi.api_version_range('2.3')
    def show(self, req, id):
        """GET /share_instances/{id}"""
        self.authorize(req.context, 'show')
        return views.detail(req, self.share_api.instance_get(req.context,
                                                             id))

    @wsgi.api_version_range('2.3')
    def share_index(self, req, share_id):
        """GET /shares/{share_id}/instances"""
        self.authorize(req.context, 'index')
        share = share_policy.get_share(self.share_api, req.context,
                                       share_id)
        return views.detail_list(req, share.instances)

    @wsgi.api_version_range('2.9')
    def export_locations(self, req, id):
        """GET /share_instances/{id}/export_locations"""
        self.authorize(req.context, 'show')
        instance = self.share_api.instance_get(req.context, id)
        return el_views.detail_list(req, instance.export_locations)

    # -- actions -----------------------------------------------------------

    def _reset_status(self, req, id, body, action):
        self.authorize(req.context, 'reset_status')
        validation.validate(
            admin_actions.reset_status(action, states.RESET_TARGETS), body)
        instance = self.share_api.instance_get(req.context, id)
        self.share_api.instance_reset_status(req.context, instance,
                                             body[action]['status'])
        return shares.wsgi_accepted()

    @wsgi.action('reset_status', min_version='2.7')
    def reset_status(self, req, id, body):
        """``openstack share instance set --status``: the database only."""
        return self._reset_status(req, id, body, 'reset_status')

    @wsgi.action('os-reset_status', min_version='2.3', max_version='2.6')
    def legacy_reset_status(self, req, id, body):
        return self._reset_status(req, id, body, 'os-reset_status')

    def _force_delete(self, req, id, body, action):
        self.authorize(req.context, 'force_delete')
        validation.validate(admin_actions.force_delete(action), body)
        instance = self.share_api.instance_get(req.context, id)
        # One instance a share here: the share goes with it.
        share = share_policy.get_share(self.share_api, req.context,
                                       instance.share_id)
        self.share_api.force_delete(req.context, share)
        return shares.wsgi_accepted()

    @wsgi.action('force_delete', min_version='2.7')
    def force_delete(self, req, id, body):
        return self._force_delete(req, id, body, 'force_delete')

    @wsgi.action('os-force_delete', min_version='2.3', max_version='2.6')
    def legacy_force_delete(self, req, id, body):
        return self._force_delete(req, id, body, 'os-force_delete')
