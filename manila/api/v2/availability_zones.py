"""Availability zones: the zones the share services run in."""

from manila.api.openstack import wsgi
from manila.db import api as db


class AvailabilityZoneController(wsgi.Controller):
    policy_prefix = 'availability_zone'

    def _index(self, req):
        self.authorize(req.context, 'index')
        zones = {}
        for service in db.service_get_all(req.context):
            name = service.availability_zone
            if not name:
                continue
            zone = zones.setdefault(name, {
                'id': name, 'name': name,
                'created_at': service.created_at,
                'updated_at': service.updated_at})
            if service.created_at and (zone['created_at'] is None or
                                       service.created_at
                                       < zone['created_at']):
                zone['created_at'] = service.created_at
        return {'availability_zones': sorted(zones.values(),
                                             key=lambda z: z['name'])}

    @wsgi.api_version_range('2.7')
    def index(self, req):
        """GET /availability-zones"""
        return self._index(req)

    @wsgi.api_version_range('2.0', '2.6')
    def legacy_index(self, req):
        """GET /os-availability-zone"""
        return self._index(req)
