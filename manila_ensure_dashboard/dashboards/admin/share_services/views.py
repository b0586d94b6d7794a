"""Views of the Share Services panel: the table and the Disable form."""

from django.urls import reverse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from horizon import exceptions
from horizon import forms
from horizon import messages
from horizon import tables as horizon_tables
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
        return sorted(services, key=lambda s: (s.binary, s.host))


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
