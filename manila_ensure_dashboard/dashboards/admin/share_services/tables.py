"""The Share Services table: columns, filters, row and batch actions.

Each column reads one attribute of the API's service; the last ensure
run's columns read the run the view attached to each backend
(``attach_last_runs``). The run history of one backend is its own table,
``EnsureRunsTable``.
"""

from django.template import defaultfilters
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from horizon import exceptions
from horizon import messages
from horizon import tables
from horizon.utils import filters as utils_filters
from manilaclient.common.apiclient import exceptions as manila_exc
from openstack_dashboard.api import keystone
from openstack_dashboard import policy

from manila_ensure_dashboard.api import manila

POLICY_SERVICE = 'share'
# Reading the runs is a policy of its own (administrators by default).
RUNS_POLICY = ((POLICY_SERVICE, 'ensure_run:get_all'),)
RUNS_URL = 'horizon:admin:share_services:runs'
# Horizon polls a row while its status column maps to None: an ensuring
# row refreshes itself until the run ends.
ENSURING_CHOICES = (('no', True), ('yes', None))
ENSURING_DISPLAY = (('yes', _('Yes')), ('no', _('No')))


def api_error_text(exc):
    """The API's own explanation of a refusal, never a generic text."""
    text = getattr(exc, 'message', None) or str(exc)
    code = getattr(exc, 'code', None)
    return '%s (HTTP %s)' % (text, code) if code else text


def is_share_backend(service):
    return service.binary == manila.SHARE_BINARY


def _ensuring(service):
    return bool(getattr(service, 'ensuring', False))


def ensuring_value(service):
    return 'yes' if _ensuring(service) else 'no'


class ServiceAPIAction(tables.BatchAction):
    """A batch action whose failures show the API's message per host.

    Horizon's BatchAction reports failures with its own generic text;
    here each refusal is shown with what the API said, and the generic
    summary is suppressed (HandledException).
    """

    api_verb = None

    def call_api(self, request, service):
        raise NotImplementedError()

    def action(self, request, obj_id):
        service = self.table.get_object_by_id(obj_id)
        try:
            self.call_api(request, service)
        except manila_exc.ClientException as exc:
            messages.error(request, _('Unable to %(verb)s %(host)s: '
                                      '%(reason)s') % {
                'verb': self.api_verb, 'host': service.host,
                'reason': api_error_text(exc)})
            raise exceptions.HandledException(
                (type(exc), exc, exc.__traceback__))

    def get_object_display(self, datum):
        return datum.host


class EnsureShares(ServiceAPIAction):
    name = 'ensure_shares'
    api_verb = _('ensure the shares of')
    icon = 'refresh'
    policy_rules = ((POLICY_SERVICE, 'service:ensure_shares'),)
    help_text = _('The backend re-checks every one of its shares with its '
                  'storage: it re-computes their export locations from its '
                  'current configuration, updates their status and '
                  're-applies access rules where needed. Its shares show '
                  'the status "ensuring" while it runs; users cannot '
                  'delete them or change their access until it ends.')

    @staticmethod
    def action_present(count):
        return ngettext_lazy('Ensure Shares of Backend',
                             'Ensure Shares of Backends', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Started ensuring the shares of backend',
                             'Started ensuring the shares of backends',
                             count)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Rendered as btn-danger: Horizon asks for confirmation first.
        self.action_type = 'danger'

    def allowed(self, request, service=None):
        if service is None:  # the table's batch button
            return True
        return (is_share_backend(service) and service.state == 'up'
                and service.status == 'enabled' and not _ensuring(service))

    def call_api(self, request, service):
        manila.service_ensure_shares(request, service.host)


