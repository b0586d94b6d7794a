"""``openstack share service ensure <host@backend>``.

Asks one backend to re-check all of its shares (``POST /services/ensure``,
API version 2.86 or later) and, with ``--wait``, follows the run through the
service list's ``ensuring`` field until it ends.

python-manilaclient ships ``openstack share service ensure shares <host>``;
cliff matches the longest command name first, so both commands coexist.
"""

import argparse
from urllib import parse

from manilaclient import api_versions
from manilaclient import exceptions as manila_exceptions
from osc_lib.command import command
from osc_lib import exceptions

from manila.common import states
from manila.i18n import _
from manila.osc import waiter

DEFAULT_TIMEOUT = 600


def _positive_int(value):
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number <= 0:
        raise argparse.ArgumentTypeError(
            _("%r is not a whole number of seconds above 0") % value)
    return number


def _api_error(action, host, error):
    """One readable line from a manilaclient error: the server's text."""
    message = getattr(error, 'message', None) or str(error)
    # A readable single line, whatever the server put in its message.
    message = ' '.join(str(message).split())
    status = getattr(error, 'http_status', None)
    text = _("Could not %(action)s on %(host)s: %(message)s") % {
        'action': action, 'host': host, 'message': message}
    if status:
        text += ' (HTTP %s)' % status
    return exceptions.CommandError(text)


def run_id_from_location(resp):
    """The run id the 202's Location header names, or None without one."""
    headers = getattr(resp, 'headers', None) or {}
    return waiter.run_id_from_location(
        headers.get('Location') or headers.get('location'))


def require_ensure_version(share_client, what):
    """CommandError unless the session's API version is 2.86 or later."""
    required = api_versions.APIVersion(waiter.ENSURE_MICROVERSION)
    if share_client.api_version < required:
        raise exceptions.CommandError(
            _("%(what)s needs API version %(required)s or later; this "
              "session uses %(current)s. Drop "
              "--os-share-api-version/OS_SHARE_API_VERSION or set it to "
              "%(required)s or later.")
            % {'what': what, 'required': waiter.ENSURE_MICROVERSION,
               'current': share_client.api_version.get_string()})


class EnsureShareService(command.Command):
    """Re-check every share of one backend, live (Admin only)."""

    _description = _(
        "Ask one share backend (host@backend) to re-check all of its shares "
        "and refresh their export locations, without restarting anything "
        "(Admin only, API version >= %s).") % waiter.ENSURE_MICROVERSION

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            'host', metavar='<host@backend>',
            help=_("The manila-share service whose shares are ensured, as "
                   "shown in the Host column of 'openstack share service "
                   "list', e.g. localhost@alpha."))
        parser.add_argument(
            '--wait', action='store_true', default=False,
            help=_("Follow the run until it ends, printing its progress "
                   "('... 12,000 of 100,000 shares (12%%)'). Exit status 0 "
                   "only when it succeeded; otherwise its error is printed "
                   "on one line and the exit status is 1."))
        parser.add_argument(
            '--timeout', metavar='<seconds>', type=_positive_int,
            default=DEFAULT_TIMEOUT,
            help=_("With --wait, give up (exit code 1) after this many "
                   "seconds; the run itself goes on. Default: %d.")
            % DEFAULT_TIMEOUT)
        parser.add_argument(
            '--poll-interval', metavar='<seconds>', type=float,
            default=waiter.DEFAULT_POLL_INTERVAL,
            help=_("With --wait, seconds between two looks at the run. "
                   "Default: %s.") % waiter.DEFAULT_POLL_INTERVAL)
        return parser

    def take_action(self, parsed_args):
        share_client = self.app.client_manager.share
        host = parsed_args.host
        require_ensure_version(share_client, _('Ensuring shares'))

        try:
            resp, _body = share_client.client.post('/services/ensure',
                                                   body={'host': host})
        except manila_exceptions.ClientException as error:
            raise _api_error(_('ensure shares'), host, error)
        run_id = run_id_from_location(resp)
        self.app.stdout.write(
            _("Ensuring shares on %s was requested; the backend re-checks "
              "them now.\n") % host)
        if not parsed_args.wait:
            if run_id is not None:
                self.app.stdout.write(
                    _("Follow it with 'openstack share service ensure run "
                      "show %s', or pass --wait.\n") % run_id)
            else:
                self.app.stdout.write(
                    _("Follow it with 'openstack share service list --host "
                      "%s' (column Ensuring), or pass --wait.\n") % host)
            return 0
        if run_id is not None:
            return self._follow_run(share_client, host, run_id, parsed_args)
        return self._follow_flag(share_client, host, parsed_args)

    def _follow_run(self, share_client, host, run_id, parsed_args):
        """Poll the run the 202 named until it ends; 0 only on success."""
        def get_run():
            try:
                _resp, body = share_client.client.get(
                    '/services/ensure-runs/%s' % run_id)
            except manila_exceptions.ClientException as error:
                raise _api_error(_('read ensure run %s') % run_id, host,
                                 error)
            return body['ensure_run']

        last = {'line': None, 'second': None}

        def on_poll(run, elapsed):
            # A line when the progress moved, one per whole second at most.
            line = '... %s' % waiter.format_progress(run)
            second = int(elapsed)
            if line == last['line'] or second == last['second']:
                return
            last.update(line=line, second=second)
            self.app.stdout.write(line + '\n')
            self.app.stdout.flush()

        try:
            run = waiter.wait_for_run(
                get_run, parsed_args.timeout,
                interval=parsed_args.poll_interval, on_poll=on_poll)
        except waiter.EnsureWaitError as error:
            raise exceptions.CommandError(waiter.one_line(error))
        self.app.stdout.write(
            _("Shares on %(host)s are ensured (run %(id)s): %(ensured)s "
              "checked, %(updated)s updated, %(skipped)s skipped, "
              "%(errored)s in error.\n")
            % {'host': host, 'id': run['id'],
               'ensured': '{:,}'.format(run.get('shares_ensured') or 0),
               'updated': '{:,}'.format(run.get('shares_updated') or 0),
               'skipped': '{:,}'.format(run.get('shares_skipped') or 0),
               'errored': '{:,}'.format(run.get('shares_errored') or 0)})
        return 0

    def _follow_flag(self, share_client, host, parsed_args):
        """Servers that name no run: wait for the ensuring flag."""
        def get_service():
            query = parse.urlencode({'host': host,
                                     'binary': states.SHARE_BINARY})
            try:
                _resp, body = share_client.client.get('/services?' + query)
            except manila_exceptions.ClientException as error:
                raise _api_error(_('read the service'), host, error)
            return waiter.pick_service(body.get('services', []), host)

        printed = []

        def on_poll(service, elapsed):
            # One line per whole second at most, whatever --poll-interval.
            second = int(elapsed)
            if printed and printed[-1] == second:
                return
            printed.append(second)
            self.app.stdout.write(
                _("... still ensuring shares on %(host)s (%(elapsed)ds)\n")
                % {'host': host, 'elapsed': second})
            self.app.stdout.flush()

        try:
            service = waiter.wait_for_ensure(
                get_service, host, parsed_args.timeout,
                interval=parsed_args.poll_interval, on_poll=on_poll)
        except waiter.EnsureWaitError as error:
            raise exceptions.CommandError(str(error))
        self.app.stdout.write(
            _("Shares on %(host)s are ensured. Service state: %(state)s, "
              "status: %(status)s, ensuring: false.\n")
            % {'host': host, 'state': service.get('state'),
               'status': service.get('status')})
        return 0
