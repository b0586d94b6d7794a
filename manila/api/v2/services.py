"""Services API: list backends, enable/disable them, ask one to ensure.

/os-services is the URL up to microversion 2.6, /services from 2.7, as
python-manilaclient uses them.
"""

import webob

from manila.api.openstack import wsgi
from manila.api.schemas import services as schemas
from manila.api import validation
from manila.api.views import ensure_runs as ensure_run_views
from manila.api.views import services as views
from manila.common import booleans
from manila import exception
from manila.i18n import _
from manila.services import api as services_api

# Query filters and the microversion that introduced each.
_FILTERS = (('host', '2.0'), ('binary', '2.0'), ('zone', '2.0'),
            ('state', '2.0'), ('status', '2.0'), ('ensuring', '2.93'))


class ServiceController(wsgi.Controller):
    policy_prefix = 'service'

    def __init__(self, services=None):
        self.services_api = services or services_api.API()

    def _index(self, req):
        self.authorize(req.context, 'index')
        items = views.detail_list(req,
                                  self.services_api.get_all(req.context))
        wanted = {}
        for name, since in _FILTERS:
            if name in req.GET and req.api_version >= since:
                wanted[name] = req.GET[name]
        if 'ensuring' in wanted:
            wanted['ensuring'] = booleans.parse(wanted['ensuring'],
                                                'ensuring')
        items['services'] = [
            s for s in items['services']
            if all(s.get(k) == v for k, v in wanted.items())]
        return items

    @wsgi.api_version_range('2.7')
    def index(self, req):
        """GET /services"""
        return self._index(req)

    @wsgi.api_version_range('2.0', '2.6')
    def legacy_index(self, req):
        """GET /os-services"""
        return self._index(req)

    def _update(self, req, id, body):
        self.authorize(req.context, 'update')
        validation.validate(schemas.enable_disable, body)
        if id not in ('enable', 'disable'):
            raise exception.NotFound(
                _("Unknown service action '%s': use enable or disable.")
                % id)
        reason = body.get('disabled_reason')
        if reason is not None and req.api_version < '2.83':
            raise exception.InvalidInput(
                reason=_('disabled_reason needs microversion 2.83 or '
                         'later'))
        if id == 'enable' and reason:
            raise exception.InvalidInput(
                reason=_('disabled_reason is only for disable'))
        reason = reason.strip() if reason else None
        disabled = id == 'disable'
        self.services_api.set_disabled(req.context, body['host'],
                                       body['binary'], disabled, reason)
        result = {'host': body['host'], 'binary': body['binary'],
                  'disabled': disabled}
        if req.api_version >= '2.83':
            result['status'] = 'disabled' if disabled else 'enabled'
            result['disabled_reason'] = reason
        return result

    @wsgi.api_version_range('2.7')
    def update(self, req, id, body):
        """PUT /services/enable and /services/disable"""
        return self._update(req, id, body)

    @wsgi.api_version_range('2.0', '2.6')
    def legacy_update(self, req, id, body):
        """PUT /os-services/enable and /os-services/disable"""
        return self._update(req, id, body)

    @wsgi.api_version_range('2.86')
    @wsgi.response(202)
    def ensure_shares(self, req, body):
        """POST /services/ensure (also ensure-shares, ensure_shares)."""
        self.authorize(req.context, 'ensure_shares')
        validation.validate(schemas.ensure_shares, body)
        host = body['host'] if 'host' in body else (
            body['ensure_shares']['host'])
        run_id = self.services_api.ensure_shares(req.context, host)
        # No body, as before; the Location header names the run (GET it
        # for its progress and outcome).
        resp = webob.Response(status=202)
        resp.content_type = None
        resp.body = b''
        if run_id is not None:
            resp.headers['Location'] = ensure_run_views.run_location(
                req, run_id)
        return resp
