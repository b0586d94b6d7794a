"""Limits: what the caller's project uses, and no quota (-1, unlimited).

The service enforces no quotas; manila-ui's Create Share form reads these
figures to show how much the project uses.
"""

from manila.api.openstack import wsgi
from manila.share import api as share_api

UNLIMITED = -1


class LimitsController(wsgi.Controller):
    policy_prefix = 'share'

    def __init__(self, shares=None):
        self.share_api = shares or share_api.API()

    def index(self, req):
        """GET /limits"""
        self.authorize(req.context, 'get_all')
        used = self.share_api.project_usage(req.context)
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
            'totalSharesUsed': used['shares'],
            'totalShareGigabytesUsed': used['gigabytes'],
            'totalShareSnapshotsUsed': 0,
            'totalSnapshotGigabytesUsed': 0,
            'totalShareNetworksUsed': 0,
            'totalShareGroupsUsed': 0,
            'totalShareGroupSnapshotsUsed': 0,
            'totalShareReplicasUsed': 0,
            'totalReplicaGigabytesUsed': 0,
        }
        return {'limits': {'rate': [], 'absolute': absolute}}
