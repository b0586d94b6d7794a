"""Service rows as the services API shows them, per microversion."""

from manila.common import states


def service_dict(req, service):
    """One service; 'ensuring' from 2.86, 'disabled_reason' from 2.83."""
    item = {
        'id': service.id,
        'binary': service.binary,
        'host': service.host,
        'zone': service.availability_zone,
        'status': 'disabled' if service.disabled else 'enabled',
        'state': 'up' if states.service_is_up(service) else 'down',
        'updated_at': service.updated_at,
    }
    if req.api_version >= '2.83':
        item['disabled_reason'] = service.disabled_reason
    if req.api_version >= '2.86':
        item['ensuring'] = bool(service.ensuring)
    return item


def detail_list(req, services):
    return {'services': [service_dict(req, s) for s in services]}
