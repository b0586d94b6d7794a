"""Share instance statuses and the transitions between them; the
statuses of access rules and ensure runs; whether a service is up.

Every status change goes through :func:`check_transition` (single rows) or
:func:`sources_of` (bulk ``UPDATE ... WHERE status IN (...)``), so a change
outside this table is a visible bug, not a silent one.

The API (service list, ensure checks), placement and the service runner
all ask whether a share service is up, so the answer lives here, below
them all, with the share service's binary.
"""

from oslo_config import cfg
from oslo_utils import timeutils

from manila import exception

CONF = cfg.CONF

CREATING = 'creating'
AVAILABLE = 'available'
ENSURING = 'ensuring'
DELETING = 'deleting'
ERROR = 'error'
ERROR_DELETING = 'error_deleting'

ALL = (CREATING, AVAILABLE, ENSURING, DELETING, ERROR, ERROR_DELETING)

# target status -> statuses it may be reached from
_TRANSITIONS = {
    CREATING: frozenset(),
    AVAILABLE: frozenset({CREATING, ENSURING}),
    # ENSURING -> ENSURING: a share left over by a killed run is taken again.
    ENSURING: frozenset({AVAILABLE, ENSURING}),
    DELETING: frozenset({AVAILABLE, ERROR, ERROR_DELETING}),
    ERROR: frozenset({CREATING, AVAILABLE, ENSURING, DELETING}),
    ERROR_DELETING: frozenset({DELETING}),
}

# Statuses an ensure run takes; anything else is counted as skipped.
ENSURE_ELIGIBLE = frozenset({AVAILABLE, ENSURING})

# Statuses a driver's ensure_shares answer may set.
ENSURE_RESULTS = frozenset({AVAILABLE, ERROR})

# Statuses in which users may delete a share or change its access rules.
USER_ACTIONABLE = frozenset({AVAILABLE, ERROR})

# What an administrator's reset_status may set, from any status: the
# repair for a share whose backend will not finish what it started (a
# host that never returns). Upstream Manila's list, without the
# migration statuses this service has not; never 'ensuring', which only
# an ensure run sets. A reset changes the database only.
RESET_TARGETS = (AVAILABLE, ERROR, CREATING, DELETING, ERROR_DELETING)


def sources_of(target):
    """Statuses from which ``target`` may be reached."""
    return _TRANSITIONS[target]


def is_allowed(current, target):
    return current in _TRANSITIONS.get(target, ())


def check_transition(instance_id, current, target):
    if not is_allowed(current, target):
        raise exception.InvalidStatusTransition(
            instance_id=instance_id, current=current, target=target)


# Access rule states (per rule) and the instance's summary of them.
ACCESS_QUEUED_TO_APPLY = 'queued_to_apply'
ACCESS_APPLYING = 'applying'
ACCESS_ACTIVE = 'active'
ACCESS_ERROR = 'error'
ACCESS_QUEUED_TO_DENY = 'queued_to_deny'
ACCESS_DENYING = 'denying'

# What an administrator's reset_status may set on an access rule.
ACCESS_RESET_TARGETS = (ACCESS_ACTIVE, ACCESS_ERROR)

ACCESS_STATUS_ACTIVE = 'active'
ACCESS_STATUS_SYNCING = 'syncing'
ACCESS_STATUS_ERROR = 'error'


class EnsureRuns:
    """Statuses and triggers of an ensure run (its ``ensure_runs`` row).

    A run is created ``running`` together with the claim of its service's
    ``ensuring`` flag and ends ``succeeded`` or ``failed``; a run whose
    process was killed is found ``running`` at the next start-up of its
    backend and becomes ``interrupted``. Only a running run changes status.
    """

    RUNNING = 'running'
    SUCCEEDED = 'succeeded'
    FAILED = 'failed'
    INTERRUPTED = 'interrupted'

    ALL = (RUNNING, SUCCEEDED, FAILED, INTERRUPTED)
    FINISHED = frozenset({SUCCEEDED, FAILED, INTERRUPTED})

    # Who started the run.
    TRIGGER_API = 'api'
    TRIGGER_STARTUP = 'start-up'
    TRIGGERS = (TRIGGER_API, TRIGGER_STARTUP)


# The binary (and RPC topic) of the per-backend share service.
SHARE_BINARY = 'manila-share'


def service_is_up(service):
    """True when the service's last heartbeat is within service_down_time."""
    heartbeat = service['heartbeat_at']
    if heartbeat is None:
        return False
    if heartbeat.tzinfo is not None:
        heartbeat = timeutils.normalize_time(heartbeat)
    age = timeutils.utcnow() - heartbeat
    return age.total_seconds() <= CONF.service_down_time
