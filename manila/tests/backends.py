"""Real servers for tests: PostgreSQL, MariaDB/MySQL, RabbitMQ.

Each is named by an environment variable (see README.rst). The functional
tests take their servers from here: unset or unreachable, the tests that
need one skip; under CI=true they fail, so a broken CI machine can never
pass by skipping. The unit tests hand the same database variables to
oslo.db's test fixtures (``manila.tests.fixtures``).
"""

import os
import socket
import uuid

import sqlalchemy as sa
from sqlalchemy.engine import url as sa_url

ENV = {
    'postgresql': 'MANILA_TEST_POSTGRESQL_URL',
    'mysql': 'MANILA_TEST_MYSQL_URL',
    'rabbit': 'MANILA_TEST_RABBIT_URL',
}


class Unavailable(Exception):
    pass


def _in_ci():
    return os.environ.get('CI', '').lower() in ('1', 'true', 'yes')


def require(test, kind):
    """The server URL for ``kind``; skip (or fail, in CI) ``test`` if none."""
    url = os.environ.get(ENV[kind])
    reason = None
    if not url:
        reason = '%s is not set' % ENV[kind]
    elif kind == 'rabbit':
        if not _port_open(url, 5672):
            reason = 'RabbitMQ at %s is unreachable' % url
    else:
        try:
            engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
            with engine.connect():
                pass
        except Exception as exc:
            reason = '%s is unreachable: %s' % (url, exc)
    if reason:
        if _in_ci():
            test.fail('CI=true and %s' % reason)
        test.skipTest(reason)
    return url


def _port_open(url, default_port):
    rest = url.split('://', 1)[-1].split('/', 1)[0]
    hostport = rest.rsplit('@', 1)[-1].split(',')[0]
    host, _, port = hostport.partition(':')
    try:
        with socket.create_connection((host or '127.0.0.1',
                                       int(port or default_port)), 5):
            return True
    except OSError:
        return False


def create_database(server_url):
    """Create a database with a unique name on the server; return its URL."""
    url = sa_url.make_url(server_url)
    name = 'manila_test_%s' % uuid.uuid4().hex[:12]
    engine = sa.create_engine(url, isolation_level='AUTOCOMMIT',
                              poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        if url.get_backend_name() == 'mysql':
            conn.execute(sa.text('CREATE DATABASE %s CHARACTER SET utf8mb4'
                                 % name))
        else:
            conn.execute(sa.text('CREATE DATABASE %s' % name))
    return url.set(database=name).render_as_string(hide_password=False)


def drop_database(server_url, db_url):
    url = sa_url.make_url(server_url)
    name = sa_url.make_url(db_url).database
    engine = sa.create_engine(url, isolation_level='AUTOCOMMIT',
                              poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        if url.get_backend_name() == 'postgresql':
            conn.execute(sa.text(
                'SELECT pg_terminate_backend(pid) FROM pg_stat_activity '
                'WHERE datname = :name AND pid <> pg_backend_pid()'),
                {'name': name})
        conn.execute(sa.text('DROP DATABASE IF EXISTS %s' % name))
