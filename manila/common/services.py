"""What every layer knows about services: the share binary and liveness.

The API (service list, ensure checks), placement and the service runner
all ask the same two questions, so the answers live here, below them all.
"""

from oslo_config import cfg
from oslo_utils import timeutils

CONF = cfg.CONF

# The binary (and RPC topic) of the per-backend share service.
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
