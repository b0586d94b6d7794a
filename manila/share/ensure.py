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

The ``ensuring`` flag is set and cleared by
:class:`manila.services.api.EnsuringClaim` only, the API's side
included. A run (:class:`EnsureRun`) reloads the mutable
options from the config files, streams the backend's instances in chunks,
moves each chunk to 'ensuring' in bulk, hands it to
``driver.ensure_shares`` and writes back only what the driver changed.
Whatever goes wrong, no share is left 'ensuring' and the flag is cleared.
"""

import collections
from concurrent import futures
import contextlib
import gc
import hashlib
import itertools
import json
import threading
import time

from oslo_config import cfg
from oslo_log import log

from manila.common import states
from manila.db import api as db
from manila.services import api as services_api
from manila.share import driver as share_driver

run_states = states.EnsureRuns

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
                    'memory of a run and the number of shares a failed '
                    'batch has to return to available.'),
]

CONF.register_opts(ensure_opts)

# Chunks marked 'ensuring' ahead of the one the driver checks.
AHEAD = 2

EVENT_START = 'share.ensure_shares.start'
EVENT_END = 'share.ensure_shares.end'
EVENT_ERROR = 'share.ensure_shares.error'


def list_opts():
    return [(None, ensure_opts)]


def backend_info_hash(context, driver):
    """sha256 of the driver's backend info as canonical JSON."""
    info = driver.get_backend_info(context) or {}
    text = json.dumps(info, sort_keys=True, default=str)
    return hashlib.sha256(text.encode('utf-8')).hexdigest()


def recover_interrupted(context, host):
    """Undo what a killed run left behind on ``host``.

    Shares left 'ensuring' go back to 'available' and the service's
    ``ensuring`` flag is cleared. Returns how many shares were recovered.
    """
    count = services_api.retrying('recover shares', db.ensure_recover_host,
                                  context, host)
    if count:
        LOG.warning('Recovered %(count)d share(s) on %(host)s left '
                    "'ensuring' by an interrupted ensure run; they are "
                    "'available' again.", {'count': count, 'host': host})
    # Before the flag is cleared: a run found running now was killed.
    services_api.interrupted(context, host)
    if services_api.EnsuringClaim(context, host).release():
        LOG.warning('Cleared the stale ensuring flag of %s.', host)
    return count


def ensure_at_startup(context, host, driver, notifier, access):
    """Ensure the backend's shares if its backend info changed.

    Returns True when a run took place and succeeded. The new hash is
    stored only after a good run, so a failed one is retried at the next
    start.
    """
    try:
        # A backend process restarted by its parent inherits the options
        # the parent read; the check must see the file as it is now.
        _reload_config(host, 'start-up')
        info_hash = backend_info_hash(context, driver)
    except Exception:
        LOG.exception('Could not read the configuration or the backend info '
                      'of %s; not ensuring its shares at start-up.', host)
        return False
    if info_hash == db.backend_info_get(context, host):
        LOG.info('Backend info of %s is unchanged; its shares are not '
                 'ensured at start-up.', host)
        return False
    claim = services_api.EnsuringClaim(context, host)
    if not claim.take(run_states.TRIGGER_STARTUP):
        LOG.info('Not ensuring the shares of %(host)s at start-up: an '
                 'ensure run was requested already and will check them '
                 '(or there is no %(binary)s service row).',
                 {'host': host, 'binary': states.SHARE_BINARY})
        return False
    with claim.held(taken=True):
        run = EnsureRun(context, host, driver, notifier, access, 'start-up',
                        run_id=claim.run_id)
        return run.execute(reload=False)


def run_requested(context, host, driver, notifier, access, run_id=None):
    """The run an operator asked for through the API; always runs.

    The API claimed the ``ensuring`` flag before casting, and recorded the
    run ``run_id`` with it (an API that sends none gets a record made
    here); the run holds the flag and clears it at its end, whatever
    happens. Returns True when the run succeeded.
    """
    try:
        with services_api.EnsuringClaim(context, host).held() as found:
            if not found:
                LOG.error('No %(binary)s service row for %(host)s; cannot '
                          'ensure its shares.',
                          {'binary': states.SHARE_BINARY, 'host': host})
                return False
            if run_id is None:
                run_id = services_api.create(context, host,
                                             run_states.TRIGGER_API)
            run = EnsureRun(context, host, driver, notifier, access,
                            'API request', run_id=run_id)
            return run.execute()
    except Exception:
        LOG.exception('Could not start ensuring the shares of %s; its '
                      'ensuring flag is cleared, ask for the run again.',
                      host)
        return False


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


