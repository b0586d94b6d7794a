"""Bulk queries of the ensure-shares workflow (manila/share/ensure.py).

A backend may hold 100,000 shares, so every function here works on a chunk
of instances with a fixed number of statements: instances are read by
keyset pagination (``key > :last ORDER BY key LIMIT :n``) together with their
export locations, and results are written back with IN-lists and
executemany, never one statement per share. Rows are plain dicts, not ORM
objects: loading and tracking 100,000 objects costs more than the SQL.

The run's record (``ensure_runs``) is here too: its row is created in the
transaction that claims the service's ``ensuring`` flag (whoever holds the
flag holds a run id), its progress is one UPDATE by primary key inside
each batch's transaction, and only a ``running`` row changes status.
"""

import json

from oslo_utils import timeutils
import sqlalchemy as sa

from manila.common import states
from manila.db.sqlalchemy import export_locations as _export_locations
from manila.db.sqlalchemy import models
from manila.db.sqlalchemy import services as _services
from manila.db.sqlalchemy import session
from manila.db.sqlalchemy import utils
from manila import exception

_SI = models.ShareInstance
_EL = models.ShareInstanceExportLocation
_SM = models.ShareMetadata

# Bound on the values of one IN-list: well under every database's limit
# on bound parameters, and large enough to keep the statement count low.
IN_LIST_SIZE = 1000


def _on_host(host):
    """Instances of ``host`` ('host@backend'), in any of its pools."""
    return sa.or_(_SI.host == host,
                  _SI.host.startswith(host + '#', autoescape=True))


def _eligible():
    return sa.and_(_SI.status.in_(sorted(states.ENSURE_ELIGIBLE)),
                   _SI.task_state.is_(None),
                   _SI.access_rules_status != states.ACCESS_STATUS_SYNCING)


def _page_key(dialect_name):
    """The column chunks are paged by.

    Storage order, so that a chunk's reads, status updates and export
    location rewrites touch a few pages, not one page a share. SQLite:
    the rowid. (Rowids only change on VACUUM; an instance missed then is
    ensured by the next run.) Elsewhere the primary key: ids sort by
    creation time (utils.new_id), InnoDB stores rows in primary key order
    and PostgreSQL's heap and indexes fill in insertion order. Instances
    made before ids were time-ordered have random ids: a chunk of those
    touches most pages of the table (measured on PostgreSQL: a million
    random-id shares took 12.5-12.8 times as long as 100,000, and 7.6-9.9
    times with time-ordered ids; doc/source/admin/ensure-scale.rst).
    """
    if dialect_name == 'sqlite':
        return sa.literal_column('share_instances.rowid', sa.Integer)
    return _SI.__table__.c.id


def _flavour(dialect):
    """The dialect's name; 'mariadb' for MariaDB 10.5 and later."""
    if (dialect.name == 'mysql' and getattr(dialect, 'is_mariadb', False)
            and (dialect.server_version_info or ()) >= (10, 5)):
        return 'mariadb'
    return dialect.name


# MariaDB: an instance's export locations as one JSON array of arrays
# (id, uuid, path, is_admin_only, preferred, metadata), in id order.
_LOCATIONS_JSON = (
    '(SELECT JSON_ARRAYAGG(JSON_ARRAY(el.id, el.uuid, el.path, '
    'el.is_admin_only, el.preferred, el.metadata) ORDER BY el.id) '
    'FROM share_instance_export_locations AS el '
    'WHERE el.share_instance_id = page.id)')


