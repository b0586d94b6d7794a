"""The Shared File Systems API, as the Share Services panel uses it.

Every call goes through python-manilaclient at the microversion it needs:
2.86 for the ``ensuring`` field, ensure shares, the disabled reason and
the ensure runs, 2.93 to filter the list on ``ensuring``. The client has
no manager for the ensure runs, so those are plain GETs through its HTTP
client (same token, endpoint, microversion and error mapping). The panel
never reaches the database; tests mock this module.
"""

from urllib import parse

from django.conf import settings
from manilaclient import api_versions
from manilaclient import base as manila_base
from manilaclient import client as manila_client
from openstack_dashboard.api import base

SERVICE_TYPE = 'sharev2'
# What the panel needs; see the module docstring.
ENSURE_VERSION = '2.86'
FILTER_VERSION = '2.93'
SHARE_BINARY = 'manila-share'
USER_AGENT = 'manila-ensure-dashboard'
RUNS_URL = '/services/ensure-runs'
# How many of the newest runs the panel reads to find each backend's last
# one (see last_ensure_runs).
LAST_RUNS_PAGE = 100


class EnsureRun(manila_base.Resource):
    """One ensure run as ``GET /services/ensure-runs`` shows it."""

    def __repr__(self):
        return '<EnsureRun: %s %s %s>' % (
            getattr(self, 'id', None), getattr(self, 'host', None),
            getattr(self, 'status', None))


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


def _run(info):
    return EnsureRun(None, info, loaded=True)


def ensure_run_list(request, host=None, status=None, limit=None,
                    marker=None):
    """Ensure runs, newest first: of one ``host`` and ``status`` when
    given, at most ``limit``, older than run ``marker`` (paging)."""
    params = [(name, value) for name, value in (
        ('host', host), ('status', status), ('limit', limit),
        ('marker', marker)) if value is not None]
    url = RUNS_URL
    if params:
        url += '?' + parse.urlencode(params)
    _resp, body = manilaclient(request).client.get(url)
    return [_run(info) for info in (body or {}).get('ensure_runs', [])]


def ensure_run_get(request, run_id):
    """One ensure run by its id."""
    _resp, body = manilaclient(request).client.get(
        '%s/%s' % (RUNS_URL, parse.quote(str(run_id), safe='')))
    return _run(body['ensure_run'])


def last_ensure_runs(request, hosts):
    """The newest run of each of ``hosts``, as {host: run}; a host that
    never ran has no entry.

    One request for the whole panel in the common case: the newest
    LAST_RUNS_PAGE runs of every host, keeping the first seen per host
    (the list is newest first). Only when that page is full (others may
    be older) does a host missing from it cost one request of its own
    (``host`` filter, ``limit=1``). One host asks for its own run at once.
    """
    hosts = list(dict.fromkeys(hosts))
    if not hosts:
        return {}
    if len(hosts) == 1:
        runs = ensure_run_list(request, host=hosts[0], limit=1)
        return {hosts[0]: runs[0]} if runs else {}
    runs = ensure_run_list(request, limit=LAST_RUNS_PAGE)
    wanted = set(hosts)
    last = {}
    for run in runs:
        if run.host in wanted and run.host not in last:
            last[run.host] = run
    if len(runs) >= LAST_RUNS_PAGE:
        for host in hosts:
            if host not in last:
                older = ensure_run_list(request, host=host, limit=1)
                if older:
                    last[host] = older[0]
    return last
