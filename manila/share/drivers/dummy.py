"""DummyDriver: a backend without storage, for scale and fault tests.

Shares exist only in the database; export locations are computed from
share_export_ips (unset: 198.51.100.10, a documentation address). The
mutable options dummy_ensure_delay and dummy_ensure_fail make slow and
failing ensure runs reproducible: edit them in the config file and ask
for an ensure, no restart needed.

Capacity: dummy_capacity_gb, less the sizes of the shares this process
was handed (created, or seen by an ensure run; deleted ones leave). After
a restart it knows only those it is handed again; the share manager
still counts every share Manila placed on the backend.
"""

import threading
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
        # {share instance id: size in GiB} of the shares it was handed.
        self._sizes = {}
        self._sizes_lock = threading.Lock()

    def _hold(self, shares):
        with self._sizes_lock:
            for share in shares:
                self._sizes[share['id']] = float(share.get('size') or 0)

    def _export_locations(self, share):
        return [driver.export_location(
                    '%s:/dummy/share-%s' % (ip, share['share_id']),
                    preferred=(index == 0))
                for index, ip in enumerate(self.export_ips())]

    def create_share(self, context, share):
        self._hold([share])
        return self._export_locations(share)

    def delete_share(self, context, share):
        with self._sizes_lock:
            self._sizes.pop(share['id'], None)

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
        self._hold(shares)
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
        with self._sizes_lock:
            held = sum(self._sizes.values())
        stats.update({'total_capacity_gb': capacity,
                      'free_capacity_gb': round(max(0.0, capacity - held),
                                                2),
                      'allocated_capacity_gb': round(held, 2),
                      'provisioned_capacity_gb': round(held, 2)})
        return stats


def list_opts():
    # Listed under [backend_defaults]: each backend section takes them too.
    return [('backend_defaults', dummy_opts)]
