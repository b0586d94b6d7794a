"""Queries on shares and their metadata (a share is created with its one
instance; where it lives and its status are the instance's)."""

import json

import sqlalchemy as sa

from manila.db.sqlalchemy import models
from manila.db.sqlalchemy import session
from manila.db.sqlalchemy import utils
from manila import exception
from manila.common import states

# Filters that are columns of the share instance, not of the share.
_INSTANCE_FILTERS = ('status', 'host')
# Bound on the values of one IN-list (see manila.db.sqlalchemy.ensure).
IN_LIST_SIZE = 1000


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


class ListedShare:
    """A share as listed: its columns as attributes, ``instances`` and
    ``share_metadata`` as lists of ListedRow; read-only.

    Listing builds these from Core rows: an ORM object costs tens of
    microseconds to load and track, which for a page of shares with their
    instances, export locations and metadata was most of the request.
    """

    def __init__(self, mapping):
        self.__dict__.update(mapping)
        self.instances = []
        self.share_metadata = []

    @property
    def instance(self):
        return self.instances[0] if self.instances else None


class ListedRow:
    """One row's columns as attributes (an instance, a metadata item)."""

    def __init__(self, mapping):
        self.__dict__.update(mapping)


class ListedExportLocation(ListedRow):
    """An export location row; ``metadata`` is its JSON text, as the
    model's ``metadata_json``."""

    def __init__(self, mapping):
        super().__init__(mapping)
        self.metadata_json = self.__dict__.pop('metadata')

    @property
    def el_metadata(self):
        return json.loads(self.metadata_json) if self.metadata_json else {}


_SHARES_T = models.Share.__table__
_INSTANCES_T = models.ShareInstance.__table__
_LOCATIONS_T = models.ShareInstanceExportLocation.__table__
_METADATA_T = models.ShareMetadata.__table__


def _rows_in(context, table, column, ids, order_by=None):
    """Rows of ``table`` whose ``column`` is in ``ids``, one statement per
    IN_LIST_SIZE ids."""
    for part in utils.chunks(ids, IN_LIST_SIZE):
        query = sa.select(table).where(column.in_(part))
        if order_by is not None:
            query = query.order_by(order_by)
        yield from context.session.execute(query).mappings()


@session.reader
def share_get_all(context, filters=None, sort_key='created_at',
                  sort_dir='desc', limit=None, offset=None):
    """Shares matching ``filters`` (exact values; lists mean IN), as
    ListedShare records with their instances, export locations and
    metadata.

    Four statements for a page of up to IN_LIST_SIZE shares, whatever
    their number: the shares, then the instances, export locations and
    metadata of all of them.
    """
    query = _apply_filters(sa.select(_SHARES_T), filters)
    column = _SHARES_T.c.get(sort_key)
    if column is None:
        raise exception.InvalidInput(reason='unknown sort key %s' % sort_key)
    order = column.desc() if sort_dir == 'desc' else column.asc()
    query = query.order_by(order, _SHARES_T.c.id)
    if limit is not None:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    shares, by_id = [], {}
    for row in context.session.execute(query).mappings():
        # (An instance filter joins the instances: one row each.)
        if row['id'] not in by_id:
            share = by_id[row['id']] = ListedShare(row)
            shares.append(share)
    if not shares:
        return shares
    instances = {}
    for row in _rows_in(context, _INSTANCES_T, _INSTANCES_T.c.share_id,
                        list(by_id)):
        instance = instances[row['id']] = ListedRow(row)
        instance.export_locations = []
        by_id[instance.share_id].instances.append(instance)
    for row in _rows_in(context, _LOCATIONS_T,
                        _LOCATIONS_T.c.share_instance_id, list(instances),
                        order_by=_LOCATIONS_T.c.id):
        instances[row['share_instance_id']].export_locations.append(
            ListedExportLocation(row))
    for row in _rows_in(context, _METADATA_T, _METADATA_T.c.share_id,
                        list(by_id), order_by=_METADATA_T.c.id):
        by_id[row['share_id']].share_metadata.append(ListedRow(row))
    return shares


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
