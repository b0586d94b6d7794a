#!/usr/bin/env python3
r"""Time one ensure-shares run over many shares on one backend.

Creates N shares (two export locations each) on one backend in a fresh
database, then runs one real ensure through manila.share.ensure.run_requested
with a driver that moves every share to new export IPs, as after an
export-IP change. Only the run is timed; its SQL statements are counted
with SQLAlchemy cursor events. Prints one line:

    shares=N seconds=S statements=K statements_per_share=K/N \
peak_rss_mb=M verified=yes

Usage::

    tools/bench_ensure.py --shares 100000
    tools/bench_ensure.py --shares 100000 \
        --db postgresql+psycopg2://postgres@127.0.0.1:5432/postgres
    tools/bench_ensure.py --shares 100000 \
        --db mysql+pymysql://root@127.0.0.1:3306/test

A server URL names the server: a database with a unique name is created
there (schema by manila's migrations) and dropped at the end.
"""

import argparse
import contextlib
import os
import resource
import sys
import tempfile
import time
import uuid

import sqlalchemy as sa

from manila.common import config  # noqa: F401  (registers global options)
from manila import context as manila_context
from manila.db import api as db
from manila.db import migration
from manila.db.sqlalchemy import models
from manila.db.sqlalchemy import session
from manila.share import ensure
from manila.share import states
from manila.tests import backends

HOST = 'bench@alpha'
OLD_IPS = ('192.0.2.10', '192.0.2.11')
NEW_IPS = ('198.51.100.10', '198.51.100.11')
INSERT_CHUNK = 5000


def export_locations(ips, share_id):
    return [{'path': '%s:/shares/share-%s' % (ip, share_id),
             'is_admin_only': False, 'preferred': n == 0, 'metadata': {}}
            for n, ip in enumerate(ips)]


class MovedExportsDriver:
    """Every share's export locations move to NEW_IPS."""

    def get_backend_info(self, context):
        return {'share_export_ips': ','.join(NEW_IPS)}

    def ensure_shares(self, context, shares):
        return {share['id']: {'export_locations': export_locations(
            NEW_IPS, share['share_id'])} for share in shares}


class Notifier:
    def __init__(self):
        self.events = []

    def info(self, context, event, payload):
        self.events.append((event, payload))


class Access:
    def update_access(self, context, share_instance_id):
        raise AssertionError('the bench driver never asks for this')


class Manager:
    def __init__(self):
        self.host = HOST
        self.backend_name = HOST.partition('@')[2]
        self.driver = MovedExportsDriver()
        self.configuration = None
        self.notifier = Notifier()
        self.access = Access()


@contextlib.contextmanager
def database(url):
    """A fresh database with manila's schema; yields the engine."""
    with contextlib.ExitStack() as stack:
        if url is None:
            tmp = stack.enter_context(tempfile.TemporaryDirectory())
            url = 'sqlite:///%s' % os.path.join(tmp, 'manila.sqlite')
        elif not url.startswith('sqlite'):
            server = url
            url = backends.create_database(server)
            stack.callback(backends.drop_database, server, url)
        stack.callback(session.use_connection(url))
        engine = session.get_engine()
        stack.callback(engine.dispose)
        migration.upgrade('head', engine=engine)
        yield engine