class EnableService(ServiceAPIAction):
    name = 'enable'
    api_verb = _('enable')
    classes = ('btn-confirm',)
    policy_rules = ((POLICY_SERVICE, 'service:update'),)
    help_text = _('The scheduler places new shares on an enabled backend '
                  'again.')

    @staticmethod
    def action_present(count):
        return ngettext_lazy('Enable Service', 'Enable Services', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Enabled Service', 'Enabled Services', count)

    def allowed(self, request, service=None):
        return service is None or service.status == 'disabled'

    def call_api(self, request, service):
        manila.service_enable(request, service.host, service.binary)


class DisableService(tables.LinkAction):
    name = 'disable'
    verbose_name = _('Disable Service')
    url = 'horizon:admin:share_services:disable'
    classes = ('ajax-modal', 'btn-danger')
    policy_rules = ((POLICY_SERVICE, 'service:update'),)

    def allowed(self, request, service=None):
        return service is not None and service.status == 'enabled'

    def get_link_url(self, service):
        return reverse(self.url, args=[service.id])


class ServiceFilterAction(tables.FilterAction):
    """Filters the API applies: host, and ensuring (yes or no)."""
    filter_type = 'server'
    filter_choices = (
        ('host', _('Host ='), True),
        ('ensuring', _('Ensuring ='), True,
         _('Yes or No')),
    )


# A run's statuses: shown as words; a running one keeps its row polling
# (None), one that did not succeed marks its row (False).
RUN_STATUS_DISPLAY = (
    ('running', _('Running')), ('succeeded', _('Succeeded')),
    ('failed', _('Failed')), ('interrupted', _('Interrupted')))
RUN_STATUS_CHOICES = (
    ('running', None), ('succeeded', True), ('failed', False),
    ('interrupted', False))
# A backend without runs (or a row not showing them) is settled.
LAST_RUN_CHOICES = RUN_STATUS_CHOICES + (('none', True),)
FAILED_RUN_STATUSES = ('failed', 'interrupted')


def can_read_runs(request):
    return policy.check(RUNS_POLICY, request)


def run_history_url(host):
    return reverse(RUNS_URL, args=[host])


def attach_last_runs(request, services):
    """Give each service its ``last_run`` (None without one) and its
    backends their ``run_history`` link, when the policy lets the caller
    read runs; one API request for the page (manila.last_ensure_runs).

    Returns the API's refusal text when the runs could not be read (the
    services are shown anyway, without runs), else None.
    """
    for service in services:
        service.last_run = None
        service.last_run_error = None
        service.run_history = None
    backends = [s for s in services if is_share_backend(s)]
    if not backends or not can_read_runs(request):
        return None
    try:
        last = manila.last_ensure_runs(request, [s.host for s in backends])
    except manila_exc.ClientException as exc:
        return api_error_text(exc)
    for service in backends:
        service.last_run = last.get(service.host)
        # An attribute, so that Horizon's tooltip shows all of it.
        service.last_run_error = run_error(service.last_run)
        service.run_history = run_history_url(service.host)
    return None


class UpdateRow(tables.Row):
    """Re-reads one service, and its last run, while Horizon polls a row
    that is ensuring."""
    ajax = True

    def get_data(self, request, service_id):
        service = manila.service_get(request, service_id)
        if service is None:
            raise exceptions.NotFound()
        attach_last_runs(request, [service])
        return service

    @property
    def status(self):
        # As Horizon's, but a status column the policy hid (the last run)
        # does not count.
        names = [name for name in self.table._meta.status_columns
                 if name in self.cells]
        return self.table.calculate_row_status(
            {name: self.cells[name].status for name in names})


def _timestamp(value):
    return defaultfilters.date(value, 'Y-m-d H:i:s')


def format_progress(run):
    """'12,000 of 100,000 (12%)': the shares a run has checked of those it
    checks; before it has counted them, how many so far."""
    done = getattr(run, 'shares_done', None) or 0
    total = getattr(run, 'shares_total', None)
    if total is None:
        return _('%s so far') % '{:,}'.format(done)
    if not total:
        return _('No shares')
    percent = int(done * 100 / total)
    return _('%(done)s of %(total)s (%(percent)d%%)') % {
        'done': '{:,}'.format(done), 'total': '{:,}'.format(total),
        'percent': percent}


def run_error(run):
    """The error of a run that did not succeed."""
    if run is not None and run.status in FAILED_RUN_STATUSES:
        return getattr(run, 'error', None) or None
    return None


def last_run_status_of(service):
    run = getattr(service, 'last_run', None)
    return run.status if run is not None else None


def last_run_progress_of(service):
    run = getattr(service, 'last_run', None)
    return format_progress(run) if run is not None else None


def _no_run_yet(service):
    if getattr(service, 'run_history', None):
        return _('None yet')
    return '-'


def status_with_reason(service):
    status = service.status
    reason = getattr(service, 'disabled_reason', None)
    if status == 'disabled' and reason:
        return '%s (%s)' % (_('Disabled'), reason)
    return {'enabled': _('Enabled'), 'disabled': _('Disabled')}.get(
        status, status)


class ServicesTable(tables.DataTable):
    host = tables.Column('host', verbose_name=_('Host'))
    binary = tables.Column('binary', verbose_name=_('Binary'))
    zone = tables.Column('zone', verbose_name=_('Zone'))
    status = tables.Column(status_with_reason, verbose_name=_('Status'))
    state = tables.Column(
        'state', verbose_name=_('State'),
        display_choices=(('up', _('Up')), ('down', _('Down'))))
    ensuring = tables.Column(
        ensuring_value, verbose_name=_('Ensuring'), status=True,
        status_choices=ENSURING_CHOICES,
        display_choices=ENSURING_DISPLAY)
    updated_at = tables.Column(
        'updated_at', verbose_name=_('Updated At'),
        filters=(utils_filters.parse_isotime, _timestamp))
    last_run = tables.Column(
        last_run_status_of, verbose_name=_('Last Ensure Run'), status=True,
        status_choices=LAST_RUN_CHOICES, display_choices=RUN_STATUS_DISPLAY,
        empty_value=_no_run_yet,
        link=lambda service: getattr(service, 'run_history', None),
        policy_rules=RUNS_POLICY,
        help_text=_('The last ensure run of the backend; the link shows '
                    'all of its runs.'))
    last_run_progress = tables.Column(
        last_run_progress_of, verbose_name=_('Progress'),
        policy_rules=RUNS_POLICY)
    last_run_error = tables.Column(
        'last_run_error', verbose_name=_('Error'), truncate=120,
        policy_rules=RUNS_POLICY)

    def get_object_display(self, datum):
        return datum.host

    class Meta(object):
        name = 'share_services'
        verbose_name = _('Share Services')
        # A row polls while its backend ensures or its last run runs.
        status_columns = ('ensuring', 'last_run')
        row_class = UpdateRow
        table_actions = (ServiceFilterAction, EnsureShares)
        row_actions = (EnsureShares, DisableService, EnableService)


# -- the run history of one backend ----------------------------------------

def attach_requesters(request, runs):
    """Give each run the names of the user and project that asked for it
    (``user_name``, ``project_name``): one Keystone read per distinct id
    on the page. An id Keystone does not name (deleted, or the caller may
    not read it) is shown as it is."""
    names = {}

    def name_of(getter, kind, object_id):
        if not object_id:
            return None
        if (kind, object_id) not in names:
            try:
                found = getter(request, object_id, admin=True).name
            except Exception:  # any refusal: the id says enough
                found = None
            names[kind, object_id] = found or object_id
        return names[kind, object_id]

    for run in runs:
        run.user_name = name_of(keystone.user_get, 'user',
                                getattr(run, 'user_id', None))
        run.project_name = name_of(keystone.tenant_get, 'project',
                                   getattr(run, 'project_id', None))
    return runs


def requested_by_of(run):
    """Who asked: the user and project of an API request; nobody for a
    run the backend started itself."""
    user = getattr(run, 'user_name', None) or getattr(run, 'user_id', None)
    if not user:
        return None
    project = (getattr(run, 'project_name', None)
               or getattr(run, 'project_id', None))
    if project:
        return _('%(user)s (project %(project)s)') % {
            'user': user, 'project': project}
    return user


TRIGGER_DISPLAY = (('api', _('API request')), ('start-up', _('Start-up')))


class RunFilterAction(tables.FilterAction):
    """The API's status filter."""
    filter_type = 'server'
    filter_choices = (
        ('status', _('Status ='), True,
         _('running, succeeded, failed or interrupted')),
    )


class UpdateRunRow(tables.Row):
    """Re-reads a running run until it ends."""
    ajax = True

    def get_data(self, request, run_id):
        run = manila.ensure_run_get(request, run_id)
        attach_requesters(request, [run])
        return run


class EnsureRunsTable(tables.DataTable):
    id = tables.Column('id', verbose_name=_('Run'))
    status = tables.Column(
        'status', verbose_name=_('Status'), status=True,
        status_choices=RUN_STATUS_CHOICES,
        display_choices=RUN_STATUS_DISPLAY)
    trigger = tables.Column('trigger', verbose_name=_('Trigger'),
                            display_choices=TRIGGER_DISPLAY)
    requested_by = tables.Column(requested_by_of,
                                 verbose_name=_('Requested By'))
    started_at = tables.Column(
        'started_at', verbose_name=_('Started'),
        filters=(utils_filters.parse_isotime, _timestamp))
    finished_at = tables.Column(
        'finished_at', verbose_name=_('Finished'),
        filters=(utils_filters.parse_isotime, _timestamp))
    progress = tables.Column(format_progress, verbose_name=_('Progress'))
    shares_ensured = tables.Column('shares_ensured',
                                   verbose_name=_('Ensured'))
    shares_updated = tables.Column('shares_updated',
                                   verbose_name=_('Updated'))
    shares_skipped = tables.Column('shares_skipped',
                                   verbose_name=_('Skipped'))
    shares_errored = tables.Column('shares_errored',
                                   verbose_name=_('In Error'))
    error = tables.Column(run_error, verbose_name=_('Error'))

    def get_object_id(self, datum):
        # The API's ids are numbers; Horizon quotes them into URLs.
        return str(datum.id)

    def get_object_display(self, datum):
        return str(datum.id)

    class Meta(object):
        name = 'ensure_runs'
        verbose_name = _('Ensure Runs')
        status_columns = ('status',)
        row_class = UpdateRunRow
        table_actions = (RunFilterAction,)
