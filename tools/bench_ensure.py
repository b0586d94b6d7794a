#!/usr/bin/env python3
r"""Time one ensure-shares run over many shares on one backend.

Creates N shares (two export locations each) on one backend in a fresh
database, then runs one real ensure through manila.share.ensure.run_requested
with a driver that moves every share to new export IPs, as after an
export-IP change. Only the run is timed; its SQL statements are counted
with SQLAlchemy cursor events. Prints one line:

    shares=N seconds=S statements=K statements_per_share=K/N \
peak_rss_mb=M verified=yes client_cpu_seconds=C batch_size=B \
load_average=L1,L5,L15

``client_cpu_seconds`` is this process's CPU time during the run (Python
work and the SQLite engine; not the database server's), less sensitive to
other work on the machine than ``seconds``; the load average tells how busy
the machine was. ``--profile`` also prints the time of each phase (reading
a batch, the driver, writing back) split into statements, commits and
Python, and the time of each kind of statement. ``--server-process
mariadbd`` (or ``postgres``) adds ``server_cpu_seconds``: the CPU time the
processes of that name on this machine spent during the run, the server's
share of the work. On PostgreSQL and MariaDB the line also has
``server_log_mb``: what the server wrote to its write-ahead log (WAL) or
redo log during the run (the whole server's). ``--innodb-fill-factor P``
(MariaDB) rebuilds the share instance and export location tables with
``innodb_fill_factor`` P after loading them, leaving 100 - P % of each page
free (see doc/source/admin/ensure-scale.rst, "Rows that grow").

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
import collections
import contextlib
import functools
import io
import os
import re
import resource
import sys
import tempfile
import threading
import time

import sqlalchemy as sa

from manila.common import config  # noqa: F401  (registers global options)
from manila.common import states
from manila import context as manila_context
from manila.db import api as db
from manila.db import migration
from manila.db.sqlalchemy import ensure as ensure_db
from manila.db.sqlalchemy import models
from manila.db.sqlalchemy import session
from manila.db.sqlalchemy import utils as db_utils
from manila.share import ensure
from manila.tests import backends

HOST = 'bench@alpha'
OLD_IPS = ('192.0.2.10', '192.0.2.11')
NEW_IPS = ('198.51.100.10', '198.51.100.11')
INSERT_CHUNK = 5000
# Owners of the shares (round robin) and their zone.
PROJECTS = 100
ZONE = 'nova'


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


class Backend:
    """What a run is given: host, driver, notifier, access."""

    def __init__(self):
        self.host = HOST
        self.driver = MovedExportsDriver()
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
    """Bulk-load ``count`` available shares with their instances.

    Rows are as the service leaves them once a share is created: the
    share with its owner, name, type and zone; its instance moved from
    ``creating`` to ``available`` (``updated_at`` and ``launched_at``
    set); two export locations never updated since. COPY on PostgreSQL,
    the driver's executemany of plain tuples elsewhere (multi-row INSERTs
    with PyMySQL, one prepared statement with SQLite), in chunks: a
    million shares load in minutes, in bounded memory. Ids are made as the
    service makes them (time-ordered, db utils.new_id).
    """
    now = time.strftime('%Y-%m-%d %H:%M:%S')
    share_type = db_utils.new_id()
    with engine.begin() as conn:
        _load(conn, 'share_types', ('id', 'name', 'is_public', 'created_at'),
              [(share_type, 'default', True, now)])
    tables = (
        ('shares', ('id', 'user_id', 'project_id', 'display_name', 'size',
                    'share_proto', 'share_type_id', 'is_public',
                    'availability_zone', 'is_soft_deleted', 'created_at')),
        ('share_instances', ('id', 'share_id', 'host', 'status',
                             'access_rules_status', 'share_type_id',
                             'availability_zone', 'created_at',
                             'updated_at', 'launched_at')),
        ('share_instance_export_locations', (
            'uuid', 'share_instance_id', 'path', 'is_admin_only',
            'preferred', 'created_at')),
    )
    for start in range(0, count, INSERT_CHUNK):
        rows = ([], [], [])
        for number in range(start, min(start + INSERT_CHUNK, count)):
            share_id, instance_id = db_utils.new_id(), db_utils.new_id()
            owner = '%032x' % (number % PROJECTS)
            rows[0].append((share_id, owner, owner, 'share-%d' % number, 1,
                            'NFS', share_type, False, ZONE, False, now))
            rows[1].append((instance_id, share_id, HOST + '#pool0',
                            states.AVAILABLE, 'active', share_type, ZONE,
                            now, now, now))
            for el in export_locations(OLD_IPS, share_id):
                rows[2].append((db_utils.new_id(), instance_id, el['path'],
                                el['is_admin_only'], el['preferred'], now))
        with engine.begin() as conn:
            for (table, columns), values in zip(tables, rows):
                _load(conn, table, columns, values)
    # Planner statistics, as autovacuum (PostgreSQL), InnoDB's automatic
    # recalculation (MariaDB) or an operator's ANALYZE (SQLite) leave them
    # on a database that did not just have 100,000 rows bulk-loaded.
    with engine.begin() as conn:
        if engine.dialect.name == 'mysql':
            conn.exec_driver_sql('ANALYZE TABLE shares, share_instances, '
                                 'share_instance_export_locations')
        else:
            conn.exec_driver_sql('ANALYZE')


def _load(conn, table, columns, values):
    if conn.dialect.name == 'postgresql':
        text = io.StringIO()
        for row in values:
            text.write('\t'.join(
                ('t' if v else 'f') if isinstance(v, bool) else str(v)
                for v in row))
            text.write('\n')
        text.seek(0)
        cursor = conn.connection.dbapi_connection.cursor()
        cursor.copy_expert('COPY %s (%s) FROM STDIN' % (
            table, ', '.join(columns)), text)
        cursor.close()
        return
    placeholder = '?' if conn.dialect.paramstyle == 'qmark' else '%s'
    conn.exec_driver_sql('INSERT INTO %s (%s) VALUES (%s)' % (
        table, ', '.join(columns), ', '.join([placeholder] * len(columns))),
        values)


def rebuild_with_fill_factor(engine, percent):
    """MariaDB: rebuild the tables a run rewrites with ``percent`` of each
    page filled (``innodb_fill_factor``, a global setting that only table
    rebuilds honour; set back afterwards)."""
    with engine.connect() as conn:
        before = conn.exec_driver_sql('SELECT @@GLOBAL.innodb_fill_factor'
                                      ).scalar()
        conn.exec_driver_sql('SET GLOBAL innodb_fill_factor = %d' % percent)
        try:
            conn.exec_driver_sql('OPTIMIZE TABLE share_instances, '
                                 'share_instance_export_locations').all()
        finally:
            conn.exec_driver_sql('SET GLOBAL innodb_fill_factor = %d'
                                 % before)


def server_log_bytes(engine):
    """Bytes the server has written to its WAL (PostgreSQL) or redo log
    (MariaDB) so far; None on SQLite."""
    name = engine.dialect.name
    if name == 'sqlite':
        return None
    with engine.connect() as conn:
        if name == 'postgresql':
            return int(conn.exec_driver_sql(
                "SELECT pg_current_wal_lsn() - '0/0'::pg_lsn").scalar())
        return int(conn.exec_driver_sql(
            "SHOW GLOBAL STATUS LIKE 'Innodb_os_log_written'").one()[1])


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


class Profile:
    """Wall time of each phase of the run, and of each kind of statement.

    Phases are the database calls of manila.share.ensure, the driver and
    the run's waits for its writer; inside them, statement time is taken
    from cursor events and commit time from the dialect's commit, so what
    remains of a database call is Python (building the statements,
    unpacking rows). Phases are counted per thread: on PostgreSQL and
    MariaDB a writer thread writes the batches back while the run's own
    thread reads, marks and calls the driver, so the two overlap.
    """

    PHASES = (('read', 'ensure_instances_get_chunk'),
              ('mark', 'ensure_mark_ensuring'),
              ('write back', 'ensure_write_results'))

    def __init__(self, engine, manager):
        self.phase = collections.Counter()
        self.sql = collections.Counter()
        self.sql_count = collections.Counter()
        self.sql_by_phase = collections.Counter()
        self.commit_by_phase = collections.Counter()
        self._local = threading.local()
        self._undo = []
        for label, name in self.PHASES:
            self._wrap(db, name, label)
        self._wrap(manager.driver, 'ensure_shares', 'driver')
        self._wrap(ensure.EnsureRun, '_settle', 'waiting for the writer')
        dialect = engine.dialect
        commit = dialect.do_commit

        def timed_commit(dbapi_connection):
            started = time.perf_counter()
            try:
                return commit(dbapi_connection)
            finally:
                spent = time.perf_counter() - started
                self.sql['COMMIT'] += spent
                self.sql_count['COMMIT'] += 1
                self.commit_by_phase[self._current()] += spent
        dialect.do_commit = timed_commit
        self._undo.append(lambda: delattr(dialect, 'do_commit'))
        sa.event.listen(engine, 'before_cursor_execute', self._before)
        sa.event.listen(engine, 'after_cursor_execute', self._after)
        self._undo.append(lambda: sa.event.remove(
            engine, 'before_cursor_execute', self._before))
        self._undo.append(lambda: sa.event.remove(
            engine, 'after_cursor_execute', self._after))

    @staticmethod
    def _thread():
        if threading.current_thread() is threading.main_thread():
            return 'run'
        return 'writer'

    def _current(self):
        return getattr(self._local, 'phase', (self._thread(), 'other'))

    def _wrap(self, owner, name, label):
        original = getattr(owner, name)

        @functools.wraps(original)
        def timed(*args, **kwargs):
            outer = self._current()
            self._local.phase = (self._thread(), label)
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.phase[self._local.phase] += (
                    time.perf_counter() - started)
                self._local.phase = outer
        setattr(owner, name, timed)
        self._undo.append(lambda: setattr(owner, name, original))

    def _before(self, conn, cursor, statement, parameters, ctx, many):
        self._local.started = time.perf_counter()

    def _after(self, conn, cursor, statement, parameters, ctx, many):
        spent = time.perf_counter() - self._local.started
        label = _statement_label(statement, many)
        self.sql[label] += spent
        self.sql_count[label] += 1
        self.sql_by_phase[self._current()] += spent

    def close(self):
        for undo in reversed(self._undo):
            undo()

    def report(self, total, out=sys.stdout):
        print('thread  phase                    seconds   share  of it: SQL '
              'commit  Python', file=out)
        labels = ('read', 'mark', 'driver', 'write back',
                  'waiting for the writer')
        for thread in ('run', 'writer'):
            rows = [((thread, label), self.phase[(thread, label)])
                    for label in labels if (thread, label) in self.phase]
            if not rows:
                continue
            rest = total - sum(spent for _, spent in rows)
            rows.append(((thread, 'other' if thread == 'run' else 'idle'),
                         rest))
            for key, spent in rows:
                sql = self.sql_by_phase[key]
                commit = self.commit_by_phase[key]
                print('%-7s %-24s %7.2f %6.1f%%       %6.2f %6.2f %7.2f' % (
                    key[0], key[1], spent, 100.0 * spent / total, sql,
                    commit, spent - sql - commit), file=out)
        print('statement                                 count  seconds',
              file=out)
        for label, spent in self.sql.most_common():
            print('%-40s %6d %8.2f' % (label, self.sql_count[label], spent),
                  file=out)


def _statement_label(statement, many):
    """'UPDATE share_instances', 'INSERT ... (executemany)', ..."""
    verb = statement.split(None, 1)[0].upper()
    table = re.search(r'\b(?:FROM|INTO|UPDATE)\s+[`"]?(\w+)', statement,
                      re.IGNORECASE)
    return ('%s %s%s' % (verb, table.group(1) if table else '',
                         ' (executemany)' if many else '')).strip()


def server_cpu(name):
    """CPU seconds (user and system) of the processes called ``name``."""
    if not name:
        return 0.0
    ticks = 0
    for pid in os.listdir('/proc'):
        try:
            with open('/proc/%s/stat' % pid) as stat:
                fields = stat.read().rsplit(')', 1)
        except (OSError, ValueError):
            continue
        if len(fields) == 2 and fields[0].endswith('(' + name):
            values = fields[1].split()
            ticks += int(values[11]) + int(values[12])
    return ticks / float(os.sysconf('SC_CLK_TCK'))


def percent(text):
    value = int(text)
    if not 10 <= value <= 100:
        raise argparse.ArgumentTypeError('%s is not between 10 and 100'
                                         % text)
    return value


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--shares', type=int, default=10000)
    parser.add_argument('--db', default=None,
                        help='SQLAlchemy URL; default a temporary SQLite '
                             'file. For PostgreSQL and MariaDB, the server '
                             '(a scratch database is created there).')
    parser.add_argument('--without-progress', action='store_true',
                        help="Do not write the run's progress per batch "
                             '(to measure what writing it costs).')
    parser.add_argument('--batch-size', type=int, default=None,
                        help='ensure_shares_batch_size (default: the '
                             "option's default)")
    parser.add_argument('--profile', action='store_true',
                        help='also print the time of each phase and of '
                             'each kind of statement')
    parser.add_argument('--server-process', default=None, metavar='NAME',
                        help='also print the CPU time that the processes '
                             'of this name (mariadbd, postgres) spent '
                             'during the run')
    parser.add_argument('--innodb-fill-factor', type=percent, default=None,
                        metavar='PERCENT',
                        help='MariaDB: rebuild the share instance and '
                             'export location tables after loading with '
                             'innodb_fill_factor PERCENT (10-100)')
    args = parser.parse_args(argv)
    if args.innodb_fill_factor and not (args.db or '').startswith('mysql'):
        parser.error('--innodb-fill-factor is for MariaDB (a mysql URL)')
    if args.batch_size:
        ensure.CONF.set_override('ensure_shares_batch_size',
                                 args.batch_size)

    context = manila_context.get_admin_context()
    with database(args.db) as engine:
        populate(engine, args.shares)
        if args.innodb_fill_factor:
            rebuild_with_fill_factor(engine, args.innodb_fill_factor)
        service = db.service_create(context, {
            'host': HOST, 'binary': states.SHARE_BINARY,
            'topic': states.SHARE_BINARY})
        # As the API would before casting: the claim and the run's record.
        run_id = db.ensure_run_claim(context, HOST, 'api')
        if args.without_progress:
            ensure_db.record_progress = lambda *a, **k: None
        manager = Backend()

        log_started = server_log_bytes(engine)

        statements = []

        def count(conn, cursor, statement, parameters, ctx, executemany):
            statements.append(1)

        sa.event.listen(engine, 'before_cursor_execute', count)
        profile = Profile(engine, manager) if args.profile else None
        server_started = server_cpu(args.server_process)
        started, cpu_started = time.perf_counter(), time.process_time()
        succeeded = ensure.run_requested(context, manager.host,
                                         manager.driver, manager.notifier,
                                         manager.access, run_id=run_id)
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
        server_seconds = server_cpu(args.server_process) - server_started
        sa.event.remove(engine, 'before_cursor_execute', count)
        if profile is not None:
            profile.close()
            profile.report(seconds)
        log_written = None
        if log_started is not None:
            log_written = server_log_bytes(engine) - log_started

        problems = verify(engine, args.shares, service.id)
        run = db.ensure_run_get(context, run_id)
        if (run.status, run.shares_done) != ('succeeded', args.shares):
            problems.append('the run record says %s after %d shares'
                            % (run.status, run.shares_done))
        if not succeeded:
            problems.insert(0, 'the run failed: %s' % manager.notifier.events)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print('shares=%d seconds=%.2f statements=%d statements_per_share=%.4f '
          'peak_rss_mb=%.0f progress=%s verified=%s client_cpu_seconds=%.2f '
          'batch_size=%d load_average=%.2f,%.2f,%.2f'
          % (args.shares, seconds, len(statements),
             len(statements) / float(args.shares), peak_mb,
             'off' if args.without_progress else 'per-batch',
             'no' if problems else 'yes', cpu_seconds,
             ensure.CONF.ensure_shares_batch_size, *os.getloadavg()),
          end='')
    if args.server_process:
        print(' server_cpu_seconds=%.2f' % server_seconds, end='')
    if log_written is not None:
        print(' server_log_mb=%.0f' % (log_written / 1e6), end='')
    print()
    for problem in problems:
        print('  %s' % problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
