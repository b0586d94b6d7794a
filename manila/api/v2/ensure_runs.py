"""Ensure runs (2.86 and later): the record of each ensure-shares run.

``GET /services/ensure-runs`` lists them newest first (filters ``host`` and
``status``, paging with ``limit`` and ``marker``); ``GET
/services/ensure-runs/{id}`` shows one, e.g. the run named by the Location
header of an accepted ``POST /services/ensure``.
"""

from manila.api import common
from manila.api.openstack import wsgi
from manila.api.views import ensure_runs as views
from manila.common import states
from manila import exception
from manila.i18n import _
from manila.services import ensure_runs as ensure_runs_api

run_states = states.EnsureRuns

# The largest page a request gets, whatever its limit says.
MAX_LIMIT = 1000


class EnsureRunsController(wsgi.Controller):
    policy_prefix = 'ensure_run'

    def __init__(self, runs=None):
        self.runs_api = runs or ensure_runs_api.API()

    @wsgi.api_version_range('2.86')
    def index(self, req):
        """GET /services/ensure-runs"""
        self.authorize(req.context, 'get_all')
        query = {}
        host = req.GET.get('host')
        if host:
            query['host'] = host
        status = req.GET.get('status')
        if status:
            if status not in run_states.ALL:
                raise exception.InvalidInput(
                    reason=_("status must be one of %(all)s, not "
                             "'%(status)s'") % {
                        'all': ', '.join(run_states.ALL),
                        'status': status})
            query['status'] = status
        limit = common.int_param(req, 'limit')
        if limit == 0:
            raise exception.InvalidInput(
                reason=_('limit must be a whole number >= 1'))
        limit = min(limit or MAX_LIMIT, MAX_LIMIT)
        marker = common.int_param(req, 'marker')
        runs = self.runs_api.get_all(req.context, limit=limit,
                                     marker=marker, **query)
        return views.detail_list(req, runs, limit, query)

    @wsgi.api_version_range('2.86')
    def show(self, req, id):
        """GET /services/ensure-runs/{id}"""
        self.authorize(req.context, 'get')
        return views.detail(req, self.runs_api.get(req.context, id))
