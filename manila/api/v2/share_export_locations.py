"""Export locations of a share (microversion 2.9 and later)."""

from manila.api.openstack import wsgi
from manila.api import share_policy
from manila.api.views import export_locations as views
from manila import exception
from manila.share import api as share_api


class ShareExportLocationController(wsgi.Controller):
    policy_prefix = 'share_export_location'

    def __init__(self, shares=None):
        self.share_api = shares or share_api.API()

    def _visible(self, req, share_id, action):
        share = share_policy.get_share(self.share_api, req.context,
                                       share_id)
        self.authorize(req.context, action,
                       share_policy.read_target(req.context, share))
        return [el for el in self.share_api.export_locations_get(
                    req.context, share)
                if req.context.is_admin or not el.is_admin_only]

    @wsgi.api_version_range('2.9')
    def index(self, req, share_id):
        """GET /shares/{share_id}/export_locations"""
        return views.detail_list(req, self._visible(req, share_id, 'index'))

    @wsgi.api_version_range('2.9')
    def show(self, req, share_id, export_location_id):
        """GET /shares/{share_id}/export_locations/{export_location_id}"""
        for el in self._visible(req, share_id, 'show'):
            if el.uuid == export_location_id:
                return views.detail(req, el)
        raise exception.ExportLocationNotFound(uuid=export_location_id)
