"""What a backend reports at each heartbeat, and what placement reads."""

import json

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
