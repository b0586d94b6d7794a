"""Queries on user messages ("why did my request fail?")."""

import sqlalchemy as sa

from manila.db.sqlalchemy import models
from manila.db.sqlalchemy import session
from manila.db.sqlalchemy import utils
from manila import exception


@session.writer
def message_create(context, values):
    message = models.Message(id=values.get('id') or utils.new_id())
    message.update({k: v for k, v in values.items() if k != 'id'})
    context.session.add(message)
    context.session.flush()
    return message


@session.reader
def message_get(context, message_id):
    message = context.session.get(models.Message, message_id)
    if message is None:
        raise exception.NotFound('Message %s could not be found.'
                                 % message_id)
    return message


@session.reader
def message_get_all(context, filters=None):
    query = sa.select(models.Message).order_by(
        models.Message.created_at.desc(), models.Message.id)
    for key, value in (filters or {}).items():
        query = query.where(getattr(models.Message, key) == value)
    return list(context.session.scalars(query))


@session.writer
def message_delete(context, message_id):
    result = context.session.execute(
        sa.delete(models.Message).where(models.Message.id == message_id))
    if result.rowcount != 1:
        raise exception.NotFound('Message %s could not be found.'
                                 % message_id)
