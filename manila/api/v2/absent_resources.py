"""Lists of the resources this service does not have.

The service has no share networks (every backend has
driver_handles_share_servers = False), no snapshots and no share groups.
Dashboards such as manila-ui list them on every Shares page and in the
create form and fail when the URL is unknown, so their lists answer empty
(an honest answer: there are none), behind the same policy as listing
shares. Anything else on these resources stays 404.
"""

from manila.api.openstack import wsgi


class _AbsentController(wsgi.Controller):
    policy_prefix = 'share'
    collection = None

    def index(self, req):
        """GET /<collection> and /<collection>/detail: always empty."""
        self.authorize(req.context, 'get_all')
        return {self.collection: []}


class ShareNetworksController(_AbsentController):
    collection = 'share_networks'


class SnapshotsController(_AbsentController):
    collection = 'snapshots'


class ShareGroupsController(_AbsentController):
    collection = 'share_groups'
