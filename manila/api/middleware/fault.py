"""Last line of defence: any exception below becomes a JSON fault."""

import webob.dec

from manila.api.openstack import faults


class FaultWrapper:
    """Catches what the layers below raise (e.g. the body-size limit)."""

    def __init__(self, application):
        self.application = application

    @classmethod
    def factory(cls, global_conf, **local_conf):
        return cls

    @webob.dec.wsgify
    def __call__(self, req):
        try:
            return req.get_response(self.application)
        except Exception as exc:
            return faults.from_exception(exc)
