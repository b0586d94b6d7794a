"""Limits: what the caller's project uses, and no quota (-1, unlimited).

The service enforces no quotas; manila-ui's Create Share form reads these
figures to show how much the project uses.
"""

from manila.api.openstack import wsgi
from manila.db import api as db

UNLIMITED = -1


class LimitsController(wsgi.Controller):
    policy_prefix = 'share'

    def index(self, req):
        """GET /limits"""
        self.authorize(req.context, 'get_all')
        shares = db.share_get_all(
            req.context, filters={'project_id': req.context.project_id})
        absolute = {
            'maxTotalShares': UNLIMITED,
            'maxTotalShareGigabytes': UNLIMITED,
            'maxTotalShareSnapshots': UNLIMITED,
            'maxTotalSnapshotGigabytes': UNLIMITED,
            'maxTotalShareNetworks': UNLIMITED,
            'maxTotalShareGroups': UNLIMITED,
            'maxTotalShareGroupSnapshots': UNLIMITED,
            'maxTotalShareReplicas': UNLIMITED,
            'maxTotalReplicaGigabytes': UNLIMITED,
            'totalSharesUsed': len(shares),
            'totalShareGigabytesUsed': sum(s.size or 0 for s in shares),
            'totalShareSnapshotsUsed': 0,
            'totalSnapshotGigabytesUsed': 0,
            'totalShareNetworksUsed': 0,
            'totalShareGroupsUsed': 0,
            'totalShareGroupSnapshotsUsed': 0,
            'totalShareReplicasUsed': 0,
            'totalReplicaGigabytesUsed': 0,
        }
        return {'limits': {'rate': [], 'absolute': absolute}}
