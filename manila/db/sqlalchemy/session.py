"""The one oslo.db enginefacade of the process, and SQLite tuning.

Query modules use ``reader``/``writer`` as decorators or context managers::

    @session.writer
    def service_update(context, service_id, values): ...

    with session.writer.using(context) as s: ...

The engine is created on first use from ``[database]`` options, so a forked
backend process builds its own connection pool.

On SQLite a ``writer`` transaction takes the write lock when it begins
(``BEGIN IMMEDIATE``) and a ``reader`` transaction never takes it (a
deferred ``BEGIN``: under WAL it reads a snapshot while a writer commits).
"""

import contextlib
import contextvars
import functools

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
# thread_checkin: no time.sleep(0) at each connection checkin. That is
# for eventlet's green threads; with OS threads it only hands the GIL to
# another thread, and the request waits to get it back.
context_manager.configure(sqlite_fk=True, thread_checkin=False)

READER = 'reader'
WRITER = 'writer'
# What the outermost transaction scope of this thread means to do: a
# reader nested in a writer joins the writer's transaction, so the first
# scope decides.
_intent = contextvars.ContextVar('manila_db_intent', default=None)


class _Intent:
    """enginefacade's ``reader`` or ``writer``, recording its intent for
    the SQLite BEGIN hook. Used the same way: as a decorator or through
    ``using(context)``; anything else is the enginefacade's own."""

    def __init__(self, manager, intent):
        self._manager = manager
        self._intent = intent

    @contextlib.contextmanager
    def _scope(self):
        token = None
        if _intent.get() is None:
            token = _intent.set(self._intent)
        try:
            yield
        finally:
            if token is not None:
                _intent.reset(token)

    def __call__(self, fn):
        inner = self._manager(fn)

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self._scope():
                return inner(*args, **kwargs)
        return wrapper

    @contextlib.contextmanager
    def using(self, context):
        with self._scope(), self._manager.using(context) as s:
            yield s

    def __getattr__(self, name):
        return getattr(self._manager, name)


reader = _Intent(context_manager.reader, READER)
writer = _Intent(context_manager.writer, WRITER)


def current_intent():
    """READER, WRITER or None (no transaction scope in this thread)."""
    return _intent.get()


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
    # such transactions wait their turn instead. Only a transaction known
    # to be a reader keeps the deferred BEGIN: anything else (a writer,
    # migrations, a bare engine connection) may write.
    if statement == 'BEGIN' and _intent.get() != READER:
        statement = 'BEGIN IMMEDIATE'
    return statement, parameters


def _pool_sqlite_file(engine):
    """Give a file-backed SQLite engine a connection pool.

    oslo.db opens SQLite files with NullPool: a new connection, with its
    PRAGMAs, for every transaction, which cost a cheap API request a third
    of its time. Connections to a file may move between threads (the
    driver is told so), so they are pooled like a server's, sized by
    [database] max_pool_size and max_overflow; the new pool keeps the
    engine's event listeners.
    """
    old = engine.pool
    if not isinstance(old, sa.pool.NullPool):
        return
    db = CONF.database
    engine.pool = sa.pool.QueuePool(
        old._creator, pool_size=db.max_pool_size or 5,
        max_overflow=db.max_overflow if db.max_overflow is not None else 50,
        timeout=db.pool_timeout or 30, recycle=old._recycle,
        echo=old.echo, logging_name=old._orig_logging_name,
        reset_on_return=old._reset_on_return, pre_ping=old._pre_ping,
        _dispatch=old.dispatch, dialect=old._dialect)
    old.dispose()


def _mysql_utf8mb4(dbapi_conn, connection_record):
    # oslo.db connects to MySQL/MariaDB with charset "utf8" (utf8mb3,
    # three bytes a character at most) unless the URL names one; any
    # character beyond the Basic Multilingual Plane (an emoji in a share's
    # name) was then refused by the server, even by utf8mb4 columns.
    dbapi_conn.set_character_set('utf8mb4')


def on_engine_create(engine):
    """What every engine of the process gets (the database's own tuning)."""
    if (engine.dialect.name == 'mysql'
            and engine.dialect.driver in ('pymysql', 'mysqldb')
            and 'charset' not in engine.url.query):
        sa.event.listen(engine, 'connect', _mysql_utf8mb4)
    if engine.dialect.name == 'sqlite':
        if engine.url.database not in (None, '', ':memory:'):
            _pool_sqlite_file(engine)
        sa.event.listen(engine, 'connect', _sqlite_on_connect)
        sa.event.listen(engine, 'before_cursor_execute',
                        _sqlite_begin_immediate, retval=True)


context_manager.append_on_engine_create(on_engine_create)


def get_engine():
    return context_manager.writer.get_engine()


def use_connection(url):
    """Point this process at another database; returns an undo callable.

    Used by tests and tools that pick their database at run time.
    """
    manager = context_manager.make_new_manager()
    manager.configure(connection=url)
    return context_manager.patch_factory(manager)


def size_pool(connections):
    """Pool ``connections`` per process (e.g. one per API thread), unless
    [database] max_pool_size is set."""
    CONF.set_default('max_pool_size', connections, group='database')


def list_opts():
    return [('database', sqlite_opts)]
