"""The Share Services table: columns, filters, row and batch actions.

Each column reads one attribute of the API's service; a new column (for
example the last ensure run) is one more ``tables.Column`` here and one
more entry in ``Meta.columns``.
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

from manila_ensure_dashboard.api import manila

POLICY_SERVICE = 'share'
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


class UpdateRow(tables.Row):
    """Re-reads one service while Horizon polls an ensuring row."""
    ajax = True

    def get_data(self, request, service_id):
        service = manila.service_get(request, service_id)
        if service is None:
            raise exceptions.NotFound()
        return service


def _timestamp(value):
    return defaultfilters.date(value, 'Y-m-d H:i:s')


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

    def get_object_display(self, datum):
        return datum.host

    class Meta(object):
        name = 'share_services'
        verbose_name = _('Share Services')
        status_columns = ('ensuring',)
        row_class = UpdateRow
        table_actions = (ServiceFilterAction, EnsureShares)
        row_actions = (EnsureShares, DisableService, EnableService)