class EnsureRun:
    """One run over one backend's shares, with the flag already held.

    Its inputs are explicit: the backend's ``host``, its ``driver``, the
    ``notifier`` events go to and ``access`` (whose
    ``update_access(context, instance_id)`` re-sends a share's rules).
    ``in_flight`` are the instances this run moved to 'ensuring' and has
    not yet written back: exactly what a failure must restore.
    """

    def __init__(self, context, host, driver, notifier, access, trigger,
                 run_id=None):
        self.context = context
        # Its record (ensure_runs), or None when it could not be written.
        self.run_id = run_id
        self.host = host
        self.driver = driver
        self.notifier = notifier
        self.access = access
        self.trigger = trigger
        # Read at the start of the run, after the config files are
        # reloaded (a bad value there fails the run, not its set-up).
        self.update_status = True
        self.batch_size = None
        self.in_flight = {}
        self.info_hash = None
        self.succeeded = False
        self.ensured = 0
        self.updated = 0
        self.skipped = 0
        self.errored = 0
        # Shares of the chunks taken so far, handed to the driver or
        # skipped: the run's progress.
        self.done = 0
        # Shares of the chunks handed to the writer: the progress its
        # transactions record.
        self.read = 0
        self.total = None
        self.started = time.monotonic()

    def counts(self):
        return {'host': self.host,
                'run_id': self.run_id,
                'shares_ensured': self.ensured,
                'shares_updated': self.updated,
                'shares_skipped': self.skipped,
                'shares_errored': self.errored,
                'duration_seconds': round(
                    time.monotonic() - self.started, 3)}

    def notify(self, event, payload):
        # A broken notifier must not turn a good run into a failed one.
        try:
            self.notifier.info(self.context, event, payload)
        except Exception:
            LOG.warning('Could not emit %(event)s for %(host)s.',
                        {'event': event, 'host': self.host}, exc_info=True)

    def execute(self, reload=True):
        """The whole run; True when it succeeded (its hash is stored)."""
        self.notify(EVENT_START, {'host': self.host,
                                  'trigger': self.trigger,
                                  'run_id': self.run_id})
        try:
            if reload:
                _reload_config(self.host, self.trigger)
            self.update_status = CONF.update_shares_status_on_ensure
            self.batch_size = CONF.ensure_shares_batch_size
            LOG.info('Ensuring the shares of %(host)s (%(trigger)s): '
                     'batches of %(batch)d, statuses %(status)s.',
                     {'host': self.host, 'trigger': self.trigger,
                      'batch': self.batch_size,
                      'status': 'updated' if self.update_status
                      else 'untouched'})
            self.info_hash = backend_info_hash(self.context, self.driver)
            self.total, self.skipped = db.ensure_instances_count(
                self.context, self.host)
            if self.run_id is not None:
                services_api.started(self.context, self.run_id, self.total,
                                     self.skipped)
            self._ensure_all()
        except BaseException as exc:
            self._fail(exc)
            if not isinstance(exc, Exception):
                raise
            return False
        self.succeeded = True
        counts = self.counts()
        LOG.info('Ensured the shares of %(host)s (%(trigger)s): '
                 '%(shares_ensured)d checked, %(shares_updated)d updated, '
                 '%(shares_skipped)d skipped, %(shares_errored)d in error, '
                 'in %(duration_seconds).1f s.',
                 dict(counts, trigger=self.trigger))
        self.notify(EVENT_END, counts)
        self._record_end(counts)
        self._store_hash()
        return True

    def _record_end(self, counts, error=None, context=None):
        """The end of the run in its record (before the flag is
        released, so a clear flag means a final record)."""
        if self.run_id is None:
            return
        counts = dict(counts, shares_done=self.done,
                      shares_total=max(self.total or 0, self.done))
        services_api.ended(context or self.context, self.run_id, self.host,
                           counts, error=error)

    def _store_hash(self):
        try:
            db.backend_info_update(self.context, self.host, self.info_hash)
        except Exception:
            LOG.warning('Could not store the backend info hash of %s; the '
                        'next start will ensure its shares again.',
                        self.host, exc_info=True)

    def _chunks(self):
        """Eligible instances of the host, ``batch_size`` at a time."""
        after = None
        while True:
            instances, after = db.ensure_instances_get_chunk(
                self.context, self.host, after, self.batch_size)
            if instances:
                yield instances
            if len(instances) < self.batch_size:
                return

    def _ensure_all(self):
        """Hand the chunks to the driver one after the other.

        Each batch is written back in one transaction that also records
        the run's progress. On PostgreSQL and MariaDB a writer thread does
        that while this thread reads the next chunk, marks it 'ensuring'
        (a transaction of its own, on this thread's connection) and hands
        the next batch to the driver: the server works on two connections
        while Python works (db.ensure_writes_overlap). On SQLite the write
        is made in line, and marks the chunk two ahead in the same
        transaction (one commit a batch). Either way up to three chunks
        are 'ensuring' at a time: the one being written, the one the
        driver checks and the one marked next.
        """
        with _older_objects_frozen():
            self._ensure_chunks()

    def _ensure_chunks(self):
        chunks = self._chunks()
        upcoming = collections.deque(itertools.islice(chunks, AHEAD))
        if self.update_status and upcoming:
            self._mark([i for c in upcoming for i in _ids(c)])
        self._writes_failed = False
        writing = collections.deque()
        context = services_api.own_context(self.context)
        with _writer() as writer:
            overlapped = not isinstance(writer, _Inline)
            try:
                while upcoming:
                    chunk = upcoming.popleft()
                    while len(writing) >= AHEAD:
                        self._settle(writing.popleft())
                    batch = self._take(chunk)
                    answer = self._call_driver(batch) if batch else {}
                    self.ensured += len(batch)
                    following = next(chunks, None)
                    if following:
                        upcoming.append(following)
                    writes = share_driver.plan_writes(
                        batch, answer, self.update_status)
                    writes.export_locations = (
                        db.ensure_plan_export_locations(
                            writes.export_locations))
                    self._log_answer(writes)
                    self.errored += len(writes.errored)
                    self.read += len(chunk)
                    mark = _ids(following) if self.update_status else ()
                    if mark and overlapped:
                        self._mark(mark)
                        mark = ()
                    writing.append((writer.submit(
                        self._write, context, writes, mark,
                        self._progress()), batch, len(chunk), writes))
                while writing:
                    self._settle(writing.popleft())
            finally:
                # A failure here: the batches handed to the writer are
                # written all the same (after a failed write, none is).
                for job in writing:
                    self._settle(job, quietly=True)

    def _mark(self, instance_ids):
        """Move instances to 'ensuring' in a transaction of their own."""
        self.in_flight.update(dict.fromkeys(
            db.ensure_mark_ensuring(self.context, instance_ids)))

    def _progress(self):
        """(run id, shares done, counts) for a batch's transaction."""
        if self.run_id is None:
            return None
        return (self.run_id, self.read,
                {'shares_ensured': self.ensured,
                 'shares_updated': self.updated,
                 'shares_skipped': self.skipped,
                 'shares_errored': self.errored})

    def _write(self, context, writes, mark, progress):
        """The writer thread's work: one batch's transaction (None when
        an earlier batch failed: nothing is written after it)."""
        if self._writes_failed:
            return None
        if not (writes.touches_database() or mark or progress):
            return set(), set(), []
        try:
            return db.ensure_write_results(
                context, statuses=writes.statuses,
                export_locations=writes.export_locations,
                metadata=writes.metadata, mark=mark, progress=progress)
        except BaseException:
            self._writes_failed = True
            raise

    def _settle(self, job, quietly=False):
        """Account for one batch the writer has finished (waits for it)."""
        future, batch, size, writes = job
        try:
            result = future.result()
        except Exception:
            if not quietly:
                raise
            LOG.warning('Writing back a batch of %s failed after the run '
                        'had failed.', self.host, exc_info=True)
            return
        if result is None:
            return
        changed_instances, changed_shares, marked = result
        for instance_id in _ids(batch):
            self.in_flight.pop(instance_id, None)
        self.in_flight.update(dict.fromkeys(marked))
        self.done += size
        updated = set(changed_instances)
        updated.update(i['id'] for i in batch
                       if i['share_id'] in changed_shares)
        self._reapply_access(writes.reapply, updated)
        self.updated += len(updated)

    def _take(self, instances):
        """The instances of a chunk this run holds (all when statuses are
        off)."""
        if not self.update_status:
            return instances
        # Changed since it was read (deleted, given a task): skip it.
        held = [i for i in instances if i['id'] in self.in_flight]
        self.skipped += len(instances) - len(held)
        for instance in held:
            instance['status'] = states.ENSURING
        return held

    def _call_driver(self, instances):
        """The driver's answer for the batch: {instance id: changes}."""
        shares = [share_driver.share_dict(i) for i in instances]
        try:
            return self.driver.ensure_shares(self.context, shares) or {}
        except NotImplementedError:
            pass
        answer = {}
        for share in shares:
            try:
                result = self.driver.ensure_share(self.context, share)
            except NotImplementedError:
                LOG.warning('The driver of %s implements neither '
                            'ensure_shares nor ensure_share; its shares are '
                            'taken as they are.', self.host)
                return {}
            except Exception:
                LOG.exception('ensure_share failed for share instance %s.',
                              share['id'])
                result = {'status': states.ERROR}
            if result:
                answer[share['id']] = result
        return answer

    def _log_answer(self, writes):
        allowed = ', '.join(sorted(states.ENSURE_RESULTS))
        for instance_id, status in writes.ignored.items():
            LOG.warning('Driver of %(host)s returned status %(status)s for '
                        'share instance %(id)s; ignored (allowed: '
                        '%(allowed)s).',
                        {'host': self.host, 'status': status,
                         'id': instance_id, 'allowed': allowed})
        for instance_id in writes.errored:
            LOG.warning('Driver of %(host)s reports share instance %(id)s '
                        'in error%(note)s.',
                        {'host': self.host, 'id': instance_id,
                         'note': '' if self.update_status else
                         ' (status not written: '
                         'update_shares_status_on_ensure is false)'})
        if writes.unknown:
            LOG.debug('Driver of %(host)s answered for %(count)d share '
                      'instance(s) not in the batch; ignored.',
                      {'host': self.host, 'count': writes.unknown})

    def _reapply_access(self, instance_ids, updated):
        """Send the rules of ``instance_ids`` again; a failure counts as an
        error and not as an update."""
        for instance_id in instance_ids:
            try:
                access_status = self.access.update_access(self.context,
                                                          instance_id)
            except Exception:
                LOG.exception('Re-applying the access rules of share '
                              'instance %s failed.', instance_id)
                access_status = states.ACCESS_STATUS_ERROR
            if access_status == states.ACCESS_STATUS_ERROR:
                self.errored += 1
                updated.discard(instance_id)
                continue
            updated.add(instance_id)

    def _fail(self, exc):
        """Put the shares back after a failed run, and say so.

        The flag is released by whoever holds the claim (EnsuringClaim).
        """
        LOG.exception('Ensuring the shares of %(host)s (%(trigger)s) failed '
                      'after %(done)d share(s): %(error)s. Returning '
                      "%(count)d share(s) from 'ensuring' to 'available' "
                      'and clearing the ensuring flag; fix the cause and '
                      'ask for the run again.',
                      {'host': self.host, 'trigger': self.trigger,
                       'done': self.ensured, 'error': exc,
                       'count': len(self.in_flight)})
        try:
            services_api.retrying(
               'restore share statuses', db.ensure_restore_available,
               services_api.own_context(self.context), list(self.in_flight))
            self.in_flight = {}
        except Exception:
            LOG.exception("Could not return %(count)d share(s) of %(host)s "
                          "to 'available'; they will be recovered when the "
                          'service starts again.',
                          {'count': len(self.in_flight), 'host': self.host})
        payload = self.counts()
        payload['error'] = str(exc) or type(exc).__name__
        self.notify(EVENT_ERROR, payload)
        self._record_end(payload, error=payload['error'],
                         context=services_api.own_context(self.context))


