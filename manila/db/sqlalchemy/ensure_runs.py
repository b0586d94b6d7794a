"""Queries on ensure_runs: the record of every ensure-shares run.

A run row is created in the transaction that claims the service's
``ensuring`` flag (so whoever holds the flag also holds a run id), its
progress is one UPDATE by primary key inside the transaction of each batch,
and only a ``running`` row changes status.
"""

from oslo_utils import timeutils
import sqlalchemy as sa

from manila.common import states
from manila.db.sqlalchemy import models
from manila.db.sqlalchemy import services as _services
from manila.db.sqlalchemy import session
from manila import exception

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