def _chunk_query(flavour, first):
    """One page of eligible instances with their export locations.

    The page (``key > :after ORDER BY key LIMIT :limit``) is a subquery;
    its export locations are joined to it, so one statement and one round
    trip read a whole chunk, whatever its size. On MariaDB each instance's
    export locations come as one JSON column instead (one row an
    instance, not one a location): PyMySQL parses every value of every
    row in Python, and a chunk's rows of 13 columns cost the run more
    than the server's JSON. Built once a flavour (_flavour).
    """
    instances_t, shares_t = _SI.__table__, models.Share.__table__
    locations_t = _EL.__table__
    key = _page_key(flavour)
    # Two statements, not ``:after IS NULL OR key > :after``: the planners
    # only take an index range for a plain comparison.
    after = sa.true() if first else key > sa.bindparam('after')
    page = (sa.select(instances_t.c.id, instances_t.c.share_id,
                      instances_t.c.host, instances_t.c.status,
                      instances_t.c.access_rules_status, shares_t.c.size,
                      shares_t.c.share_proto, key.label('page_key'))
            .join(shares_t, shares_t.c.id == instances_t.c.share_id)
            .where(sa.or_(instances_t.c.host == sa.bindparam('host'),
                          instances_t.c.host.like(sa.bindparam('pools'),
                                                  escape='/')),
                   _eligible(), after)
            .order_by(key).limit(sa.bindparam('limit'))
            .subquery('page'))
    if flavour == 'mariadb':
        return (sa.select(page, sa.literal_column(_LOCATIONS_JSON))
                .order_by(page.c.page_key))
    locations, joined = locations_t, (
        locations_t.c.share_instance_id == page.c.id)
    if flavour == 'postgresql':
        # LATERAL with OFFSET 0 (which keeps the planner from flattening
        # it into a plain join): one index lookup a page row. On a plain
        # join the planner hashes the page and scans every export
        # location of the database at each batch (a quadratic run).
        locations = (sa.select(locations_t.c.id, locations_t.c.uuid,
                               locations_t.c.path,
                               locations_t.c.is_admin_only,
                               locations_t.c.preferred,
                               locations_t.c.metadata)
                     .where(joined).offset(0).lateral('el'))
        joined = sa.true()
    return (sa.select(page, locations.c.id, locations.c.uuid,
                      locations.c.path, locations.c.is_admin_only,
                      locations.c.preferred, locations.c.metadata)
            .outerjoin(locations, joined)
            .order_by(page.c.page_key, locations.c.id))


_CHUNK_QUERIES = {}


@session.reader
def ensure_instances_get_chunk(context, host, after=None, limit=1000):
    """Up to ``limit`` eligible instances of ``host`` after ``after``.

    Returns (instances, position): pass ``position`` as ``after`` to get
    the next chunk (keyset pagination: no OFFSET, each chunk an index
    range). Eligible: status available or ensuring, no task_state, access
    rules not syncing. One statement: the page of instances (joined with
    their share) and, joined to it, their export locations.
    Each instance is a plain row (a dict): the instance's columns id,
    share_id, host, status and access_rules_status, its share's size and
    share_proto, and ``export_locations``, their rows (id, uuid, path,
    is_admin_only, preferred, metadata). The driver's dict is built from
    it by manila.share.driver.share_dict.
    """
    # Core statements on the connection: rows come back as tuples, with
    # none of the ORM's per-row work.
    connection = context.session.connection()
    which = (_flavour(connection.dialect), after is None)
    query = _CHUNK_QUERIES.get(which)
    if query is None:
        query = _CHUNK_QUERIES[which] = _chunk_query(*which)
    pools = ''.join('/' + c if c in '/%_' else c for c in host) + '#%'
    rows = connection.execute(query, {'host': host, 'pools': pools,
                                      'after': after, 'limit': limit}).all()
    if which[0] == 'mariadb':
        return _instances_from_json(connection, rows, after)
    instances = []
    instance = {'id': None}
    loads = json.loads
    for (instance_id, share_id, instance_host, status, access_status, size,
         proto, after, row_id, uuid, path, admin, preferred,
         metadata) in rows:
        if instance_id != instance['id']:
            instance = _instance(instance_id, share_id, instance_host,
                                 status, access_status, size, proto)
            instances.append(instance)
        if row_id is not None:
            instance['export_locations'].append({
                'id': row_id, 'uuid': uuid, 'path': path,
                'is_admin_only': bool(admin),
                'preferred': bool(preferred),
                'metadata': loads(metadata) if metadata else {}})
    return instances, after


