"""The share manager: RPC endpoints of one backend, each a few lines.

One ShareManager serves one backend (host 'host@backend'). Long workflows
live in their own modules: access rules in manila/share/access.py, the
ensure-shares run in manila/share/ensure.py.
"""

from oslo_config import cfg
from oslo_log import log
import oslo_messaging as messaging
from oslo_utils import importutils
from oslo_utils import timeutils

from manila.common import states
from manila.db import api as db
from manila import exception
from manila import rpc
from manila.share import access
from manila.share import configuration as backend_config
from manila.share import ensure
from manila.share import driver as share_driver
from manila.share import user_messages

LOG = log.getLogger(__name__)
CONF = cfg.CONF


def _gb(value):
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        return 0.0


class ShareManager:
    """Receives the casts of manila.share.rpcapi.ShareAPI for one backend."""

    RPC_API_VERSION = '1.2'
    target = messaging.Target(version=RPC_API_VERSION)

    def __init__(self, backend_name, host=None):
        self.backend_name = backend_name
        self.host = host or '%s@%s' % (CONF.host, backend_name)
        self.configuration = backend_config.Configuration(
            [], config_group=backend_name)
        self.driver = importutils.import_object(
            self.configuration.share_driver,
            configuration=self.configuration)
        self.notifier = rpc.get_notifier('share.' + self.host)
        self.access = access.ShareInstanceAccess(self.driver)

    def init_host(self, context):
        """Set up the driver, repair what a crash left, ensure if needed."""
        self.prepare_host(context)
        self.ensure_at_startup(context)

    def prepare_host(self, context):
        """First half of init_host: driver setup, then crash recovery.

        The service runner serves RPC between the two halves, so a long
        start-up ensure does not hold up requests for other shares.
        """
        self.driver.do_setup(context)
        ensure.recover_interrupted(context, self.host)

    def ensure_at_startup(self, context):
        """Second half of init_host: ensure if the backend info changed."""
        ensure.ensure_at_startup(context, self.host, self.driver,
                                 self.notifier, self.access)

    def get_capabilities(self, context):
        """Driver stats plus what this service knows: the capabilities
        written to the services row at every heartbeat.

        allocated_capacity_gb is what Manila placed here (the sizes of
        the backend's shares in the database); provisioned_capacity_gb is
        what the driver says the backend holds, at least that. Unless the
        driver reports thin_provisioning, free capacity never exceeds the
        total minus the larger of the two: a driver that does not know
        its shares yet (the dummy driver after a restart) still counts
        them.
        """
        stats = dict(self.driver.get_share_stats(refresh=True))
        allocated = float(db.share_allocated_gb(context, self.host))
        total = _gb(stats.get('total_capacity_gb'))
        free = _gb(stats.get('free_capacity_gb'))
        provisioned = max(_gb(stats.get('provisioned_capacity_gb')),
                          allocated)
        stats['allocated_capacity_gb'] = round(allocated, 2)
        stats['provisioned_capacity_gb'] = round(provisioned, 2)
        if not stats.get('thin_provisioning'):
            free = min(free, total - provisioned)
        stats['free_capacity_gb'] = round(max(0.0, free), 2)
        stats['timestamp'] = timeutils.utcnow().isoformat()
        stats.setdefault('share_backend_name', self.driver.backend_name)
        return stats

    # -- RPC endpoints -------------------------------------------------

    def create_share_instance(self, context, share_instance_id):
        instance = db.share_instance_get(context, share_instance_id)
        try:
            locations = self.driver.create_share(
                context, share_driver.share_dict(instance))
        except Exception as exc:
            LOG.exception('Driver of %s failed to create share instance %s.',
                          self.host, share_instance_id)
            db.share_instance_update(context, share_instance_id,
                                     {'status': states.ERROR})
            user_messages.record(
                context, instance.share, user_messages.ACTION_CREATE,
                user_messages.DETAIL_DRIVER_FAILED,
                'create: the backend %s could not create the share (%s); '
                'delete it and retry, or ask an administrator'
                % (self.host, exc))
            return
        db.export_locations_replace(context, share_instance_id,
                                    locations or [])
        db.share_instance_update(context, share_instance_id,
                                 {'status': states.AVAILABLE,
                                  'launched_at': timeutils.utcnow()})
        LOG.info('Share instance %s is available on %s.',
                 share_instance_id, self.host)

    def delete_share_instance(self, context, share_instance_id,
                              force=False):
        try:
            instance = db.share_instance_get(context, share_instance_id)
        except exception.ShareInstanceNotFound:
            LOG.info('Share instance %s is already gone.', share_instance_id)
            return
        try:
            self.driver.delete_share(context,
                                     share_driver.share_dict(instance))
        except Exception:
            if not force:
                LOG.exception('Driver of %s failed to delete share instance '
                              '%s.', self.host, share_instance_id)
                db.share_instance_update(context, share_instance_id,
                                         {'status': states.ERROR_DELETING})
                return
            LOG.exception('Driver of %s failed to delete share instance %s; '
                          'the delete is forced, so its rows are deleted '
                          'anyway. Clean up the backend by hand.',
                          self.host, share_instance_id)
        db.share_delete(context, instance.share_id)
        LOG.info('Share %s is deleted from %s.', instance.share_id,
                 self.host)

    def update_access(self, context, share_instance_id):
        self.access.update_access(context, share_instance_id)

    def ensure_shares(self, context, run_id=None):
        ensure.run_requested(context, self.host, self.driver,
                             self.notifier, self.access, run_id=run_id)
