"""Shares and statement counting for the tests of the database queries
(the DB tests and the ensure workflow's tests use them)."""

import contextlib

import sqlalchemy as sa

from manila.common import states
from manila.db import api as db
from manila.db.sqlalchemy import session

HOST = 'node1@alpha'
_TRANSACTION_CONTROL = ('BEGIN', 'COMMIT', 'ROLLBACK')


@contextlib.contextmanager
def on_each_statement(listener, engine=None):
    """Call ``listener`` (SQLAlchemy's before_cursor_execute arguments)
    for every statement the engine sends while the block runs."""
    engine = engine or session.get_engine()
    sa.event.listen(engine, 'before_cursor_execute', listener)
    try:
        yield
    finally:
        sa.event.remove(engine, 'before_cursor_execute', listener)


@contextlib.contextmanager
def count_statements():
    """Collect the SQL statements the engine sends while the block runs.

    Transaction control (the BEGIN oslo.db emits on SQLite) is left out.
    """
    statements = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        if statement.split(None, 1)[0].upper() not in _TRANSACTION_CONTROL:
            statements.append(statement)

    with on_each_statement(listener):
        yield statements


def make_share(context, host=HOST, status=states.AVAILABLE, task_state=None,
               access_rules_status=states.ACCESS_STATUS_ACTIVE,
               export_locations=None, metadata=None):
    """A share with its instance on ``host``; returns the instance id."""
    share = db.share_create(
        context, {'size': 1, 'share_proto': 'NFS', 'metadata': metadata},
        {'host': host, 'status': status})
    instance_id = share.instance.id
    values = {'access_rules_status': access_rules_status}
    if task_state:
        values['task_state'] = task_state
    db.share_instance_update(context, instance_id, values)
    if export_locations:
        db.export_locations_replace(context, instance_id, export_locations)
    return instance_id


def statuses(context, instance_ids):
    return [db.share_instance_get(context, i).status for i in instance_ids]


def export_rows(context, instance_id):
    return sorted(
        (el.path, el.uuid, el.is_admin_only, el.preferred, el.el_metadata)
        for el in db.share_instance_get(context, instance_id).export_locations)