def _instance(instance_id, share_id, host, status, access_status, size,
              proto):
    return {'id': instance_id, 'share_id': share_id, 'host': host,
            'status': status, 'access_rules_status': access_status,
            'size': size, 'share_proto': proto, 'export_locations': []}


def _instances_from_json(connection, rows, after):
    """The chunk's instances from MariaDB's rows (_chunk_query)."""
    instances = []
    loads = json.loads
    for (instance_id, share_id, instance_host, status, access_status, size,
         proto, after, locations) in rows:
        instance = _instance(instance_id, share_id, instance_host, status,
                             access_status, size, proto)
        instances.append(instance)
        if not locations:
            continue
        try:
            locations = loads(locations)
        except ValueError:
            # Longer than group_concat_max_len, which cuts the aggregate
            # short: read this instance's locations on their own.
            locations = _locations_of(connection, instance_id)
        instance['export_locations'] = [
            {'id': row_id, 'uuid': uuid, 'path': path,
             'is_admin_only': bool(admin), 'preferred': bool(preferred),
             'metadata': loads(metadata) if metadata else {}}
            for row_id, uuid, path, admin, preferred, metadata in locations]
    return instances, after


def _locations_of(connection, instance_id):
    el = _EL.__table__.c
    return connection.execute(
        sa.select(el.id, el.uuid, el.path, el.is_admin_only, el.preferred,
                  el.metadata)
        .where(el.share_instance_id == instance_id).order_by(el.id)).all()


def ensure_writes_overlap():
    """Whether a run should write one batch back while the driver checks
    the next (a second thread). On PostgreSQL and MariaDB the server does
    the work of a write meanwhile; SQLite runs in this process, where the
    second thread only competes with the first for the interpreter
    (measured: more CPU time, no shorter runs)."""
    return session.get_engine().dialect.name != 'sqlite'


@session.reader
def ensure_instances_count(context, host):
    """(instances of ``host`` a run would check, those it would skip),
    in one statement."""
    total, eligible = context.session.execute(
        sa.select(sa.func.count(),
                  sa.func.coalesce(sa.func.sum(
                      sa.case((_eligible(), 1), else_=0)), 0))
        .select_from(_SI).where(_on_host(host))).one()
    return int(eligible), int(total) - int(eligible)


@session.writer
def ensure_mark_ensuring(context, instance_ids):
    """Move the instances that are still eligible to 'ensuring'.

    Returns the ids that are now 'ensuring'. One UPDATE per IN_LIST_SIZE
    ids; a SELECT only when some instance changed since it was read
    (deleted, given a task), to tell which.
    """
    return _mark_ensuring(context, instance_ids)


def _set_statuses(context, instance_ids, target, sources, eligible=False):
    """``status = target`` for those of ``instance_ids`` in one of
    ``sources`` (and, with ``eligible``, with no task and access rules not
    syncing): one UPDATE per IN_LIST_SIZE ids. Returns the row count."""
    connection = context.session.connection()
    p = '?' if connection.dialect.paramstyle == 'qmark' else '%s'
    sources = sorted(sources)
    where = 'status IN (%s)' % ', '.join([p] * len(sources))
    params = sources
    if eligible:
        where += ' AND task_state IS NULL AND access_rules_status != ' + p
        params = sources + [states.ACCESS_STATUS_SYNCING]
    values = {'status': target, 'updated_at': utils.bind_datetime(
        connection.dialect, timeutils.utcnow())}
    return sum(utils.update_where_ids(connection, _SI.__table__, values, ids,
                                      where, params)
               for ids in utils.chunks(instance_ids, IN_LIST_SIZE))


def _mark_ensuring(context, instance_ids):
    instance_ids = list(instance_ids)
    count = _set_statuses(context, instance_ids, states.ENSURING,
                          states.sources_of(states.ENSURING), eligible=True)
    if count == len(instance_ids):
        return instance_ids
    marked = set()
    for ids in utils.chunks(instance_ids, IN_LIST_SIZE):
        marked.update(context.session.scalars(
            sa.select(_SI.id).where(_SI.id.in_(ids),
                                    _SI.status == states.ENSURING)))
    return [i for i in instance_ids if i in marked]


