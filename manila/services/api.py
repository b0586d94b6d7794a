"""Service-level operations: list services and their zones, enable or
disable one, ask one backend to ensure its shares.

Policy is the API layer's business; nothing here checks it.
"""

from oslo_log import log
import oslo_messaging as messaging

from manila.common import services
from manila.db import api as db
from manila import exception
from manila.share import ensure_claim
from manila.share import rpcapi

LOG = log.getLogger(__name__)


class API(rpcapi.ShareRPCClientMixin):
    """What the services and availability-zones controllers call; no HTTP
    here."""

    def get_all(self, context):
        """Every service row (the API filters and shapes them)."""
        return db.service_get_all(context)

    def availability_zones(self, context):
        """The zones services run in, by name: each a dict of id, name and
        the created_at of its oldest service (updated_at: of the first
        service seen in it)."""
        zones = {}
        for service in db.service_get_all(context):
            name = service.availability_zone
            if not name:
                continue
            zone = zones.setdefault(name, {
                'id': name, 'name': name,
                'created_at': service.created_at,
                'updated_at': service.updated_at})
            if service.created_at and (zone['created_at'] is None or
                                       service.created_at
                                       < zone['created_at']):
                zone['created_at'] = service.created_at
        return sorted(zones.values(), key=lambda z: z['name'])

    def set_disabled(self, context, host, binary, disabled, reason=None):
        """Enable or disable the service ``binary`` on ``host``, with the
        operator's reason; HostBinaryNotFound (404) when there is none."""
        service = db.service_get_by_args(context, host, binary)
        db.service_update(context, service.id,
                          {'disabled': disabled,
                           'disabled_reason': reason})

    def ensure_shares(self, context, host):
        """Ask backend ``host`` ('host@backend') to ensure all its shares.

        Checks, in this order: a manila-share service on that host (else
        ShareServiceNotFound, 404), up (ServiceIsDown, 409), enabled
        (ServiceIsDisabled, 409), not already ensuring: the claim is one
        compare-and-set (EnsureAlreadyRunning, 409). Then one RPC cast to
        that backend only; when it cannot be sent the claim is released
        and MessagingUnavailable (503) raised, so a retry can succeed.
        From then on the run holds the claim and releases it at its end
        (manila.share.ensure_claim).

        Returns the id of the ensure run the claim recorded (the 202's
        Location names it).
        """
        try:
            service = db.service_get_by_args(context, host,
                                             services.SHARE_BINARY)
        except exception.NotFound:
            raise exception.ShareServiceNotFound(host=host)
        if not services.service_is_up(service):
            raise exception.ServiceIsDown(host=host)
        if service['disabled']:
            raise exception.ServiceIsDisabled(host=host)
        claim = ensure_claim.EnsuringClaim(context, host)
        run_id = claim.take()
        if not run_id:
            raise exception.EnsureAlreadyRunning(host=host)
        try:
            # Any failure to send (a bug included) releases the claim: no
            # run is coming to clear it.
            with claim.until_sent():
                self.share_rpcapi.ensure_shares(context, host,
                                                run_id=run_id)
        except messaging.MessagingException as exc:
            LOG.error('Could not ask %(host)s to ensure its shares: '
                      '%(error)s. Released its ensuring flag.',
                      {'host': host, 'error': str(exc) or type(exc).__name__})
            raise exception.MessagingUnavailable(host=host)
        LOG.info('Asked %(host)s to ensure its shares (ensure run '
                 '%(run)s).', {'host': host, 'run': run_id})
        return run_id
