"""Service-level operations: list services and their zones, enable or
disable one, ask one backend to ensure its shares; and an ensure run's hold
on its backend, which the API and the run (manila/share/ensure.py) share:
the ``ensuring`` flag and the run's record.

Policy is the API layer's business; nothing here checks it.

The flag (the service row's ``ensuring``) says "an ensure run of this
backend is asked for or under way"; while it is set the API refuses
another request with 409. The API and the run set and clear it only
through :class:`EnsuringClaim`, so its life is one try/finally from the
API's claim to the end of the run, across the two processes.

The record (the run's row in ``ensure_runs``) is written in the same
transaction as the claim; the run reports here when it knows its total,
when it ends and, at start-up, when it finds runs a killed process left
``running``. The progress of each batch is not written from here: it goes
into the batch's own transaction (``ensure_write_results``). Writing the
record must never turn a good run into a failed one, so the record
functions log and swallow database errors. A run that ends without
success also leaves a user message (``/v2/messages``) for administrators,
naming the host and the error.
"""

import contextlib
import time

from oslo_config import cfg
from oslo_db import exception as db_exc
from oslo_log import log
import oslo_messaging as messaging
from sqlalchemy import exc as sa_exc

from manila.common import states
from manila import context as manila_context
from manila.db import api as db
from manila import exception
from manila.share import rpcapi
from manila.share import user_messages

run_states = states.EnsureRuns

LOG = log.getLogger(__name__)
CONF = cfg.CONF


class API(rpcapi.ShareRPCClientMixin):
    """What the services and availability-zones controllers call; no HTTP
    here."""

    def get_all(self, context):
        """Every service row (the API filters and shapes them)."""
        return db.service_get_all(context)

    def availability_zones(self, context):
        """The zones services run in, by name: each a dict of id, name and
        the created_at of its oldest service (updated_at: of the first
        service seen in it)."""
        zones = {}
        for service in db.service_get_all(context):
            name = service.availability_zone
            if not name:
                continue
            zone = zones.setdefault(name, {
                'id': name, 'name': name,
                'created_at': service.created_at,
                'updated_at': service.updated_at})
            if service.created_at and (zone['created_at'] is None or
                                       service.created_at
                                       < zone['created_at']):
                zone['created_at'] = service.created_at
        return sorted(zones.values(), key=lambda z: z['name'])

    def set_disabled(self, context, host, binary, disabled, reason=None):
        """Enable or disable the service ``binary`` on ``host``, with the
        operator's reason; HostBinaryNotFound (404) when there is none."""
        service = db.service_get_by_args(context, host, binary)
        db.service_update(context, service.id,
                          {'disabled': disabled,
                           'disabled_reason': reason})

    def ensure_shares(self, context, host):
        """Ask backend ``host`` ('host@backend') to ensure all its shares.

        Checks, in this order: a manila-share service on that host (else
        ShareServiceNotFound, 404), up (ServiceIsDown, 409), enabled
        (ServiceIsDisabled, 409), not already ensuring: the claim is one
        compare-and-set (EnsureAlreadyRunning, 409). Then one RPC cast to
        that backend only; when it cannot be sent the claim is released
        and MessagingUnavailable (503) raised, so a retry can succeed.
        From then on the run holds the claim and releases it at its end
        (EnsuringClaim, below).

        Returns the id of the ensure run the claim recorded (the 202's
        Location names it).
        """
        try:
            service = db.service_get_by_args(context, host,
                                             states.SHARE_BINARY)
        except exception.NotFound:
            raise exception.ShareServiceNotFound(host=host)
        if not states.service_is_up(service):
            raise exception.ServiceIsDown(host=host)
        if service['disabled']:
            raise exception.ServiceIsDisabled(host=host)
        if service['ensuring']:
            # Read as set: the claim could only fail. Saves the busiest
            # answer (a backend asked again while it runs) a transaction.
            raise exception.EnsureAlreadyRunning(host=host)
        claim = EnsuringClaim(context, host)
        run_id = claim.take()
        if not run_id:
            raise exception.EnsureAlreadyRunning(host=host)
        try:
            # Any failure to send (a bug included) releases the claim: no
            # run is coming to clear it.
            with claim.until_sent():
                self.share_rpcapi.ensure_shares(context, host,
                                                run_id=run_id)
        except messaging.MessagingException as exc:
            LOG.error('Could not ask %(host)s to ensure its shares: '
                      '%(error)s. Released its ensuring flag.',
                      {'host': host, 'error': str(exc) or type(exc).__name__})
            raise exception.MessagingUnavailable(host=host)
        LOG.info('Asked %(host)s to ensure its shares (ensure run '
                 '%(run)s).', {'host': host, 'run': run_id})
        return run_id


