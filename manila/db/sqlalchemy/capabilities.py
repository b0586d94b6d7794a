"""What a backend reports at each heartbeat, and what placement reads.

Between two reports placement counts each share it sends to a backend
against that backend's stored capabilities (as upstream Manila's host
manager consumes a share from its host state), so the next placement sees
less free space there; the backend's next report replaces the figures.
The stored row is shared by every API process, unlike a scheduler's
in-memory host state.
"""

import json

from oslo_utils import timeutils

import sqlalchemy as sa

from manila.db.sqlalchemy import models
from manila.db.sqlalchemy import session
from manila import exception


@session.writer
def service_capabilities_update(context, service_id, capabilities):
    """Store the driver's stats (a dict) as the service's capabilities."""
    result = context.session.execute(
        sa.update(models.Service).where(models.Service.id == service_id)
        .values(capabilities=json.dumps(capabilities, sort_keys=True,
                                        default=str)))
    if result.rowcount != 1:
        raise exception.ServiceNotFound(service_id=service_id)


def _number(capabilities, key):
    try:
        return float(capabilities.get(key) or 0)
    except (TypeError, ValueError):
        return 0.0


@session.writer
def service_capabilities_consume(context, service_id, size):
    """Count a new share of ``size`` GiB against the stored capabilities.

    free_capacity_gb shrinks by ``size``; allocated_capacity_gb and
    provisioned_capacity_gb grow by it. The row is read and written under
    a row lock (SELECT ... FOR UPDATE; SQLite's writer lock serialises
    writers), so API workers placing shares at once all count. Returns
    False when the service has no capabilities yet (nothing to count on).
    """
    stored = context.session.scalar(
        sa.select(models.Service.capabilities)
        .where(models.Service.id == service_id).with_for_update())
    if not stored:
        return False
    try:
        capabilities = json.loads(stored)
    except ValueError:
        return False
    capabilities['free_capacity_gb'] = round(
        max(0.0, _number(capabilities, 'free_capacity_gb') - size), 2)
    for key in ('allocated_capacity_gb', 'provisioned_capacity_gb'):
        capabilities[key] = round(_number(capabilities, key) + size, 2)
    capabilities['consumed_at'] = timeutils.utcnow().isoformat()
    context.session.execute(
        sa.update(models.Service).where(models.Service.id == service_id)
        .values(capabilities=json.dumps(capabilities, sort_keys=True,
                                        default=str)))
    return True


@session.reader
def share_allocated_gb(context, host):
    """Sum of the sizes of the shares on ``host`` (all of its pools).

    One aggregate query, whatever the number of shares.
    """
    instance = models.ShareInstance
    total = context.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(models.Share.size), 0))
        .join(instance, instance.share_id == models.Share.id)
        .where(sa.or_(instance.host == host,
                      instance.host.startswith(host + '#', autoescape=True))))
    return int(total or 0)
