"""Wait for an ensure-shares run to finish, by polling the service list.

Shared by the ``openstack share service ensure --wait`` command and the
openstacksdk helpers, which differ only in how they fetch the service.
"""

import time
from urllib import parse

from manila.common import states
from manila.i18n import _

ENSURE_MICROVERSION = '2.86'
DEFAULT_POLL_INTERVAL = 2.0


class EnsureWaitError(Exception):
    """The run could not be seen to finish; the message says what to do."""


class EnsureTimeout(EnsureWaitError):
    pass


def format_progress(run):
    """'12,000 of 100,000 shares (12%)' for a run dict; the total may be
    unknown yet (the run has not counted its shares)."""
    done = run.get('shares_done') or 0
    total = run.get('shares_total')
    if total is None:
        return _("%s shares") % '{:,}'.format(done)
    percent = 100 if not total else int(done * 100 / total)
    return _("%(done)s of %(total)s shares (%(percent)d%%)") % {
        'done': '{:,}'.format(done), 'total': '{:,}'.format(total),
        'percent': percent}


def run_id_from_location(location):
    """The run id at the end of a Location URL, or None without one."""
    if not location:
        return None
    last = parse.urlsplit(location).path.rstrip('/').rsplit('/', 1)[-1]
    return int(last) if last.isdigit() else last


def one_line(text):
    """``text`` with every run of whitespace (newlines too) one space."""
    return ' '.join(str(text or '').split())


def is_ensuring(service):
    """The service dict's ``ensuring`` field as a bool.

    Raises EnsureWaitError when the server does not report the field, since
    then there is nothing to wait on.
    """
    if 'ensuring' not in service:
        raise EnsureWaitError(
            _("The service list of this server has no 'ensuring' field, "
              "so the end of the run cannot be watched. Use API version "
              "%s or later (--os-share-api-version).") % ENSURE_MICROVERSION)
    value = service['ensuring']
    if isinstance(value, str):
        # Some views render booleans as strings; accept both spellings.
        return value.strip().lower() in ('true', '1', 'yes')
    return bool(value)


def pick_service(services, host):
    """The manila-share service of ``host`` from a service list, or error."""
    for service in services:
        if (service.get('host') == host
                and service.get('binary', states.SHARE_BINARY)
                == states.SHARE_BINARY):
            return service
    raise EnsureWaitError(
        _("No manila-share service on host '%s' is listed any more; it may "
          "have been removed while its shares were being ensured.") % host)


def wait_for_ensure(get_service, host, timeout,
                    interval=DEFAULT_POLL_INTERVAL, on_poll=None):
    """Poll until the service of ``host`` stops ensuring; return its dict.

    ``get_service()`` returns the current service dict (fields host, binary,
    state, status, ensuring). ``on_poll(service, elapsed)`` is called after
    every poll that still finds the run going. Raises EnsureTimeout after
    ``timeout`` seconds, and EnsureWaitError when the service goes down
    mid-run (its next start recovers the run, so waiting longer is useless).
    """
    start = time.monotonic()
    while True:
        service = get_service()
        if not is_ensuring(service):
            return service
        elapsed = time.monotonic() - start
        if service.get('state') == 'down':
            raise EnsureWaitError(
                _("Service %(host)s went down while ensuring its shares. "
                  "When its manila-share process starts again it returns "
                  "the interrupted shares to their previous status; run "
                  "ensure again after that.") % {'host': host})
        if elapsed >= timeout:
            raise EnsureTimeout(
                _("Shares on %(host)s were still being ensured after "
                  "%(timeout)ss. The run goes on in the background; follow "
                  "it with 'openstack share service list --host %(host)s' "
                  "(column Ensuring).") % {'host': host, 'timeout': timeout})
        if on_poll is not None:
            on_poll(service, elapsed)
        time.sleep(min(interval, max(timeout - elapsed, 0)))


class EnsureRunFailed(EnsureWaitError):
    """The run ended without success; ``run`` is its dict."""

    def __init__(self, run):
        self.run = run
        super().__init__(
            _("Ensuring shares on %(host)s %(status)s (run %(id)s, after "
              "%(progress)s): %(error)s") % {
                'host': run.get('host'), 'status': run.get('status'),
                'id': run.get('id'), 'progress': format_progress(run),
                'error': one_line(run.get('error')) or _('no error given')})


def wait_for_run(get_run, timeout, interval=DEFAULT_POLL_INTERVAL,
                 on_poll=None):
    """Poll an ensure run until it ends; return its dict if it succeeded.

    ``get_run()`` returns the run as ``GET /services/ensure-runs/{id}``
    shows it. ``on_poll(run, elapsed)`` is called after every poll that
    finds it running. Raises EnsureRunFailed when it ended failed or
    interrupted, EnsureTimeout after ``timeout`` seconds.
    """
    start = time.monotonic()
    while True:
        run = get_run()
        status = run.get('status')
        if status == 'succeeded':
            return run
        if status != 'running':
            raise EnsureRunFailed(run)
        elapsed = time.monotonic() - start
        if elapsed >= timeout:
            raise EnsureTimeout(
                _("Ensure run %(id)s of %(host)s was still running after "
                  "%(timeout)ss (%(progress)s). It goes on in the "
                  "background; follow it with 'openstack share service "
                  "ensure run show %(id)s'.") % {
                    'id': run.get('id'), 'host': run.get('host'),
                    'timeout': timeout, 'progress': format_progress(run)})
        if on_poll is not None:
            on_poll(run, elapsed)
        time.sleep(min(interval, max(timeout - elapsed, 0)))
