"""Access rules as a resource: GET /share-access-rules (2.45 and later).
"""

from manila.api import common
from manila.api.openstack import wsgi
from manila.api.views import share_accesses as views
from manila import exception
from manila.i18n import _
from manila.share import api as share_api

# Exact-value filters on rules; the extended ones came with 2.82.
_FILTERS = ('access_type', 'access_to', 'access_level', 'access_key')


class ShareAccessController(wsgi.Controller):
    policy_prefix = 'share_access_rule'

    def __init__(self, shares=None):
        self.share_api = shares or share_api.API()

    @wsgi.api_version_range('2.45')
    def index(self, req):
        """GET /share-access-rules?share_id=<id>"""
        share_id = req.GET.get('share_id')
        if not share_id:
            raise exception.InvalidInput(
                reason=_('the share_id query parameter is required, e.g. '
                         '/share-access-rules?share_id=<share id>'))
        share = self.share_api.get(req.context, share_id)
        self.authorize(req.context, 'index', share_api.policy_target(share))
        filters = {}
        if req.api_version >= '2.82':
            filters = {k: req.GET[k] for k in _FILTERS if req.GET.get(k)}
        rules = self.share_api.access_get_all(req.context, share, filters)
        wanted = common.dict_param(req, 'metadata') or {}
        if wanted:
            rules = [r for r in rules
                     if all(views.metadata_of(r).get(k) == v
                            for k, v in wanted.items())]
        return views.list_view(req, rules)

    @wsgi.api_version_range('2.45')
    def show(self, req, id):
        """GET /share-access-rules/{id}"""
        rule, _share = self.share_api.access_get(req.context, id)
        return {'access': views.view(req, rule)}
