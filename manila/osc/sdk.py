"""Ensure shares from openstacksdk code.

openstacksdk (4.x) has ``conn.shared_file_system.ensure_shares_service``,
but it posts at the connection's default microversion (none unless the
cloud config sets one, which the server answers with 404) and does not turn
error responses into exceptions, so a refused request looks like success.
These helpers pin API version 2.86, raise ``openstack.exceptions`` errors
carrying the server's message, and can wait for the run to end::

    import openstack
    from manila.osc import sdk

    conn = openstack.connect(cloud='mycloud')
    run_id = sdk.ensure_shares(conn, 'localhost@alpha')
    run = sdk.wait_for_ensure(conn, 'localhost@alpha', timeout=300,
                              run_id=run_id)

``wait_for_ensure`` returns the run once it succeeded and raises
EnsureRunFailed (its ``run`` attribute is the run) when it failed or was
interrupted.
"""

from openstack import exceptions

from manila.common import states
from manila.osc import waiter

# Re-exported so callers need only this module.
EnsureWaitError = waiter.EnsureWaitError
EnsureTimeout = waiter.EnsureTimeout
EnsureRunFailed = waiter.EnsureRunFailed


def ensure_shares(conn, host):
    """Start ensuring the shares of ``host`` ('host@backend').

    Returns once the server accepted the request (202), with the id of
    the run it started (named by the answer's Location header; None from
    a server that names none); raises
    ``openstack.exceptions.HttpException`` (NotFound, ConflictException,
    ...) with the server's message otherwise.
    """
    response = conn.shared_file_system.post(
        '/services/ensure', json={'host': host},
        microversion=waiter.ENSURE_MICROVERSION)
    exceptions.raise_from_response(
        response, error_message='Could not ensure shares on %s' % host)
    return waiter.run_id_from_location(response.headers.get('Location'))


def get_share_service(conn, host):
    """The manila-share service dict of ``host`` as the API lists it."""
    response = conn.shared_file_system.get(
        '/services',
        params={'host': host, 'binary': states.SHARE_BINARY},
        microversion=waiter.ENSURE_MICROVERSION)
    exceptions.raise_from_response(
        response, error_message='Could not read service %s' % host)
    return waiter.pick_service(response.json().get('services', []), host)


def get_ensure_run(conn, run_id):
    """The ensure run ``run_id`` as ``GET /services/ensure-runs/{id}``
    shows it: status, progress, counts, error."""
    response = conn.shared_file_system.get(
        '/services/ensure-runs/%s' % run_id,
        microversion=waiter.ENSURE_MICROVERSION)
    exceptions.raise_from_response(
        response, error_message='Could not read ensure run %s' % run_id)
    return response.json()['ensure_run']


def list_ensure_runs(conn, host=None, status=None, limit=None):
    """Ensure runs, newest first, optionally of one host or status."""
    params = {name: value for name, value in (
        ('host', host), ('status', status), ('limit', limit))
        if value is not None}
    response = conn.shared_file_system.get(
        '/services/ensure-runs', params=params,
        microversion=waiter.ENSURE_MICROVERSION)
    exceptions.raise_from_response(
        response, error_message='Could not list ensure runs')
    return response.json().get('ensure_runs', [])


def wait_for_ensure(conn, host, timeout,
                    interval=waiter.DEFAULT_POLL_INTERVAL, on_poll=None,
                    run_id=None):
    """Wait for the ensure run ``run_id`` of ``host`` (default: its
    newest run) to end; return the run if it succeeded.

    Raises EnsureRunFailed (carrying the run) when it failed or was
    interrupted, EnsureTimeout after ``timeout`` seconds. From a server
    that keeps no record of runs, waits for the service's ``ensuring``
    flag instead and returns the service dict (EnsureWaitError if the
    service goes down meanwhile).
    """
    if run_id is None:
        newest = list_ensure_runs(conn, host=host, limit=1)
        run_id = newest[0]['id'] if newest else None
    if run_id is None:
        return waiter.wait_for_ensure(
            lambda: get_share_service(conn, host), host, timeout,
            interval=interval, on_poll=on_poll)
    return waiter.wait_for_run(lambda: get_ensure_run(conn, run_id),
                               timeout, interval=interval, on_poll=on_poll)
