"""Queries on shares and their metadata (a share is created with its one
instance; where it lives and its status are the instance's)."""

import sqlalchemy as sa
from sqlalchemy import orm

from manila.db.sqlalchemy import models
from manila.db.sqlalchemy import session
from manila.db.sqlalchemy import utils
from manila import exception
from manila.common import states

# Filters that are columns of the share instance, not of the share.
_INSTANCE_FILTERS = ('status', 'host')


@session.writer
def share_create(context, share_values, instance_values):
    """Create a share and its instance in one transaction."""
    share_values = dict(share_values)
    metadata = share_values.pop('metadata', None) or {}
    share = models.Share(id=share_values.pop('id', None) or utils.new_id())
    share.update(share_values)
    share.share_metadata = [models.ShareMetadata(key=k, value=str(v))
                            for k, v in metadata.items()]
    instance = models.ShareInstance(
        id=instance_values.get('id') or utils.new_id(),
        status=instance_values.get('status', states.CREATING),
        access_rules_status=states.ACCESS_STATUS_ACTIVE)
    instance.update({k: v for k, v in instance_values.items()
                     if k not in ('id', 'status')})
    share.instances = [instance]
    context.session.add(share)
    context.session.flush()
    return _get(context, share.id)


def _get(context, share_id):
    share = context.session.get(models.Share, share_id,
                                populate_existing=True)
    if share is None:
        raise exception.ShareNotFound(share_id=share_id)
    return share


@session.reader
def share_get(context, share_id):
    return _get(context, share_id)


def _apply_filters(query, filters):
    joined = False
    for key, value in (filters or {}).items():
        if value is None:
            continue
        if key in _INSTANCE_FILTERS:
            if not joined:
                query = query.join(models.ShareInstance)
                joined = True
            column = getattr(models.ShareInstance, key)
        elif key == 'metadata':
            for mkey, mvalue in value.items():
                query = query.where(models.Share.share_metadata.any(
                    sa.and_(models.ShareMetadata.key == mkey,
                            models.ShareMetadata.value == str(mvalue))))
            continue
        else:
            column = getattr(models.Share, key, None)
            if column is None:
                raise exception.InvalidInput(
                    reason='unknown share filter %s' % key)
        if isinstance(value, (list, tuple, set)):
            query = query.where(column.in_(list(value)))
        else:
            query = query.where(column == value)
    return query


@session.reader
def share_get_all(context, filters=None, sort_key='created_at',
                  sort_dir='desc', limit=None, offset=None):
    """Shares matching ``filters`` (exact values; lists mean IN)."""
    query = _apply_filters(sa.select(models.Share), filters)
    column = getattr(models.Share, sort_key, None)
    if column is None:
        raise exception.InvalidInput(reason='unknown sort key %s' % sort_key)
    order = column.desc() if sort_dir == 'desc' else column.asc()
    query = query.order_by(order, models.Share.id)
    if limit is not None:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    # One statement per relationship whatever the number of shares: the
    # models' 'selectin' loading would add one per 500 shares.
    query = query.options(
        orm.subqueryload(models.Share.instances).subqueryload(
            models.ShareInstance.export_locations),
        orm.subqueryload(models.Share.share_metadata))
    return list(context.session.scalars(query).unique())


@session.writer
def share_update(context, share_id, values):
    share = _get(context, share_id)
    share.update(values)
    context.session.flush()
    return share


@session.writer
def share_delete(context, share_id):
    """Remove the share and everything hanging off it."""
    share = _get(context, share_id)
    instance_ids = [i.id for i in share.instances]
    s = context.session
    s.execute(sa.delete(models.ShareInstanceExportLocation).where(
        models.ShareInstanceExportLocation.share_instance_id.in_(
            instance_ids)))
    s.execute(sa.delete(models.ShareAccessRule).where(
        models.ShareAccessRule.share_id == share_id))
    s.execute(sa.delete(models.ShareMetadata).where(
        models.ShareMetadata.share_id == share_id))
    s.execute(sa.delete(models.ShareInstance).where(
        models.ShareInstance.share_id == share_id))
    s.execute(sa.delete(models.Share).where(models.Share.id == share_id))
    s.expunge_all()


@session.writer
def share_metadata_update(context, share_id, metadata, delete_others=False):
    """Set ``metadata`` keys on the share; returns the full metadata."""
    share = _get(context, share_id)
    current = {m.key: m for m in share.share_metadata}
    for key, value in metadata.items():
        if key in current:
            current[key].value = str(value)
        else:
            share.share_metadata.append(
                models.ShareMetadata(key=key, value=str(value)))
    if delete_others:
        share.share_metadata = [m for m in share.share_metadata
                                if m.key in metadata]
    context.session.flush()
    return {m.key: m.value for m in share.share_metadata}
