"""The Disable Service form: a reason, as ``--disable-reason`` takes."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from horizon import exceptions
from horizon import forms
from horizon import messages
from manilaclient.common.apiclient import exceptions as manila_exc

from manila_ensure_dashboard.api import manila
from manila_ensure_dashboard.dashboards.admin.share_services import tables

INDEX_URL = 'horizon:admin:share_services:index'


class DisableService(forms.SelfHandlingForm):
    host = forms.CharField(
        label=_('Host'),
        widget=forms.TextInput(attrs={'readonly': 'readonly'}))
    binary = forms.CharField(widget=forms.HiddenInput())
    reason = forms.CharField(
        label=_('Reason'), max_length=255, required=False,
        help_text=_('Why the backend is out of placement, for example '
                    '"maintenance". Shown in the Status column.'))

    def handle(self, request, data):
        try:
            manila.service_disable(request, data['host'], data['binary'],
                                   reason=data['reason'].strip())
        except manila_exc.ClientException as exc:
            exceptions.handle(
                request,
                _('Unable to disable %(host)s: %(reason)s') % {
                    'host': data['host'],
                    'reason': tables.api_error_text(exc)},
                redirect=reverse(INDEX_URL))
            return False
        messages.success(request, _('Disabled service %s.') % data['host'])
        return True
