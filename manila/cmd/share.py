"""manila-share: one child process per entry of enabled_share_backends.

The parent only supervises (cotyledon restarts a child that dies); each
child opens its own database pool and broker connection, so the parent
must not touch either before the children are forked.
"""

import sys

from oslo_config import cfg
from oslo_log import log

from manila.common import config
from manila import service

CONF = cfg.CONF
LOG = log.getLogger(__name__)


def main():
    config.parse_args(sys.argv)
    backends = [b for b in CONF.enabled_share_backends if b]
    if not backends:
        LOG.error('enabled_share_backends is empty: name the config '
                  'sections of the backends this node runs, e.g. '
                  '"enabled_share_backends = alpha,beta".')
        return 1
    LOG.info('Starting backends %s on host %s.', ', '.join(backends),
             CONF.host)
    service.run_backends(backends)
    return 0


if __name__ == '__main__':
    sys.exit(main())
