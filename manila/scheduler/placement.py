"""Choosing the backend a new share goes to.

Candidates are the manila-share services that are up (heartbeat within
service_down_time) and enabled, in the requested availability zone, whose
last reported capabilities leave room for the share. The share type's
extra spec ``share_backend_name`` pins the backend. Among the candidates
the one with the most free capacity wins.
"""

import json

from oslo_log import log

from manila.common import states
from manila.db import api as db
from manila import exception
from manila.i18n import _

LOG = log.getLogger(__name__)

BACKEND_NAME_SPEC = 'share_backend_name'


def _extra_specs(share_type):
    if share_type is None:
        return {}
    if isinstance(share_type, dict):
        specs = share_type.get('extra_specs') or {}
        return dict(specs) if isinstance(specs, dict) else {
            s['spec_key']: s['spec_value'] for s in specs}
    return {s.spec_key: s.spec_value for s in share_type.extra_specs}


def _capabilities(service):
    try:
        return json.loads(service.capabilities or '{}')
    except ValueError:
        return {}


def _free_gb(capabilities):
    try:
        return float(capabilities.get('free_capacity_gb') or 0)
    except (TypeError, ValueError):
        return 0.0


def choose_host(context, share_type, size, availability_zone=None):
    """'host@backend' for a new share of ``size`` GiB; raises NoValidHost.

    ``share_type`` is a share type row or dict (or None); its extra spec
    share_backend_name, when set, allows only backends reporting that
    name.
    """
    pinned = _extra_specs(share_type).get(BACKEND_NAME_SPEC)
    services = db.service_get_all(
        context, {'binary': states.SHARE_BINARY})
    if not services:
        raise exception.NoValidHost(reason=_(
            'No manila-share service is registered. Start manila-share '
            'with at least one entry in enabled_share_backends.'))

    up = [s for s in services if states.service_is_up(s)]
    enabled = [s for s in up if not s.disabled]
    in_zone = [s for s in enabled if not availability_zone
               or s.availability_zone == availability_zone]
    named = [s for s in in_zone if not pinned
             or _capabilities(s).get(BACKEND_NAME_SPEC) == pinned]
    roomy = [s for s in named if _free_gb(_capabilities(s)) >= size]
    if roomy:
        best = max(roomy, key=lambda s: (_free_gb(_capabilities(s)),
                                         s.host))
        if not db.service_capabilities_consume(context, best.id, size):
            LOG.debug('%s has reported no capabilities yet; nothing to '
                      'count the new share against.', best.host)
        return best.host

    # Say which filter removed the last candidates.
    if not up:
        reason = _('All %d share backends are down (no recent '
                   'heartbeat).') % len(services)
    elif not enabled:
        reason = _('Every share backend that is up is disabled.')
    elif not in_zone:
        reason = _("No enabled share backend is up in availability zone "
                   "'%s'.") % availability_zone
    elif not named:
        reason = _("No enabled share backend that is up reports "
                   "share_backend_name '%s' (set by the share type's extra "
                   "spec).") % pinned
    else:
        reason = _('No share backend has %(size)s GiB free; the largest '
                   'free capacity is %(free)s GiB.') % {
                       'size': size,
                       'free': max(_free_gb(_capabilities(s))
                                   for s in named)}
    raise exception.NoValidHost(reason=reason)
