"""Version documents: GET / (300, every version) and GET /v2/ (200)."""

from oslo_serialization import jsonutils
import webob
import webob.dec

from manila.api.openstack import api_version
from manila.api.openstack import faults
from manila.api.openstack import wsgi

UPDATED = '2015-08-27T11:33:21Z'


def v2_document(host_url):
    """The description of the v2 API with its microversion range."""
    return {
        'id': 'v2.0',
        'status': 'CURRENT',
        'version': api_version.MAX_VERSION,
        'min_version': api_version.MIN_VERSION,
        'updated': UPDATED,
        'links': [
            {'rel': 'describedby', 'type': 'text/html',
             'href': 'https://docs.openstack.org/'},
            {'rel': 'self', 'href': host_url.rstrip('/') + '/v2/'},
        ],
        'media-types': [
            {'base': 'application/json',
             'type': 'application/vnd.openstack.share+json;version=1'},
        ],
    }


def _json(status, document, headers=()):
    resp = webob.Response(status=status, content_type='application/json',
                          charset='utf-8')
    resp.body = jsonutils.dump_as_bytes(document)
    for name, value in headers:
        resp.headers[name] = value
    return resp


class Versions:
    """GET / : 300 Multiple Choices whatever version headers came with it.
    """

    @classmethod
    def factory(cls, global_conf, **local_conf):
        return cls()

    @webob.dec.wsgify
    def __call__(self, req):
        if req.path_info not in ('', '/'):
            return faults.fault_response(
                404, 'Unknown resource %s; the API lives under /v2/.'
                % req.path_info)
        if req.method not in ('GET', 'HEAD'):
            resp = faults.fault_response(
                405, 'Only GET is allowed on /.')
            resp.headers['Allow'] = 'GET, HEAD'
            return resp
        return _json(300, {'versions': [v2_document(req.application_url)]})


class V2Controller(wsgi.Controller):
    """GET /v2/ : 200; the Resource echoes the requested microversion."""

    def index(self, req):
        script = req.script_name
        base = script[:-len('/v2')] if script.endswith('/v2') else script
        return {'versions': [v2_document(req.host_url + base)]}
