"""The ensure-shares workflow: re-check every share of one backend.

The share manager calls three entry points (``manager.py`` only receives
RPC calls; the work lives here, as in Ironic's conductor modules):

* :func:`recover_interrupted` at start-up, before anything else: a run
  killed half way (process crash, host reboot) leaves shares 'ensuring'
  and the service's ``ensuring`` flag set; both are put right.
* :func:`ensure_at_startup`: runs only when the hash of the driver's
  backend info changed since the last good run.
* :func:`run_requested`: a run asked for through the API, which has
  already claimed the flag.

A run reloads the mutable options from the config files, streams the
backend's instances in chunks, moves each chunk to 'ensuring' in bulk, hands
it to ``driver.ensure_shares`` and writes back only what the driver changed.
Whatever goes wrong, no share is left 'ensuring' and the flag is cleared.
"""

import hashlib
import json
import time

from oslo_config import cfg
from oslo_db import exception as db_exc
from oslo_log import log
from sqlalchemy import exc as sa_exc

from manila import context as manila_context
from manila.db import api as db
from manila.share import states

LOG = log.getLogger(__name__)
CONF = cfg.CONF

ensure_opts = [
    cfg.BoolOpt('update_shares_status_on_ensure', default=True,
                mutable=True,
                help="Move shares to 'ensuring' while their backend checks "
                     "them, so users cannot delete them or change their "
                     "access meanwhile. When false, an ensure run never "
                     "writes share statuses (a share the driver reports "
                     "in error is only logged)."),
    cfg.IntOpt('ensure_shares_batch_size', default=1000, min=1,
               mutable=True,
               help='Shares read from the database, marked and handed to '
                    "the driver's ensure_shares() at a time. Bounds the "
                    "memory of a run and the number of shares a failed "
                    'batch has to return to available.'),
]

CONF.register_opts(ensure_opts)

SHARE_BINARY = 'manila-share'
EVENT_START = 'share.ensure_shares.start'
EVENT_END = 'share.ensure_shares.end'
EVENT_ERROR = 'share.ensure_shares.error'

# Recovery statements are retried: the error that stopped the run may be
# the same transient one (lost connection, deadlock) that hits them.
RECOVERY_ATTEMPTS = 5
RECOVERY_DELAY = 0.5
_TRANSIENT_DB_ERRORS = (db_exc.DBError, sa_exc.OperationalError)

# Keys of an export location dict as drivers see it.
_EXPORT_LOCATION_KEYS = ('path', 'is_admin_only', 'preferred', 'metadata')


def list_opts():
    return [(None, ensure_opts)]


class EnsureRun:
    """State of one run: what it has done so far and what it holds.

    ``in_flight`` are the instances this run moved to 'ensuring' and has
    not yet written back: exactly what a failure must restore.
    """

    def __init__(self, context, manager, trigger, service_id):
        self.context = context
        self.manager = manager
        self.host = manager.host
        self.trigger = trigger
        self.service_id = service_id
        # Read at the start of the run, after the config files are
        # reloaded (a bad value there fails the run, not its set-up).
        self.update_status = True
        self.batch_size = None
        self.in_flight = []
        self.info_hash = None
        self.succeeded = False
        self.ensured = 0
        self.updated = 0
        self.skipped = 0
        self.errored = 0
        self.started = time.monotonic()

    def read_options(self):
        self.update_status = CONF.update_shares_status_on_ensure
        self.batch_size = CONF.ensure_shares_batch_size

    def counts(self):
        return {'host': self.host,
                'shares_ensured': self.ensured,
                'shares_updated': self.updated,
                'shares_skipped': self.skipped,
                'shares_errored': self.errored,
                'duration_seconds': round(
                    time.monotonic() - self.started, 3)}

    def notify(self, event, payload):
        # A broken notifier must not turn a good run into a failed one.
        try:
            self.manager.notifier.info(self.context, event, payload)
        except Exception:
            LOG.warning('Could not emit %(event)s for %(host)s.',
                        {'event': event, 'host': self.host}, exc_info=True)