def _set_status(context, instance_ids, target, only_from=None):
    """One UPDATE per IN_LIST_SIZE ids; returns how many rows changed."""
    sources = states.sources_of(target)
    if only_from is not None:
        sources = sources & frozenset(only_from)
    return _set_statuses(context, instance_ids, target, sources)


@session.writer
def ensure_restore_available(context, instance_ids):
    """Return instances this run moved to 'ensuring' to 'available'.

    Instances no longer 'ensuring' are left alone. Returns the count.
    """
    return _set_status(context, instance_ids, states.AVAILABLE,
                       only_from=(states.ENSURING,))


@session.writer
def ensure_recover_host(context, host):
    """'ensuring' -> 'available' for every instance of ``host``.

    For start-up: a run killed half way leaves its shares 'ensuring', and
    nothing but this process may ensure them. Returns the count.
    """
    result = context.session.execute(
        sa.update(_SI)
        .where(_on_host(host), _SI.status == states.ENSURING)
        .values(status=states.AVAILABLE, updated_at=timeutils.utcnow()),
        execution_options={'synchronize_session': False})
    return result.rowcount


# Bind parameter names must differ from column names in these statements.
_EL_TABLE = _EL.__table__
_EL_COLUMNS = ('path', 'is_admin_only', 'preferred', 'metadata')
_EL_INSERT = _EL_TABLE.insert().values(
    uuid=sa.bindparam('el_uuid'),
    share_instance_id=sa.bindparam('el_instance'),
    path=sa.bindparam('el_path'), is_admin_only=sa.bindparam('el_admin'),
    preferred=sa.bindparam('el_preferred'),
    metadata=sa.bindparam('el_metadata'), created_at=sa.bindparam('el_now'))


def _write_export_locations(context, writes):
    """Write what export_locations.plan_ensure_writes planned.

    Rows are rewritten in place (a moved location keeps its ID, see
    export_locations.diff_for_ensure) by one set-based UPDATE for the
    whole batch (utils.update_by_id): no indexed column changes, and the
    values of thousands of rows travel in one round trip. Locations that
    appear or disappear are inserted (multi-row) or deleted (IN-list).
    """
    now = timeutils.utcnow()
    connection = context.session.connection()
    for ids in utils.chunks(writes.deletes, IN_LIST_SIZE):
        connection.execute(_EL_TABLE.delete().where(_EL_TABLE.c.id.in_(ids)))
    if writes.moves:
        utils.update_by_id(connection, _EL_TABLE, ('path',), writes.moves,
                           now)
    if writes.rewrites:
        utils.update_by_id(connection, _EL_TABLE, _EL_COLUMNS,
                           writes.rewrites, now)
    if writes.inserts:
        connection.execute(_EL_INSERT, [dict(row, el_now=now)
                                        for row in writes.inserts])
    return writes.changed


def _write_metadata(context, metadata_by_share):
    """Upsert driver-given metadata keys; returns the share ids changed."""
    if not metadata_by_share:
        return set()
    existing = {}
    for ids in utils.chunks(metadata_by_share, IN_LIST_SIZE):
        rows = context.session.execute(
            sa.select(_SM.id, _SM.share_id, _SM.key, _SM.value)
            .where(_SM.share_id.in_(ids)))
        for row in rows:
            existing[(row.share_id, row.key)] = (row.id, row.value)
    inserts, updates, changed = [], [], set()
    for share_id, metadata in metadata_by_share.items():
        for key, value in metadata.items():
            value = str(value)
            current = existing.get((share_id, key))
            if current is None:
                inserts.append({'share_id': share_id, 'key': key,
                                'value': value})
            elif current[1] != value:
                updates.append((current[0], value))
            else:
                continue
            changed.add(share_id)
    if inserts:
        context.session.execute(sa.insert(_SM), inserts)
    if updates:
        utils.update_by_id(context.session.connection(), _SM.__table__,
                           ('value',), updates, timeutils.utcnow())
    return changed


