"""``openstack share service ensure run list`` and ``... run show <id>``.

The record of ensure-shares runs (``GET /services/ensure-runs``, API
version 2.86 or later): whether each run succeeded, how far a running one
has got and why a failed one failed.
"""

from urllib import parse

from manilaclient import exceptions as manila_exceptions
from osc_lib.command import command
from osc_lib import exceptions

from manila.common import states
from manila.i18n import _
from manila.osc.v2 import services
from manila.osc import waiter

run_states = states.EnsureRuns

_LIST_COLUMNS = (('id', 'ID'), ('host', 'Host'), ('trigger', 'Trigger'),
                 ('status', 'Status'), ('progress', 'Progress'),
                 ('started_at', 'Started At'),
                 ('finished_at', 'Finished At'), ('error', 'Error'))
_SHOW_FIELDS = ('id', 'host', 'trigger', 'status', 'progress',
                'shares_total', 'shares_done', 'shares_ensured',
                'shares_updated', 'shares_skipped', 'shares_errored',
                'error', 'started_at', 'finished_at', 'updated_at',
                'user_id', 'project_id', 'request_id')


def _get(share_client, url, what):
    try:
        _resp, body = share_client.client.get(url)
    except manila_exceptions.ClientException as error:
        message = waiter.one_line(getattr(error, 'message', None) or error)
        status = getattr(error, 'http_status', None)
        raise exceptions.CommandError(
            _("Could not %(what)s: %(message)s%(status)s") % {
                'what': what, 'message': message,
                'status': ' (HTTP %s)' % status if status else ''})
    return body


def _with_progress(run):
    return dict(run, progress=waiter.format_progress(run),
                error=waiter.one_line(run.get('error')) or None)


class ListEnsureRun(command.Lister):
    """List ensure-shares runs, newest first (Admin only)."""

    _description = _(
        "List the ensure-shares runs kept (the newest first): their status "
        "(running, succeeded, failed, interrupted), progress and error "
        "(Admin only, API version >= %s).") % waiter.ENSURE_MICROVERSION

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            '--host', metavar='<host@backend>',
            help=_('Only the runs of this backend, e.g. localhost@alpha.'))
        parser.add_argument(
            '--status', metavar='<status>', choices=run_states.ALL,
            help=_('Only the runs in this status: %s.')
            % ', '.join(run_states.ALL))
        parser.add_argument(
            '--limit', metavar='<number>', type=int,
            help=_('At most this many runs.'))
        parser.add_argument(
            '--marker', metavar='<run id>',
            help=_('Only runs older than this one (paging).'))
        return parser

    def take_action(self, parsed_args):
        share_client = self.app.client_manager.share
        services.require_ensure_version(share_client,
                                        _('Listing ensure runs'))
        query = {name: getattr(parsed_args, name)
                 for name in ('host', 'status', 'limit', 'marker')
                 if getattr(parsed_args, name) is not None}
        url = '/services/ensure-runs'
        if query:
            url += '?' + parse.urlencode(sorted(query.items()))
        body = _get(share_client, url, _('list the ensure runs'))
        runs = [_with_progress(r) for r in body.get('ensure_runs', [])]
        return ([title for _key, title in _LIST_COLUMNS],
                [tuple(r.get(key) for key, _title in _LIST_COLUMNS)
                 for r in runs])


class ShowEnsureRun(command.ShowOne):
    """Show one ensure-shares run (Admin only)."""

    _description = _(
        "Show one ensure-shares run: who asked, its status, progress, "
        "counts and error (Admin only, API version >= %s).") % (
        waiter.ENSURE_MICROVERSION)

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            'run', metavar='<run id>',
            help=_("ID of the run, as 'openstack share service ensure run "
                   "list' shows it."))
        return parser

    def take_action(self, parsed_args):
        share_client = self.app.client_manager.share
        services.require_ensure_version(share_client,
                                        _('Showing an ensure run'))
        body = _get(share_client, '/services/ensure-runs/%s'
                    % parse.quote(str(parsed_args.run), safe=''),
                    _('show ensure run %s') % parsed_args.run)
        run = _with_progress(body['ensure_run'])
        return (_SHOW_FIELDS, tuple(run.get(name) for name in _SHOW_FIELDS))
