"""The ``ensuring`` flag of a backend's service row: its one owner.

The flag says "an ensure run of this backend is asked for or under way";
while it is set the API refuses another request with 409. The API and
the run set and clear it only through :class:`EnsuringClaim`, so its life
is one try/finally from the API's claim to the end of the run, across the
two processes.
"""

import contextlib
import time

from oslo_db import exception as db_exc
from oslo_log import log
from sqlalchemy import exc as sa_exc

from manila.common import ensure_runs as run_states
from manila.common import services
from manila import context as manila_context
from manila.db import api as db
from manila.share import ensure_record

LOG = log.getLogger(__name__)

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
                ensure_record.ended(
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
                          self.host, services.SHARE_BINARY)


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
