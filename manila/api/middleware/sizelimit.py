"""Body-size limit (oslo.middleware's option) answering with a JSON fault.
"""

from oslo_middleware import sizelimit
import webob.dec

from manila.api.openstack import faults
from manila.i18n import _


class RequestBodySizeLimiter(sizelimit.RequestBodySizeLimiter):
    """oslo.middleware's limiter; its 413 page is HTML, ours is JSON.

    Bodies without Content-Length are read through a limiting reader;
    going over the limit there raises an HTTP 413 error that the API's
    Resource turns into the same JSON fault.
    """

    @webob.dec.wsgify
    def __call__(self, req):
        max_size = self._conf_get('max_request_body_size')
        if req.content_length is not None and req.content_length > max_size:
            return faults.fault_response(
                413, _('The request body has %(size)d bytes; the limit is '
                       '%(max)d ([oslo_middleware] max_request_body_size).')
                % {'size': req.content_length, 'max': max_size})
        if req.content_length is None:
            req.body_file = sizelimit.LimitingReader(req.body_file, max_size)
        return self.application
