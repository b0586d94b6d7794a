"""The one oslo.db enginefacade of the process, and SQLite tuning.

Query modules use ``reader``/``writer`` as decorators or context managers::

    @session.writer
    def service_update(context, service_id, values): ...

    with session.writer.using(context) as s: ...

The engine is created on first use from ``[database]`` options, so a forked
backend process builds its own connection pool.
"""

from oslo_config import cfg
from oslo_db import options as db_options
from oslo_db.sqlalchemy import enginefacade
import sqlalchemy as sa

CONF = cfg.CONF

sqlite_opts = [
    cfg.IntOpt('sqlite_busy_timeout', default=30000, min=0,
               help='Milliseconds an SQLite connection waits for a lock '
                    'held by another thread or process before failing.'),
]

CONF.register_opts(sqlite_opts, group='database')
db_options.set_defaults(CONF, connection='sqlite:///manila.sqlite')

context_manager = enginefacade.transaction_context()
context_manager.configure(sqlite_fk=True)
reader = context_manager.reader
writer = context_manager.writer


def _sqlite_on_connect(dbapi_conn, connection_record):
    # WAL lets readers run while one writer commits; the busy timeout makes
    # concurrent writers (API threads, backend processes) wait, not fail.
    cursor = dbapi_conn.cursor()
    cursor.execute('PRAGMA busy_timeout = %d'
                   % CONF.database.sqlite_busy_timeout)
    cursor.execute('PRAGMA journal_mode = WAL')
    cursor.close()


def _sqlite_begin_immediate(conn, cursor, statement, parameters, context,
                            executemany):
    # oslo.db opens SQLite transactions itself with a plain (deferred)
    # BEGIN. A deferred transaction that reads and then writes fails at once
    # with "database is locked" when another connection wrote meanwhile (the
    # busy timeout cannot help there). Taking the write lock at BEGIN makes
    # such transactions wait their turn instead.
    if statement == 'BEGIN':
        statement = 'BEGIN IMMEDIATE'
    return statement, parameters


def _on_engine_create(engine):
    if engine.dialect.name == 'sqlite':
        sa.event.listen(engine, 'connect', _sqlite_on_connect)
        sa.event.listen(engine, 'before_cursor_execute',
                        _sqlite_begin_immediate, retval=True)


context_manager.append_on_engine_create(_on_engine_create)


def get_engine():
    return context_manager.writer.get_engine()


def use_connection(url):
    """Point this process at another database; returns an undo callable.

    Used by tests and tools that pick their database at run time.
    """
    manager = context_manager.make_new_manager()
    manager.configure(connection=url)
    return context_manager.patch_factory(manager)


def list_opts():
    return [('database', sqlite_opts)]