def backend_info_hash(context, driver):
    """sha256 of the driver's backend info as canonical JSON."""
    info = driver.get_backend_info(context) or {}
    text = json.dumps(info, sort_keys=True, default=str)
    return hashlib.sha256(text.encode('utf-8')).hexdigest()


def recover_interrupted(context, manager):
    """Undo what a killed run left behind on ``manager.host``.

    Shares left 'ensuring' go back to 'available' and the service's
    ``ensuring`` flag is cleared. Returns how many shares were recovered.
    """
    count = _retrying('recover shares', db.ensure_recover_host, context,
                      manager.host)
    if count:
        LOG.warning('Recovered %(count)d share(s) on %(host)s left '
                    "'ensuring' by an interrupted ensure run; they are "
                    "'available' again.",
                    {'count': count, 'host': manager.host})
    service_id = _service_id(context, manager.host)
    if service_id is not None and _retrying(
            'clear the ensuring flag', db.service_release_ensuring, context,
            service_id):
        LOG.warning('Cleared the stale ensuring flag of %s.', manager.host)
    return count


def ensure_at_startup(context, manager):
    """Ensure the backend's shares if its backend info changed.

    Returns True when a run took place and succeeded. The new hash is
    stored only after a good run, so a failed one is retried at the next
    start.
    """
    host = manager.host
    try:
        # A backend process restarted by its parent inherits the options
        # the parent read; the check must see the file as it is now.
        _reload_config(host, 'start-up')
        info_hash = backend_info_hash(context, manager.driver)
    except Exception:
        LOG.exception('Could not read the configuration or the backend info '
                      'of %s; not ensuring its shares at start-up.', host)
        return False
    if info_hash == db.backend_info_get(context, host):
        LOG.info('Backend info of %s is unchanged; its shares are not '
                 'ensured at start-up.', host)
        return False
    service_id = _service_id(context, host)
    if service_id is None:
        LOG.error('No %(binary)s service row for %(host)s; cannot ensure '
                  'its shares.', {'binary': SHARE_BINARY, 'host': host})
        return False
    if not db.service_claim_ensuring(context, service_id):
        LOG.info('An ensure run of %s was requested already; it will '
                 'check the shares instead of the start-up run.', host)
        return False
    run = _run(context, manager, 'start-up', service_id, reload=False)
    if run.succeeded:
        _store_hash(run)
    return run.succeeded


def run_requested(context, manager):
    """The run an operator asked for through the API; always runs.

    The API claimed the ``ensuring`` flag before casting; it is set again
    here in case a restart of this service cleared it in between, and it
    is always cleared at the end. Returns True when the run succeeded.
    """
    service_id = _service_id(context, manager.host)
    if service_id is None:
        LOG.error('No %(binary)s service row for %(host)s; cannot ensure '
                  'its shares.', {'binary': SHARE_BINARY,
                                  'host': manager.host})
        return False
    db.service_claim_ensuring(context, service_id)
    run = _run(context, manager, 'API request', service_id)
    if run.succeeded:
        _store_hash(run)
    return run.succeeded


def _store_hash(run):
    try:
        db.backend_info_update(run.context, run.host, run.info_hash)
    except Exception:
        LOG.warning('Could not store the backend info hash of %s; the next '
                    'start will ensure its shares again.', run.host,
                    exc_info=True)


def _service_id(context, host):
    try:
        return db.service_get_by_args(context, host, SHARE_BINARY).id
    except Exception:
        LOG.debug('No %(binary)s service for %(host)s.',
                  {'binary': SHARE_BINARY, 'host': host}, exc_info=True)
        return None