def populate(engine, count):
    """Bulk-insert ``count`` available shares with their instances."""
    shares = models.Share.__table__
    instances = models.ShareInstance.__table__
    locations = models.ShareInstanceExportLocation.__table__
    for start in range(0, count, INSERT_CHUNK):
        share_rows, instance_rows, location_rows = [], [], []
        for _ in range(min(INSERT_CHUNK, count - start)):
            share_id, instance_id = str(uuid.uuid4()), str(uuid.uuid4())
            share_rows.append({'id': share_id, 'size': 1,
                               'share_proto': 'NFS', 'is_public': False,
                               'is_soft_deleted': False})
            instance_rows.append({'id': instance_id, 'share_id': share_id,
                                  'host': HOST + '#pool0',
                                  'status': states.AVAILABLE,
                                  'access_rules_status': 'active'})
            for el in export_locations(OLD_IPS, share_id):
                location_rows.append({
                    'uuid': str(uuid.uuid4()),
                    'share_instance_id': instance_id, 'path': el['path'],
                    'is_admin_only': el['is_admin_only'],
                    'preferred': el['preferred'], 'metadata': None})
        with engine.begin() as conn:
            conn.execute(shares.insert(), share_rows)
            conn.execute(instances.insert(), instance_rows)
            conn.execute(locations.insert(), location_rows)
    # Planner statistics, as autovacuum (PostgreSQL), InnoDB's automatic
    # recalculation (MariaDB) or an operator's ANALYZE (SQLite) leave them
    # on a database that did not just have 100,000 rows bulk-loaded.
    with engine.begin() as conn:
        if engine.dialect.name == 'mysql':
            conn.exec_driver_sql('ANALYZE TABLE shares, share_instances, '
                                 'share_instance_export_locations')
        else:
            conn.exec_driver_sql('ANALYZE')


def verify(engine, count, service_id):
    """Every share available on the new IPs, flag cleared."""
    instances = models.ShareInstance.__table__
    locations = models.ShareInstanceExportLocation.__table__
    services = models.Service.__table__
    with engine.connect() as conn:
        not_available = conn.scalar(
            sa.select(sa.func.count()).select_from(instances)
            .where(instances.c.status != states.AVAILABLE))
        total = conn.scalar(
            sa.select(sa.func.count()).select_from(locations))
        new = sum(conn.scalar(
            sa.select(sa.func.count()).select_from(locations)
            .where(locations.c.path.startswith(ip + ':'))) for ip in NEW_IPS)
        flag = conn.scalar(sa.select(services.c.ensuring)
                           .where(services.c.id == service_id))
    problems = []
    if not_available:
        problems.append('%d shares not available' % not_available)
    if total != 2 * count or new != 2 * count:
        problems.append('%d export locations, %d on the new IPs, want %d'
                        % (total, new, 2 * count))
    if flag:
        problems.append('services.ensuring still set')
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--shares', type=int, default=10000)
    parser.add_argument('--db', default=None,
                        help='SQLAlchemy URL; default a temporary SQLite '
                             'file. For PostgreSQL and MariaDB, the server '
                             '(a scratch database is created there).')
    parser.add_argument('--batch-size', type=int, default=None,
                        help='ensure_shares_batch_size (default: the '
                             "option's default)")
    args = parser.parse_args(argv)
    if args.batch_size:
        ensure.CONF.set_override('ensure_shares_batch_size',
                                 args.batch_size)

    context = manila_context.get_admin_context()
    with database(args.db) as engine:
        populate(engine, args.shares)
        service = db.service_create(context, {
            'host': HOST, 'binary': ensure.SHARE_BINARY,
            'topic': ensure.SHARE_BINARY})
        # As the API would before casting.
        db.service_claim_ensuring(context, service.id)
        manager = Manager()

        statements = []

        def count(conn, cursor, statement, parameters, ctx, executemany):
            statements.append(1)

        sa.event.listen(engine, 'before_cursor_execute', count)
        started = time.perf_counter()
        succeeded = ensure.run_requested(context, manager)
        seconds = time.perf_counter() - started
        sa.event.remove(engine, 'before_cursor_execute', count)

        problems = verify(engine, args.shares, service.id)
        if not succeeded:
            problems.insert(0, 'the run failed: %s' % manager.notifier.events)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print('shares=%d seconds=%.2f statements=%d statements_per_share=%.4f '
          'peak_rss_mb=%.0f verified=%s'
          % (args.shares, seconds, len(statements),
             len(statements) / float(args.shares), peak_mb,
             'no' if problems else 'yes'))
    for problem in problems:
        print('  %s' % problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
