"""Access rules as a resource: GET /share-access-rules (2.45 and later),
and the administrators' ``POST /share-access-rules/{id}/action`` with
``{"reset_status": {"status": "active"|"error"}}``.
"""

from manila.api import common
from manila.api.openstack import wsgi
from manila.api.schemas import admin_actions
from manila.api import share_policy
from manila.api.v2 import shares as shares_controller
from manila.api import validation
from manila.api.views import share_accesses as views
from manila.common import states
from manila import exception
from manila.i18n import _
from manila.share import api as share_api

# Exact-value filters on rules; the extended ones came with 2.82.
_FILTERS = ('access_type', 'access_to', 'access_level', 'access_key')


class ShareAccessController(wsgi.Controller):
    policy_prefix = 'share_access_rule'

    def __init__(self, shares=None):
        self.share_api = shares or share_api.API()

    def _get(self, req, access_id):
        """A rule and its share; 404 (AccessRuleNotFound) to whoever may
        not read the share, 403 to whoever may not read its rules."""
        rule, share = self.share_api.access_get(req.context, access_id)
        if not share_policy.may_read(req.context, share):
            raise exception.AccessRuleNotFound(access_id=access_id)
        self.authorize(req.context, 'get', share_policy.policy_target(share))
        return rule, share

    @wsgi.api_version_range('2.45')
    def index(self, req):
        """GET /share-access-rules?share_id=<id>"""
        share_id = req.GET.get('share_id')
        if not share_id:
            raise exception.InvalidInput(
                reason=_('the share_id query parameter is required, e.g. '
                         '/share-access-rules?share_id=<share id>'))
        share = share_policy.get_share(self.share_api, req.context,
                                       share_id)
        self.authorize(req.context, 'index', share_policy.policy_target(share))
        filters = {}
        if req.api_version >= '2.82':
            filters = {k: req.GET[k] for k in _FILTERS if req.GET.get(k)}
        share_policy.authorize(req.context, 'share:access_get_all', share)
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
        rule, _share = self._get(req, id)
        return {'access': views.view(req, rule)}

    @wsgi.action('reset_status', min_version='2.45')
    def reset_status(self, req, id, body):
        """Set a rule's state (admin), e.g. to 'error' for a rule left
        'applying' by a backend that never returned, so that its owner
        can deny it. This service's own action: upstream Manila and its
        clients have no reset of an access rule. The backend is not
        asked."""
        rule, share = self._get(req, id)
        self.authorize(req.context, 'reset_status',
                       share_policy.policy_target(share))
        validation.validate(admin_actions.reset_status(
            'reset_status', states.ACCESS_RESET_TARGETS), body)
        self.share_api.access_reset_status(req.context, rule,
                                           body['reset_status']['status'])
        return shares_controller.wsgi_accepted()
