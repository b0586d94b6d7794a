"""Availability zones: the zones the share services run in."""

from manila.api.openstack import wsgi
from manila.services import api as services_api


class AvailabilityZoneController(wsgi.Controller):
    policy_prefix = 'availability_zone'

    def __init__(self, services=None):
        self.services_api = services or services_api.API()

    def _index(self, req):
        self.authorize(req.context, 'index')
        return {'availability_zones':
                self.services_api.availability_zones(req.context)}

    @wsgi.api_version_range('2.7')
    def index(self, req):
        """GET /availability-zones"""
        return self._index(req)

    @wsgi.api_version_range('2.0', '2.6')
    def legacy_index(self, req):
        """GET /os-availability-zone"""
        return self._index(req)