# -- the ensuring flag and the run's record ------------------------------

# Clean-up statements are retried: the error that stopped a run may be the
# same transient one (lost connection, deadlock) that hits them.
RECOVERY_ATTEMPTS = 5
RECOVERY_DELAY = 0.5
_TRANSIENT_DB_ERRORS = (db_exc.DBError, sa_exc.OperationalError)


def own_context(context):
    """A copy of ``context`` with no database session: a transaction that
    failed on the original must not take the clean-up down with it."""
    return manila_context.RequestContext.from_dict(context.to_dict())


class EnsuringClaim:
    """The ``ensuring`` flag of one backend: the only code that sets or
    clears it.

    The flag lives from the API's claim to the end of the run the API asked
    for, across two processes, as one try/finally:

    * the API claims it with :meth:`take` (one compare-and-set, so racing
      requests get exactly one winner, and the record of the run it starts
      written in the same transaction) and casts inside
      :meth:`until_sent`, which releases it (and ends the run failed) when
      the cast fails;
    * the backend runs inside :meth:`held`, which sets it again (a restart
      of the service in between clears it) and releases it however the
      run ends, including a failure before the run started (a database
      error while the flag is set).

    A flag left by a killed process is cleared at start-up by
    :func:`manila.share.ensure.recover_interrupted`.
    """

    def __init__(self, context, host):
        self.context = context
        self.host = host
        self.run_id = None

    def take(self, trigger=run_states.TRIGGER_API):
        """Set the flag if it is clear, and record the run it starts.

        One transaction (``ensure_run_claim``): whoever holds the flag
        holds a run. Returns the run's id when this caller won the flag
        (a whole number, never 0), None otherwise.
        """
        self.run_id = db.ensure_run_claim(self.context, self.host, trigger)
        return self.run_id

    @contextlib.contextmanager
    def until_sent(self):
        """Release the flag if the body (the cast) raises; the run the
        claim recorded then ends failed, since it never started."""
        try:
            yield
        except BaseException as exc:
            if self.run_id is not None:
                ended(
                    own_context(self.context), self.run_id, self.host, {},
                    error='the request could not be sent to %s (%s); '
                          'nothing was done' % (
                              self.host, str(exc) or type(exc).__name__))
            self._release_or_log()
            raise

    @contextlib.contextmanager
    def held(self, taken=False):
        """Hold the flag for the body, and release it at its end.

        Yields False when the backend has no service row (there is no
        flag to hold). ``taken``: this caller won :meth:`take` already.
        """
        try:
            yield taken or db.service_claim_ensuring(
                self.context, self.host, exclusive=False)
        finally:
            self._release_or_log()

    def release(self):
        """Clear the flag, retried on database errors; True if it was set."""
        return retrying('clear the ensuring flag',
                        db.service_release_ensuring,
                        own_context(self.context), self.host)

    def _release_or_log(self):
        try:
            self.release()
        except Exception:
            LOG.exception('Could not clear the ensuring flag of %s; it is '
                          'cleared when its %s service starts again.',
                          self.host, states.SHARE_BINARY)


def retrying(what, fn, *args):
    """``fn(*args)``, retried with backoff on database errors."""
    delay = RECOVERY_DELAY
    for attempt in range(1, RECOVERY_ATTEMPTS + 1):
        try:
            return fn(*args)
        except _TRANSIENT_DB_ERRORS as exc:
            if attempt == RECOVERY_ATTEMPTS:
                raise
            LOG.warning('Could not %(what)s (attempt %(n)d of %(max)d): '
                        '%(error)s; retrying in %(delay).1f s.',
                        {'what': what, 'n': attempt,
                         'max': RECOVERY_ATTEMPTS, 'error': exc,
                         'delay': delay})
            time.sleep(delay)
            delay *= 2


# The run's record.
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
