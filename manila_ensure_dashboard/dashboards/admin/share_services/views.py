"""Views of the Share Services panel: the table, the run history of one
backend and the Disable form."""

from django.urls import reverse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from horizon import exceptions
from horizon import forms
from horizon import messages
from horizon import tables as horizon_tables
from horizon.utils import functions as utils
from manilaclient.common.apiclient import exceptions as manila_exc
from oslo_utils import strutils

from manila_ensure_dashboard.api import manila
from manila_ensure_dashboard.dashboards.admin.share_services import (
    forms as service_forms)
from manila_ensure_dashboard.dashboards.admin.share_services import tables

INDEX_URL = 'horizon:admin:share_services:index'


def _api_filters(filters):
    """The table's filter field and value as service_list() keywords.

    Raises ValueError for an ensuring value that is neither yes nor no.
    """
    wanted = {}
    if filters.get('host'):
        wanted['host'] = filters['host'].strip()
    if filters.get('ensuring'):
        wanted['ensuring'] = strutils.bool_from_string(
            filters['ensuring'].strip(), strict=True)
    return wanted


class IndexView(horizon_tables.DataTableView):
    table_class = tables.ServicesTable
    template_name = 'admin/share_services/index.html'
    page_title = _('Share Services')

    def get_data(self):
        try:
            wanted = _api_filters(self.get_filters())
        except ValueError:
            messages.error(self.request,
                           _('Ensuring filter: type Yes or No.'))
            return []
        try:
            services = manila.service_list(self.request, **wanted)
        except manila_exc.ClientException as exc:
            messages.error(self.request,
                           _('Unable to get the share services: %s')
                           % tables.api_error_text(exc))
            return []
        except Exception:
            exceptions.handle(self.request,
                              _('Unable to get the share services.'))
            return []
        services = sorted(services, key=lambda s: (s.binary, s.host))
        refused = tables.attach_last_runs(self.request, services)
        if refused:
            messages.warning(self.request,
                             _('Unable to get the last ensure runs: %s')
                             % refused)
        return services


class RunsView(horizon_tables.DataTableView):
    """The ensure runs of one backend, newest first, a page at a time
    (the API's ``host`` filter and ``limit``/``marker`` paging)."""
    table_class = tables.EnsureRunsTable
    template_name = 'admin/share_services/runs.html'
    page_title = _('Ensure Runs of {{ host }}')

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._more = False

    def dispatch(self, request, *args, **kwargs):
        # The panel lets in whoever may list services; its runs have a
        # policy of their own.
        if not tables.can_read_runs(request):
            raise exceptions.NotAuthorized(
                _('You are not allowed to see the ensure runs.'))
        return super().dispatch(request, *args, **kwargs)

    def has_more_data(self, table):
        return self._more

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context['host'] = self.kwargs['host']
        context['index_url'] = reverse(INDEX_URL)
        return context

    def get_data(self):
        host = self.kwargs['host']
        status = (self.get_filters().get('status') or '').strip().lower()
        page = utils.get_page_size(self.request)
        marker = self.request.GET.get(
            self.table_class._meta.pagination_param) or None
        try:
            # One more than a page tells whether an older page exists.
            runs = manila.ensure_run_list(
                self.request, host=host, status=status or None,
                limit=page + 1, marker=marker)
        except manila_exc.ClientException as exc:
            messages.error(self.request,
                           _('Unable to get the ensure runs of %(host)s: '
                             '%(reason)s') % {
                               'host': host,
                               'reason': tables.api_error_text(exc)})
            return []
        except Exception:
            exceptions.handle(self.request,
                              _('Unable to get the ensure runs of %s.')
                              % host)
            return []
        self._more = len(runs) > page
        return tables.attach_requesters(self.request, runs[:page])


class DisableView(forms.ModalFormView):
    form_class = service_forms.DisableService
    form_id = 'disable_share_service_form'
    template_name = 'admin/share_services/disable.html'
    modal_header = _('Disable Service')
    page_title = _('Disable Service')
    submit_label = _('Disable Service')
    submit_url = 'horizon:admin:share_services:disable'
    success_url = reverse_lazy(INDEX_URL)
    cancel_url = reverse_lazy(INDEX_URL)

    def _service(self):
        service_id = self.kwargs['service_id']
        try:
            service = manila.service_get(self.request, service_id)
        except Exception:
            service = None
            exceptions.handle(self.request,
                              _('Unable to get the share services.'),
                              redirect=reverse(INDEX_URL))
        if service is None:
            exceptions.handle(self.request,
                              _('No service with id %s.') % service_id,
                              redirect=reverse(INDEX_URL))
        return service

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context['submit_url'] = reverse(self.submit_url,
                                        args=[self.kwargs['service_id']])
        return context

    def get_initial(self):
        service = self._service()
        return {'host': service.host, 'binary': service.binary}
