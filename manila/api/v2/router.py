"""Every URL of the v2 API, in one place.

Each route exists twice: ``/v2/{project_id}/...`` (Manila's historic form,
which the service catalog usually names) and ``/v2/...`` (what the clients
use with an endpoint without project). The project in the URL must be the
caller's; :class:`manila.api.openstack.wsgi.Resource` checks that.
"""

import routes
import webob.dec

from manila.api.openstack import faults
from manila.api.openstack import wsgi
from manila.api.v2 import absent_resources
from manila.api.v2 import availability_zones
from manila.api.v2 import ensure_runs
from manila.api.v2 import limits
from manila.api.v2 import messages
from manila.api.v2 import services
from manila.api.v2 import share_accesses
from manila.api.v2 import share_export_locations
from manila.api.v2 import share_instances
from manila.api.v2 import share_metadata
from manila.api.v2 import share_types
from manila.api.v2 import shares
from manila.api import versions
from manila.i18n import _

_METHODS = ('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE')


class APIRouter:
    """WSGI app: matches the URL and hands the request to its Resource."""

    def __init__(self, share_api=None, services_api=None):
        self.mapper = routes.Mapper()
        self.mapper.explicit = True
        self._build(share_api, services_api)

    @classmethod
    def factory(cls, global_conf, **local_conf):
        """paste.deploy app factory."""
        return cls()

    def _connect(self, resource, path, action, method):
        for prefix in ('', '/{project_id}'):
            self.mapper.connect(prefix + path, controller=resource,
                                action=action,
                                conditions={'method': [method]})

    def _build(self, share_api, services_api):
        connect = self._connect

        versions_res = wsgi.Resource(versions.V2Controller())
        self.mapper.connect('/', controller=versions_res, action='index',
                            conditions={'method': ['GET']})

        svc = wsgi.Resource(services.ServiceController(services_api))
        connect(svc, '/services', 'index', 'GET')
        for path in ('/services/ensure', '/services/ensure-shares',
                     '/services/ensure_shares'):
            connect(svc, path, 'ensure_shares', 'POST')
        connect(svc, '/services/{id}', 'update', 'PUT')
        runs = wsgi.Resource(ensure_runs.EnsureRunsController())
        connect(runs, '/services/ensure-runs', 'index', 'GET')
        connect(runs, '/services/ensure-runs/{id}', 'show', 'GET')
        connect(svc, '/os-services', 'legacy_index', 'GET')
        connect(svc, '/os-services/{id}', 'legacy_update', 'PUT')

        share = wsgi.Resource(shares.ShareController(share_api))
        connect(share, '/shares', 'index', 'GET')
        connect(share, '/shares', 'create', 'POST')
        connect(share, '/shares/detail', 'detail', 'GET')
        connect(share, '/shares/{id}', 'show', 'GET')
        connect(share, '/shares/{id}', 'update', 'PUT')
        connect(share, '/shares/{id}', 'delete', 'DELETE')
        connect(share, '/shares/{id}/action', 'action', 'POST')

        meta = wsgi.Resource(
            share_metadata.ShareMetadataController(share_api))
        base = '/shares/{share_id}/metadata'
        connect(meta, base, 'index', 'GET')
        connect(meta, base, 'create', 'POST')
        connect(meta, base, 'update_all', 'PUT')
        connect(meta, base + '/{key}', 'show', 'GET')
        connect(meta, base + '/{key}', 'update', 'PUT')
        connect(meta, base + '/{key}', 'delete', 'DELETE')

        els = wsgi.Resource(
            share_export_locations.ShareExportLocationController(share_api))
        connect(els, '/shares/{share_id}/export_locations', 'index', 'GET')
        connect(els,
                '/shares/{share_id}/export_locations/{export_location_id}',
                'show', 'GET')

        access = wsgi.Resource(
            share_accesses.ShareAccessController(share_api))
        connect(access, '/share-access-rules', 'index', 'GET')
        connect(access, '/share-access-rules/{id}', 'show', 'GET')
        connect(access, '/share-access-rules/{id}/action', 'action', 'POST')

        instances = wsgi.Resource(
            share_instances.ShareInstanceController(share_api))
        connect(instances, '/share_instances', 'index', 'GET')
        connect(instances, '/share_instances/{id}', 'show', 'GET')
        connect(instances, '/share_instances/{id}/action', 'action', 'POST')
        connect(instances, '/share_instances/{id}/export_locations',
                'export_locations', 'GET')
        connect(instances, '/shares/{share_id}/instances', 'share_index',
                'GET')

        types = wsgi.Resource(share_types.ShareTypesController())
        connect(types, '/types', 'index', 'GET')
        connect(types, '/types', 'create', 'POST')
        connect(types, '/types/default', 'default', 'GET')
        connect(types, '/types/{id}', 'show', 'GET')
        connect(types, '/types/{id}', 'delete', 'DELETE')

        msgs = wsgi.Resource(messages.MessagesController())
        connect(msgs, '/messages', 'index', 'GET')
        connect(msgs, '/messages/{id}', 'show', 'GET')
        connect(msgs, '/messages/{id}', 'delete', 'DELETE')

        zones = wsgi.Resource(
            availability_zones.AvailabilityZoneController(services_api))
        connect(zones, '/availability-zones', 'index', 'GET')
        connect(zones, '/os-availability-zone', 'legacy_index', 'GET')

        connect(wsgi.Resource(limits.LimitsController(share_api)),
                '/limits', 'index', 'GET')
        # Always empty; see absent_resources.
        for path, controller in (
                ('/share-networks',
                 absent_resources.ShareNetworksController),
                ('/snapshots', absent_resources.SnapshotsController),
                ('/share-groups', absent_resources.ShareGroupsController)):
            absent = wsgi.Resource(controller())
            connect(absent, path, 'index', 'GET')
            connect(absent, path + '/detail', 'index', 'GET')

    @webob.dec.wsgify
    def __call__(self, req):
        if not req.path_info:
            req.path_info = '/'
        match = self.mapper.match(environ=req.environ)
        if match is None:
            return self._no_match(req)
        req.environ['wsgiorg.routing_args'] = ((), match)
        return req.get_response(match['controller'])

    def _no_match(self, req):
        allowed = [m for m in _METHODS if m != req.method and
                   self.mapper.match(req.path_info,
                                     environ={'REQUEST_METHOD': m})]
        if allowed:
            resp = faults.fault_response(
                405, _('Method %(method)s is not allowed on %(path)s; '
                       'allowed: %(allowed)s.') % {
                    'method': req.method, 'path': req.path,
                    'allowed': ', '.join(allowed)})
            resp.headers['Allow'] = ', '.join(allowed)
            return resp
        return faults.fault_response(
            404, _('Unknown resource %s') % req.path)