_frozen = {'runs': 0}
_frozen_lock = threading.Lock()


@contextlib.contextmanager
def _older_objects_frozen():
    """Keep the garbage collector off the objects that exist before a
    run (gc.freeze) until the last concurrent run ends (gc.unfreeze).

    A run allocates hundreds of thousands of short-lived dicts and lists,
    which trigger full collections; each would traverse every object of
    the process (libraries, configuration, connections) although none of
    them becomes garbage because of the run. Unfrozen afterwards, they
    are collected as usual.
    """
    with _frozen_lock:
        _frozen['runs'] += 1
        if _frozen['runs'] == 1:
            # Garbage frozen would stay until the end of the run.
            gc.collect()
            gc.freeze()
    try:
        yield
    finally:
        with _frozen_lock:
            _frozen['runs'] -= 1
            if not _frozen['runs']:
                gc.unfreeze()


class _Inline(futures.Executor):
    """Runs what it is given at once, in the caller's thread."""

    def submit(self, fn, *args, **kwargs):
        future = futures.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


def _writer():
    """Where a run's batches are written: a thread of their own where the
    database is a server (see db.ensure_writes_overlap), else inline."""
    if db.ensure_writes_overlap():
        return futures.ThreadPoolExecutor(
            1, thread_name_prefix='ensure-writes')
    return _Inline()


def _ids(instances):
    return [i['id'] for i in instances or ()]
