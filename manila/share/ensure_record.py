"""The record an ensure run leaves: its row in ``ensure_runs``.

The run (manila/share/ensure.py) reports here when it knows its total,
when it ends and, at start-up, when it finds runs a killed process left
``running``. The progress of each batch is not written from here: it goes
into the batch's own transaction (``ensure_write_results``). Writing the
record must never turn a good run into a failed one, so every call here
logs and swallows database errors.

A run that ends without success also leaves a user message
(``/v2/messages``) for administrators, naming the host and the error.
"""

from oslo_config import cfg
from oslo_log import log

from manila.common import ensure_runs as run_states
from manila.db import api as db
from manila.share import user_messages

LOG = log.getLogger(__name__)
CONF = cfg.CONF

record_opts = [
    cfg.IntOpt('ensure_runs_kept_per_host', default=100, min=1,
               mutable=True,
               help='Ensure-run records kept for each backend (GET '
                    '/v2/services/ensure-runs): when a run ends, the '
                    'older records of its host beyond this many are '
                    'deleted. Running runs are always kept.'),
]

CONF.register_opts(record_opts)

INTERRUPTED_ERROR = ('the manila-share process of %s stopped while the run '
                     'was going on (killed, or its host restarted); its '
                     "shares were returned to 'available' at the next "
                     'start. Ask for the run again.')


def list_opts():
    return [(None, record_opts)]


def create(context, host, trigger):
    """A record for a run that has none (its API sent no run id);
    returns its id, or None when it could not be written."""
    return _quietly('record an ensure run of %s' % host,
                    db.ensure_run_create, context, host, trigger)


def started(context, run_id, shares_total, shares_skipped):
    """The run counted what it will check."""
    _quietly('record the start of ensure run %s' % run_id,
             db.ensure_run_start, context, run_id, shares_total,
             shares_skipped)


def ended(context, run_id, host, counts, error=None):
    """Write the end of run ``run_id``: succeeded, or failed with
    ``error``; then prune the host's old records.

    ``counts``: the end (or error) notification's counts plus
    ``shares_done``. Returns True when the record was written.
    """
    status = run_states.FAILED if error else run_states.SUCCEEDED
    written = _quietly('record the end of ensure run %s' % run_id,
                       db.ensure_run_finish, context, run_id, status,
                       counts, error)
    if error:
        _leave_message(context, run_id, host, status, error)
    _quietly('prune the ensure runs of %s' % host, db.ensure_runs_prune,
             context, host, CONF.ensure_runs_kept_per_host)
    return bool(written)


def interrupted(context, host):
    """Mark the runs a killed process of ``host`` left ``running``.

    For start-up recovery, before anything else runs on this backend.
    Returns the ids of the runs marked ``interrupted``.
    """
    error = INTERRUPTED_ERROR % host
    ids = _quietly('mark the interrupted ensure runs of %s' % host,
                   db.ensure_runs_interrupt, context, host, error) or []
    for run_id in ids:
        LOG.warning('Ensure run %(id)s of %(host)s was interrupted: its '
                    'process stopped before the run ended.',
                    {'id': run_id, 'host': host})
        _leave_message(context, run_id, host, run_states.INTERRUPTED,
                       error)
    return ids


def _leave_message(context, run_id, host, status, error):
    try:
        run = db.ensure_run_get(context, run_id)
        project_id = run.project_id
    except Exception:
        project_id = None
    _quietly('leave a user message about ensure run %s' % run_id,
             user_messages.record_ensure_run, context, run_id,
             project_id or getattr(context, 'project_id', None),
             'ensure shares: the ensure run %(id)s of %(host)s %(status)s: '
             '%(error)s. Fix the cause and ask for the run again; '
             "'openstack share service ensure run show %(id)s' shows "
             'how far it got.' % {'id': run_id, 'host': host,
                                  'status': status, 'error': error})


def _quietly(what, fn, *args):
    try:
        return fn(*args)
    except Exception:
        LOG.warning('Could not %s.', what, exc_info=True)
        return None
