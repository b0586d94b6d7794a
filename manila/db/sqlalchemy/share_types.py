"""Queries on share types and their extra specs."""

import sqlalchemy as sa

from manila.db.sqlalchemy import models
from manila.db.sqlalchemy import session
from manila.db.sqlalchemy import utils
from manila import exception


def _get(context, share_type_id):
    share_type = context.session.get(models.ShareType, share_type_id,
                                     populate_existing=True)
    if share_type is None:
        raise exception.ShareTypeNotFound(share_type_id=share_type_id)
    return share_type


@session.writer
def share_type_create(context, values, extra_specs=None):
    values = dict(values)
    exists = context.session.scalar(
        sa.select(models.ShareType.id).filter_by(name=values['name']))
    if exists:
        raise exception.ShareTypeExists(name=values['name'])
    share_type = models.ShareType(id=values.pop('id', None) or utils.new_id())
    share_type.update(values)
    share_type.extra_specs = [
        models.ShareTypeExtraSpec(spec_key=k, spec_value=str(v))
        for k, v in (extra_specs or {}).items()]
    context.session.add(share_type)
    context.session.flush()
    return share_type


@session.reader
def share_type_get(context, share_type_id):
    return _get(context, share_type_id)


@session.reader
def share_type_get_by_name(context, name):
    share_type = context.session.scalars(
        sa.select(models.ShareType).filter_by(name=name)).first()
    if share_type is None:
        raise exception.ShareTypeNotFoundByName(share_type_name=name)
    return share_type


@session.reader
def share_type_get_all(context, filters=None):
    query = sa.select(models.ShareType).order_by(models.ShareType.name)
    for key, value in (filters or {}).items():
        query = query.where(getattr(models.ShareType, key) == value)
    return list(context.session.scalars(query))


@session.writer
def share_type_delete(context, share_type_id):
    share_type = _get(context, share_type_id)
    in_use = context.session.scalar(
        sa.select(models.Share.id).filter_by(share_type_id=share_type_id)
        .limit(1))
    if in_use:
        raise exception.ShareTypeInUse(share_type_id=share_type_id)
    context.session.delete(share_type)


@session.writer
def share_type_extra_specs_update(context, share_type_id, extra_specs):
    """Set (add or change) extra specs; returns all of them."""
    share_type = _get(context, share_type_id)
    current = {s.spec_key: s for s in share_type.extra_specs}
    for key, value in extra_specs.items():
        if key in current:
            current[key].spec_value = str(value)
        else:
            share_type.extra_specs.append(models.ShareTypeExtraSpec(
                spec_key=key, spec_value=str(value)))
    context.session.flush()
    return {s.spec_key: s.spec_value for s in share_type.extra_specs}
