"""Queries on the services table (including the ensure claim), and the
per-backend hash of the driver's backend info (decides start-up ensure)."""

from oslo_utils import timeutils
import sqlalchemy as sa

from manila.common import states
from manila.db.sqlalchemy import models
from manila.db.sqlalchemy import session
from manila import exception


@session.writer
def service_create(context, values):
    service = models.Service()
    service.update(values)
    context.session.add(service)
    context.session.flush()
    return service


@session.reader
def service_get(context, service_id):
    service = context.session.get(models.Service, service_id)
    if service is None:
        raise exception.ServiceNotFound(service_id=service_id)
    return service


@session.reader
def service_get_by_args(context, host, binary):
    service = context.session.scalars(
        sa.select(models.Service).filter_by(host=host, binary=binary)
    ).first()
    if service is None:
        raise exception.HostBinaryNotFound(host=host, binary=binary)
    return service


@session.reader
def service_get_all(context, filters=None):
    """Services matching exact-value ``filters`` on model columns."""
    query = sa.select(models.Service).order_by(models.Service.id)
    for key, value in (filters or {}).items():
        query = query.where(getattr(models.Service, key) == value)
    return list(context.session.scalars(query))


@session.writer
def service_update(context, service_id, values):
    result = context.session.execute(
        sa.update(models.Service).where(models.Service.id == service_id)
        .values(**values))
    if result.rowcount != 1:
        raise exception.ServiceNotFound(service_id=service_id)
    return context.session.get(models.Service, service_id,
                               populate_existing=True)


@session.writer
def service_heartbeat(context, service_id):
    """Record that the service is alive; one UPDATE, no read."""
    result = context.session.execute(
        sa.update(models.Service).where(models.Service.id == service_id)
        .values(heartbeat_at=timeutils.utcnow(),
                report_count=models.Service.report_count + 1))
    if result.rowcount != 1:
        raise exception.ServiceNotFound(service_id=service_id)


def _share_service(host):
    return sa.update(models.Service).where(
        models.Service.host == host,
        models.Service.binary == states.SHARE_BINARY)


@session.writer
def service_claim_ensuring(context, host, exclusive=True):
    """Set ``ensuring`` of the share service of ``host``.

    ``exclusive``: only if it is not set, and True when this caller won:
    one compare-and-set statement, so any number of racing API workers on
    any database get exactly one True. Otherwise set it whatever it was;
    True when the service exists. Called by
    manila.services.api.EnsuringClaim only.
    """
    statement = _share_service(host)
    if exclusive:
        statement = statement.where(models.Service.ensuring == sa.false())
    result = context.session.execute(
        statement.values(ensuring=True, updated_at=timeutils.utcnow()))
    return result.rowcount == 1


@session.writer
def service_release_ensuring(context, host):
    """Clear ``ensuring`` of the share service of ``host``; True when it
    was set."""
    result = context.session.execute(
        _share_service(host).where(models.Service.ensuring == sa.true())
        .values(ensuring=False, updated_at=timeutils.utcnow()))
    return result.rowcount == 1


# The hash of each backend's info (its own table, keyed by host).

@session.reader
def backend_info_get(context, host):
    """The stored hash for ``host``, or None."""
    return context.session.scalar(
        sa.select(models.BackendInfo.info_hash).filter_by(host=host))


@session.writer
def backend_info_update(context, host, info_hash):
    """Store ``info_hash`` for ``host`` (insert or update)."""
    row = context.session.get(models.BackendInfo, host)
    if row is None:
        context.session.add(models.BackendInfo(host=host, info_hash=info_hash))
    else:
        row.info_hash = info_hash
