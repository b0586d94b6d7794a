"""Queries on share instances: status changes go through states.py."""

from oslo_utils import timeutils
import sqlalchemy as sa
from sqlalchemy import orm

from manila.db.sqlalchemy import models
from manila.db.sqlalchemy import session
from manila import exception
from manila.common import states


def _get(context, instance_id):
    instance = context.session.get(
        models.ShareInstance, instance_id, populate_existing=True,
        options=[orm.joinedload(models.ShareInstance.share)])
    if instance is None:
        raise exception.ShareInstanceNotFound(share_instance_id=instance_id)
    return instance


@session.reader
def share_instance_get(context, instance_id):
    return _get(context, instance_id)


@session.writer
def share_instance_update(context, instance_id, values):
    """Update an instance; a status change is checked and compare-and-set."""
    values = dict(values)
    instance = _get(context, instance_id)
    if 'status' in values and values['status'] != instance.status:
        states.check_transition(instance_id, instance.status,
                                values['status'])
        result = context.session.execute(
            sa.update(models.ShareInstance)
            .where(models.ShareInstance.id == instance_id,
                   models.ShareInstance.status == instance.status)
            .values(status=values.pop('status'),
                    updated_at=timeutils.utcnow()))
        if result.rowcount != 1:
            # Someone else changed it between our read and our write.
            raise exception.InvalidStatusTransition(
                instance_id=instance_id, current='(changed concurrently)',
                target=values.get('status'))
        instance = _get(context, instance_id)
    values.pop('status', None)
    if values:
        instance.update(values)
        context.session.flush()
    return instance


@session.writer
def share_instance_reset_status(context, instance_id, status):
    """Set ``status`` whatever it is now (an administrator's reset).

    Outside the transition table on purpose: the repair when the backend
    that owns the instance will not move it on. Returns the old status.
    """
    if status not in states.RESET_TARGETS:
        raise exception.InvalidStatusTransition(
            instance_id=instance_id, current='(any)', target=status)
    instance = _get(context, instance_id)
    previous = instance.status
    context.session.execute(
        sa.update(models.ShareInstance)
        .where(models.ShareInstance.id == instance_id)
        .values(status=status, updated_at=timeutils.utcnow()))
    return previous


@session.reader
def share_instance_get_all(context, filters=None):
    """Every instance with its share; ``filters``: exact column values
    (host, status, share_id) and export_location_id/_path."""
    instance = models.ShareInstance
    query = sa.select(instance).options(orm.joinedload(instance.share))
    filters = dict(filters or {})
    el = models.ShareInstanceExportLocation
    if filters.get('export_location_id'):
        query = query.where(instance.id.in_(
            sa.select(el.share_instance_id)
            .where(el.uuid == filters.pop('export_location_id'))))
    if filters.get('export_location_path'):
        query = query.where(instance.id.in_(
            sa.select(el.share_instance_id)
            .where(el.path == filters.pop('export_location_path'))))
    for key in ('host', 'status', 'share_id'):
        if filters.get(key):
            query = query.where(getattr(instance, key) == filters[key])
    return list(context.session.scalars(
        query.order_by(instance.created_at, instance.id)).unique())


@session.writer
def share_instance_status_cas(context, instance_id, from_statuses, to_status):
    """Atomically move to ``to_status`` if the status is in from_statuses."""
    allowed = set(from_statuses) & states.sources_of(to_status)
    if not allowed:
        return False
    result = context.session.execute(
        sa.update(models.ShareInstance)
        .where(models.ShareInstance.id == instance_id,
               models.ShareInstance.status.in_(sorted(allowed)))
        .values(status=to_status, updated_at=timeutils.utcnow()))
    return result.rowcount == 1


@session.writer
def share_instance_access_status_cas(context, instance_id, to_access_status,
                                     share_statuses):
    """Set access_rules_status only while the instance's status allows it.

    Access changes use this so that they cannot start while an ensure run
    holds the share (status 'ensuring').
    """
    result = context.session.execute(
        sa.update(models.ShareInstance)
        .where(models.ShareInstance.id == instance_id,
               models.ShareInstance.status.in_(sorted(share_statuses)))
        .values(access_rules_status=to_access_status,
                updated_at=timeutils.utcnow()))
    return result.rowcount == 1


@session.reader
def share_instance_get_all_by_host(context, host, statuses=None):
    """Instances on ``host`` ('host@backend', pools included)."""
    query = sa.select(models.ShareInstance).where(sa.or_(
        models.ShareInstance.host == host,
        models.ShareInstance.host.like(host + '#%')))
    if statuses:
        query = query.where(models.ShareInstance.status.in_(list(statuses)))
    return list(context.session.scalars(query.order_by(
        models.ShareInstance.id)))