@session.writer
def ensure_write_results(context, statuses=None, export_locations=None,
                         metadata=None, mark=(), progress=None):
    """Write one batch's ensure results in one transaction.

    ``statuses``: {target status: [instance ids]}, each written with
    ``UPDATE ... WHERE id IN (...) AND status IN sources_of(target)``.
    ``export_locations``: what ensure_plan_export_locations returned, or
    what it takes ({instance id: (its export locations as
    ensure_instances_get_chunk returned them, the ones the driver
    wants)}); only rows that differ are deleted, inserted or updated.
    ``metadata``: {share id: {key: value}}; keys are set, others kept.
    ``mark``: ids of the next batch, moved to 'ensuring' as by
    ensure_mark_ensuring in the same transaction (one commit a batch: on
    SQLite each commit of scattered pages costs a WAL checkpoint).
    ``progress``: (run id, shares done, counts) of the ensure run, written
    by one UPDATE of its row in the same transaction, so the record never
    runs ahead of (or behind) what was committed.

    Status updates go first, so on SQLite the transaction takes the write
    lock with its first statement. Returns (instance ids whose export
    locations changed, share ids whose metadata changed, marked ids).
    """
    for target, ids in sorted((statuses or {}).items()):
        _set_status(context, ids, target)
    if not isinstance(export_locations,
                      _export_locations.ExportLocationWrites):
        export_locations = _export_locations.plan_ensure_writes(
            export_locations or {})
    changed_instances = _write_export_locations(context, export_locations)
    changed_shares = _write_metadata(context, metadata or {})
    marked = _mark_ensuring(context, mark)
    if progress is not None:
        record_progress(context, *progress)
    return changed_instances, changed_shares, marked


# -- the run's record (ensure_runs) --------------------------------------

run_states = states.EnsureRuns

_RUN = models.EnsureRun

# Counts a run carries (the end notification's names).
COUNT_FIELDS = ('shares_ensured', 'shares_updated', 'shares_skipped',
                'shares_errored')
# Longest error text kept; the rest is in the service log.
ERROR_MAX = 4000


def _run_values(context, host, trigger):
    now = timeutils.utcnow()
    return {'host': host, 'triggered_by': trigger,
            'status': run_states.RUNNING,
            'user_id': getattr(context, 'user_id', None),
            'project_id': getattr(context, 'project_id', None),
            'request_id': getattr(context, 'request_id', None),
            'started_at': now, 'created_at': now, 'shares_done': 0,
            'shares_ensured': 0, 'shares_updated': 0, 'shares_skipped': 0,
            'shares_errored': 0}


@session.writer
def ensure_run_claim(context, host, trigger):
    """Claim the ``ensuring`` flag of the share service of ``host`` and
    create its run, together.

    One transaction: the compare-and-set of the flag and, when this caller
    won it, the INSERT of a ``running`` run. Returns the new run's id, or
    None when the flag was already set (nothing is written then).
    """
    if not _services.service_claim_ensuring(context, host):
        return None
    result = context.session.execute(
        sa.insert(_RUN).values(**_run_values(context, host, trigger)))
    return result.inserted_primary_key[0]


@session.writer
def ensure_run_create(context, host, trigger):
    """A ``running`` run of ``host`` with no claim; returns its id."""
    result = context.session.execute(
        sa.insert(_RUN).values(**_run_values(context, host, trigger)))
    return result.inserted_primary_key[0]


@session.reader
def ensure_run_get(context, run_id):
    run = context.session.get(_RUN, run_id)
    if run is None:
        raise exception.EnsureRunNotFound(run_id=run_id)
    return run


