"""DummyDriver: a backend without storage, for scale and fault tests.

Shares exist only in the database; export locations are computed from
share_export_ips (unset: 198.51.100.10, a documentation address). The
mutable options dummy_ensure_delay and dummy_ensure_fail make slow and
failing ensure runs reproducible: edit them in the config file and ask
for an ensure, no restart needed.
"""

import time

from oslo_config import cfg
from oslo_log import log

from manila import exception
from manila.i18n import _
from manila.share import driver

LOG = log.getLogger(__name__)

dummy_opts = [
    cfg.FloatOpt('dummy_ensure_delay', default=0.0, min=0.0, mutable=True,
                 help='Seconds ensure_shares sleeps for each batch, to '
                      'make an ensure run slow on purpose.'),
    cfg.BoolOpt('dummy_ensure_fail', default=False, mutable=True,
                help='Make ensure_shares raise, to test the recovery of a '
                     'failed ensure run.'),
    cfg.IntOpt('dummy_capacity_gb', default=1000000, min=1,
               help='Capacity in GiB reported to placement.'),
]


class DummyDriver(driver.ShareDriver):
    """Computes everything, stores nothing."""

    default_export_ips = ('198.51.100.10',)

    def __init__(self, configuration=None):
        super().__init__(configuration)
        self.configuration.append_config_values(dummy_opts)

    def _export_locations(self, share):
        return [driver.export_location(
                    '%s:/dummy/share-%s' % (ip, share['share_id']),
                    preferred=(index == 0))
                for index, ip in enumerate(self.export_ips())]

    def create_share(self, context, share):
        return self._export_locations(share)

    def delete_share(self, context, share):
        pass

    def update_access(self, context, share, access_rules, add_rules,
                      delete_rules):
        return None

    def ensure_shares(self, context, shares):
        delay = self.configuration.dummy_ensure_delay
        if delay:
            time.sleep(delay)
        if self.configuration.dummy_ensure_fail:
            raise exception.ManilaDriverException(reason=_(
                'dummy_ensure_fail is set in [%s]; set it to false to let '
                'ensure runs succeed.') % self.configuration.config_group)
        updates = {}
        for share in shares:
            wanted = self._export_locations(share)
            if driver.locations_differ(share.get('export_locations'),
                                       wanted):
                updates[share['id']] = {'export_locations': wanted}
        return updates

    def ensure_share(self, context, share):
        return self.ensure_shares(context, [share]).get(share['id'])

    def get_backend_info(self, context):
        return {'share_export_ips': ','.join(self.export_ips())}

    def get_share_stats(self, refresh=False):
        stats = super().get_share_stats(refresh)
        capacity = self.configuration.dummy_capacity_gb
        stats.update({'total_capacity_gb': capacity,
                      'free_capacity_gb': capacity})
        return stats


def list_opts():
    # Listed under [backend_defaults]: each backend section takes them too.
    return [('backend_defaults', dummy_opts)]
