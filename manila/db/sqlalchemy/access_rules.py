"""Queries on access rules (who may mount a share, and how)."""

import sqlalchemy as sa

from manila.db.sqlalchemy import models
from manila.db.sqlalchemy import session
from manila.db.sqlalchemy import utils
from manila import exception

_RULE = models.ShareAccessRule


def _get(context, access_id):
    rule = context.session.get(_RULE, access_id, populate_existing=True)
    if rule is None:
        raise exception.AccessRuleNotFound(access_id=access_id)
    return rule


@session.writer
def access_rule_create(context, values):
    values = dict(values)
    metadata = values.pop('metadata', None)
    rule = _RULE(id=values.pop('id', None) or utils.new_id(),
                 metadata_json=utils.dump_json(metadata))
    rule.update(values)
    context.session.add(rule)
    context.session.flush()
    return rule


@session.reader
def access_rule_get(context, access_id):
    return _get(context, access_id)


@session.reader
def access_rules_get_by_share(context, share_id, filters=None):
    """Rules of a share; ``filters`` are exact values (lists mean IN)."""
    query = sa.select(_RULE).where(_RULE.share_id == share_id)
    for key, value in (filters or {}).items():
        column = getattr(_RULE, key)
        if isinstance(value, (list, tuple, set)):
            query = query.where(column.in_(list(value)))
        else:
            query = query.where(column == value)
    return list(context.session.scalars(
        query.order_by(_RULE.created_at, _RULE.id)))


@session.writer
def access_rule_update(context, access_id, values):
    rule = _get(context, access_id)
    values = dict(values)
    if 'metadata' in values:
        rule.metadata_json = utils.dump_json(values.pop('metadata'))
    rule.update(values)
    context.session.flush()
    return rule


@session.writer
def access_rule_delete(context, access_id):
    result = context.session.execute(
        sa.delete(_RULE).where(_RULE.id == access_id))
    if result.rowcount != 1:
        raise exception.AccessRuleNotFound(access_id=access_id)


@session.writer
def access_rules_set_state(context, access_ids, state):
    """Set ``state`` on many rules with one statement per 500 ids."""
    for ids in utils.chunks(access_ids, 500):
        context.session.execute(
            sa.update(_RULE).where(_RULE.id.in_(ids)).values(state=state))