def _run(context, manager, trigger, service_id, reload=True):
    """One run, with the flag already set; returns the EnsureRun."""
    run = EnsureRun(context, manager, trigger, service_id)
    run.notify(EVENT_START, {'host': run.host, 'trigger': trigger})
    try:
        if reload:
            _reload_config(run.host, trigger)
        run.read_options()
        LOG.info('Ensuring the shares of %(host)s (%(trigger)s): batches '
                 'of %(batch)d, statuses %(status)s.',
                 {'host': run.host, 'trigger': trigger,
                  'batch': run.batch_size,
                  'status': 'updated' if run.update_status else 'untouched'})
        run.info_hash = backend_info_hash(context, manager.driver)
        run.skipped = db.ensure_instances_count_ineligible(context, run.host)
        _ensure_all(run)
        _retrying('clear the ensuring flag', db.service_release_ensuring,
                  context, service_id)
    except BaseException as exc:
        _fail(run, exc)
        if not isinstance(exc, Exception):
            raise
        return run
    run.succeeded = True
    counts = run.counts()
    LOG.info('Ensured the shares of %(host)s (%(trigger)s): '
             '%(shares_ensured)d checked, %(shares_updated)d updated, '
             '%(shares_skipped)d skipped, %(shares_errored)d in error, in '
             '%(duration_seconds).1f s.', dict(counts, trigger=trigger))
    run.notify(EVENT_END, counts)
    return run


def _reload_config(host, trigger):
    """Apply edited mutable options (export IPs, batch size) to this run."""
    if 'config_file' not in CONF:
        # Not started from config files (tools, tests): nothing to reload.
        return
    changed = CONF.mutate_config_files()
    LOG.info('Ensure run of %(host)s (%(trigger)s) reloaded the config '
             'files: %(changed)s.',
             {'host': host, 'trigger': trigger,
              'changed': ', '.join(sorted(
                  '%s.%s' % (group or 'DEFAULT', name)
                  for group, name in changed)) or 'no option changed'})


def _chunks(run):
    """Eligible instances of the host, ``batch_size`` at a time."""
    after = None
    while True:
        instances, after = db.ensure_instances_get_chunk(
            run.context, run.host, after, run.batch_size)
        if instances:
            yield instances
        if len(instances) < run.batch_size:
            return


def _ensure_all(run):
    """Hand the chunks to the driver one after the other.

    The next chunk is marked 'ensuring' in the transaction that writes the
    results of the current one: one commit a batch instead of two.
    """
    chunks = _chunks(run)
    following = next(chunks, None)
    batch = []
    if following is not None:
        batch = _taken(run, following, db.ensure_mark_ensuring(
            run.context, _ids(following)) if run.update_status else None)
    while following is not None:
        answer = _call_driver(run, batch) if batch else {}
        run.ensured += len(batch)
        following = next(chunks, None)
        if run.update_status:
            marked = _write_back(run, batch, answer, _ids(following))
            batch = _taken(run, following or [], marked)
        else:
            _write_back(run, batch, answer, ())
            batch = following or []


def _ids(instances):
    return [i['id'] for i in instances or ()]


def _taken(run, instances, marked):
    """The instances of a chunk this run holds (all if ``marked`` is None:
    statuses are off)."""
    if marked is None:
        return instances
    marked = set(marked)
    # Changed since it was read (deleted, given a task): skip it.
    run.skipped += len(instances) - len(marked)
    instances = [i for i in instances if i['id'] in marked]
    run.in_flight = _ids(instances)
    for instance in instances:
        instance['status'] = states.ENSURING
    return instances


def _driver_view(instance):
    view = dict(instance)
    view['export_locations'] = [
        {key: el[key] for key in _EXPORT_LOCATION_KEYS}
        for el in instance['export_locations']]
    return view


def _call_driver(run, instances):
    """The driver's answer for the batch: {instance id: changes}."""
    driver = run.manager.driver
    shares = [_driver_view(i) for i in instances]
    try:
        return driver.ensure_shares(run.context, shares) or {}
    except NotImplementedError:
        pass
    answer = {}
    for share in shares:
        try:
            result = driver.ensure_share(run.context, share)
        except NotImplementedError:
            LOG.warning('The driver of %s implements neither ensure_shares '
                        'nor ensure_share; its shares are taken as they '
                        'are.', run.host)
            return {}
        except Exception:
            LOG.exception('ensure_share failed for share instance %s.',
                          share['id'])
            result = {'status': states.ERROR}
        if result:
            answer[share['id']] = result
    return answer


