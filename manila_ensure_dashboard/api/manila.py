"""The Shared File Systems API, as the Share Services panel uses it.

Every call goes through python-manilaclient at the microversion it needs:
2.86 for the ``ensuring`` field, ensure shares and the disabled reason,
2.93 to filter the list on ``ensuring``. The panel never reaches the
database; tests mock this module.
"""

from django.conf import settings
from manilaclient import api_versions
from manilaclient import client as manila_client
from openstack_dashboard.api import base

SERVICE_TYPE = 'sharev2'
# What the panel needs; see the module docstring.
ENSURE_VERSION = '2.86'
FILTER_VERSION = '2.93'
SHARE_BINARY = 'manila-share'
USER_AGENT = 'manila-ensure-dashboard'


def manilaclient(request, version=ENSURE_VERSION):
    """A client acting with the logged-in user's token."""
    endpoint = base.url_for(request, SERVICE_TYPE)
    client = manila_client.Client(
        api_versions.APIVersion(version),
        username=request.user.username,
        input_auth_token=request.user.token.id,
        project_id=request.user.tenant_id,
        service_catalog_url=endpoint,
        insecure=getattr(settings, 'OPENSTACK_SSL_NO_VERIFY', False),
        cacert=getattr(settings, 'OPENSTACK_SSL_CACERT', None),
        user_agent_name=USER_AGENT)
    client.client.auth_token = request.user.token.id
    client.client.management_url = endpoint
    return client


def service_list(request, host=None, ensuring=None):
    """Every service, optionally only those of ``host`` or whose
    ``ensuring`` is that boolean (the API filters)."""
    search_opts = {}
    version = ENSURE_VERSION
    if host:
        search_opts['host'] = host
    if ensuring is not None:
        search_opts['ensuring'] = ensuring
        version = FILTER_VERSION
    return manilaclient(request, version).services.list(
        search_opts=search_opts)


def service_get(request, service_id):
    """One service by its id (the API has no GET of a single service)."""
    for service in service_list(request):
        if str(service.id) == str(service_id):
            return service
    return None


def service_ensure_shares(request, host):
    """Ask backend ``host`` to re-check all of its shares (202)."""
    manilaclient(request).services.ensure_shares(host)


def service_enable(request, host, binary=SHARE_BINARY):
    return manilaclient(request).services.enable(host, binary)


def service_disable(request, host, binary=SHARE_BINARY, reason=None):
    return manilaclient(request).services.disable(
        host, binary, disable_reason=reason or None)