@session.reader
def ensure_run_get_all(context, host=None, status=None, limit=None,
                       marker=None):
    """Runs newest first, filtered on exact ``host`` and ``status``.

    ``marker``: the id of the last run of the previous page (keyset
    paging: the next page holds the runs older than it).
    """
    query = sa.select(_RUN).order_by(_RUN.id.desc())
    if host is not None:
        query = query.where(_RUN.host == host)
    if status is not None:
        query = query.where(_RUN.status == status)
    if marker is not None:
        query = query.where(_RUN.id < marker)
    if limit is not None:
        query = query.limit(limit)
    return list(context.session.scalars(query))


@session.writer
def ensure_run_start(context, run_id, shares_total, shares_skipped):
    """What the run found to do: its total and the shares it skips."""
    context.session.execute(
        sa.update(_RUN)
        .where(_RUN.id == run_id, _RUN.status == run_states.RUNNING)
        .values(shares_total=shares_total, shares_skipped=shares_skipped,
                updated_at=timeutils.utcnow()),
        execution_options={'synchronize_session': False})


def record_progress(context, run_id, shares_done, counts):
    """UPDATE the run's progress inside the caller's transaction.

    ``counts``: {count field: value}. Never moves backwards: a late or
    repeated batch cannot lower what an earlier one wrote.
    """
    values = {name: counts[name] for name in COUNT_FIELDS if name in counts}
    context.session.execute(
        sa.update(_RUN)
        .where(_RUN.id == run_id, _RUN.status == run_states.RUNNING,
               _RUN.shares_done <= shares_done)
        .values(shares_done=shares_done, updated_at=timeutils.utcnow(),
                **values),
        execution_options={'synchronize_session': False})


@session.writer
def ensure_run_progress(context, run_id, shares_done, counts):
    """record_progress in a transaction of its own."""
    record_progress(context, run_id, shares_done, counts)


@session.writer
def ensure_run_finish(context, run_id, status, counts=None, error=None):
    """End a running run: its final status, counts and error.

    Returns False when the run was not running any more (already ended,
    or marked interrupted by a restart meanwhile).
    """
    if status not in run_states.FINISHED:
        raise ValueError('%r is not a final run status' % status)
    values = {name: value for name, value in (counts or {}).items()
              if name in COUNT_FIELDS + ('shares_done', 'shares_total')}
    now = timeutils.utcnow()
    result = context.session.execute(
        sa.update(_RUN)
        .where(_RUN.id == run_id, _RUN.status == run_states.RUNNING)
        .values(status=status, finished_at=now, updated_at=now,
                error=error[:ERROR_MAX] if error else None, **values),
        execution_options={'synchronize_session': False})
    return result.rowcount == 1


@session.writer
def ensure_runs_interrupt(context, host, error):
    """Every run of ``host`` still ``running`` becomes ``interrupted``.

    For start-up recovery: nothing but this backend's process runs its
    ensure, so a running row found before it started is a killed run.
    Returns the ids of the runs marked.
    """
    ids = list(context.session.scalars(
        sa.select(_RUN.id).where(_RUN.host == host,
                                 _RUN.status == run_states.RUNNING)))
    if ids:
        now = timeutils.utcnow()
        context.session.execute(
            sa.update(_RUN)
            .where(_RUN.id.in_(ids), _RUN.status == run_states.RUNNING)
            .values(status=run_states.INTERRUPTED, finished_at=now,
                    updated_at=now, error=error[:ERROR_MAX]),
            execution_options={'synchronize_session': False})
    return ids


@session.writer
def ensure_runs_prune(context, host, keep):
    """Delete the ended runs of ``host`` beyond the newest ``keep`` runs.

    Running runs are never deleted. Returns how many rows were deleted.
    """
    oldest_kept = context.session.scalar(
        sa.select(_RUN.id).where(_RUN.host == host)
        .order_by(_RUN.id.desc()).offset(keep - 1).limit(1))
    if oldest_kept is None:
        return 0
    result = context.session.execute(
        sa.delete(_RUN).where(
            _RUN.host == host, _RUN.id < oldest_kept,
            _RUN.status != run_states.RUNNING),
        execution_options={'synchronize_session': False})
    return result.rowcount