def _write_back(run, instances, answer, mark):
    """Write what the driver changed for one batch, in one transaction.

    ``mark``: ids of the next chunk to move to 'ensuring' in the same
    transaction; returns those that were.
    """
    statuses = {states.AVAILABLE: [], states.ERROR: []}
    export_locations, metadata, reapply = {}, {}, []
    known = set()
    for instance in instances:
        instance_id = instance['id']
        known.add(instance_id)
        changes = answer.get(instance_id) or {}
        status = changes.get('status')
        if status is not None and status not in states.ENSURE_RESULTS:
            LOG.warning('Driver of %(host)s returned status %(status)s for '
                        'share instance %(id)s; ignored (allowed: '
                        '%(allowed)s).',
                        {'host': run.host, 'status': status,
                         'id': instance_id,
                         'allowed': ', '.join(sorted(states.ENSURE_RESULTS))})
            status = None
        if status == states.ERROR:
            run.errored += 1
            LOG.warning('Driver of %(host)s reports share instance %(id)s '
                        'in error%(note)s.',
                        {'host': run.host, 'id': instance_id,
                         'note': '' if run.update_status else
                         ' (status not written: '
                         'update_shares_status_on_ensure is false)'})
        if run.update_status:
            statuses[status or states.AVAILABLE].append(instance_id)
        if changes.get('export_locations') is not None:
            export_locations[instance_id] = (instance['export_locations'],
                                             changes['export_locations'])
        if changes.get('metadata'):
            metadata[instance['share_id']] = changes['metadata']
        if changes.get('reapply_access_rules'):
            reapply.append(instance_id)
    unknown = set(answer) - known
    if unknown:
        LOG.debug('Driver of %(host)s answered for %(count)d share '
                  'instance(s) not in the batch; ignored.',
                  {'host': run.host, 'count': len(unknown)})
    changed_instances, changed_shares, marked = set(), set(), []
    if any(statuses.values()) or export_locations or metadata or mark:
        changed_instances, changed_shares, marked = db.ensure_write_results(
            run.context, statuses=statuses,
            export_locations=export_locations, metadata=metadata, mark=mark)
    run.in_flight = list(marked)
    updated = set(changed_instances)
    updated.update(i['id'] for i in instances
                   if i['share_id'] in changed_shares)
    for instance_id in reapply:
        try:
            access_status = run.manager.access.update_access(run.context,
                                                             instance_id)
        except Exception:
            LOG.exception('Re-applying the access rules of share instance '
                          '%s failed.', instance_id)
            access_status = states.ACCESS_STATUS_ERROR
        if access_status == states.ACCESS_STATUS_ERROR:
            run.errored += 1
            updated.discard(instance_id)
            continue
        updated.add(instance_id)
    run.updated += len(updated)
    return marked


def _fail(run, exc):
    """Put everything back after a failed run, and say so."""
    LOG.exception('Ensuring the shares of %(host)s (%(trigger)s) failed '
                  'after %(done)d share(s): %(error)s. Returning %(count)d '
                  "share(s) from 'ensuring' to 'available' and clearing "
                  'the ensuring flag; fix the cause and ask for the run '
                  'again.',
                  {'host': run.host, 'trigger': run.trigger,
                   'done': run.ensured, 'error': exc,
                   'count': len(run.in_flight)})
    # The failed transaction is gone; recovery uses a context of its own.
    context = manila_context.RequestContext.from_dict(run.context.to_dict())
    try:
        _retrying('restore share statuses', db.ensure_restore_available,
                  context, run.in_flight)
        run.in_flight = []
    except Exception:
        LOG.exception("Could not return %(count)d share(s) of %(host)s to "
                      "'available'; they will be recovered when the "
                      'service starts again.',
                      {'count': len(run.in_flight), 'host': run.host})
    try:
        _retrying('clear the ensuring flag', db.service_release_ensuring,
                  context, run.service_id)
    except Exception:
        LOG.exception('Could not clear the ensuring flag of %s; it will be '
                      'cleared when the service starts again.', run.host)
    payload = run.counts()
    payload['error'] = str(exc) or type(exc).__name__
    run.notify(EVENT_ERROR, payload)


def _retrying(what, fn, *args):
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
