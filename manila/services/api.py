"""Service-level operations: asking one backend to ensure its shares."""

from oslo_config import cfg
from oslo_log import log
import oslo_messaging as messaging
from oslo_utils import excutils
from oslo_utils import timeutils

from manila.db import api as db
from manila import exception
from manila.share import rpcapi

LOG = log.getLogger(__name__)
CONF = cfg.CONF

SHARE_BINARY = 'manila-share'


def service_is_up(service):
    """True when the service's last heartbeat is within service_down_time."""
    heartbeat = service['heartbeat_at']
    if heartbeat is None:
        return False
    if heartbeat.tzinfo is not None:
        heartbeat = timeutils.normalize_time(heartbeat)
    age = timeutils.utcnow() - heartbeat
    return age.total_seconds() <= CONF.service_down_time


class API(rpcapi.ShareRPCClientMixin):
    """What the services controller calls; no HTTP here."""

    def ensure_shares(self, context, host):
        """Ask backend ``host`` ('host@backend') to ensure all its shares.

        Checks, in this order: a manila-share service on that host (else
        ShareServiceNotFound, 404), up (ServiceIsDown, 409), enabled
        (ServiceIsDisabled, 409), not already ensuring: the claim is one
        compare-and-set (EnsureAlreadyRunning, 409). Then one RPC cast to
        that backend only; when it cannot be sent the claim is released
        and MessagingUnavailable (503) raised, so a retry can succeed.
        """
        try:
            service = db.service_get_by_args(context, host, SHARE_BINARY)
        except exception.NotFound:
            raise exception.ShareServiceNotFound(host=host)
        if not service_is_up(service):
            raise exception.ServiceIsDown(host=host)
        if service['disabled']:
            raise exception.ServiceIsDisabled(host=host)
        if not db.service_claim_ensuring(context, service['id']):
            raise exception.EnsureAlreadyRunning(host=host)
        try:
            self.share_rpcapi.ensure_shares(context, host)
        except messaging.MessagingException as exc:
            LOG.error('Could not ask %(host)s to ensure its shares: '
                      '%(error)s. Released its ensuring flag.',
                      {'host': host, 'error': str(exc) or type(exc).__name__})
            self._release(context, service)
            raise exception.MessagingUnavailable(host=host)
        except Exception:
            # Not a broker problem (a bug): still never leave the flag set
            # with no run coming to clear it.
            with excutils.save_and_reraise_exception():
                self._release(context, service)
        LOG.info('Asked %s to ensure its shares.', host)

    @staticmethod
    def _release(context, service):
        try:
            db.service_release_ensuring(context, service['id'])
        except Exception:
            LOG.exception('Could not release the ensuring flag of %s; '
                          'restarting its manila-share service clears it.',
                          service['host'])
