"""CORS from the service's own [cors] options (not a second config parse)."""

from oslo_config import cfg
from oslo_middleware import cors


def filter_factory(global_conf, **local_conf):
    """paste.deploy filter: oslo.middleware's CORS on manila's CONF."""
    def _filter(app):
        return cors.CORS(app, cfg.CONF)
    return _filter
