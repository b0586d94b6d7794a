"""Every option of the service, for oslo-config-generator.

Each component registers its options in its own module and exposes
``list_opts()``; add a module here when it gains options.
"""

import importlib
import itertools

_OPT_MODULES = (
    'manila.common.config',
    'manila.db.sqlalchemy.session',
    'manila.share.ensure',
    'manila.services.api',
    'manila.service',
    'manila.share.configuration',
    'manila.share.driver',
    'manila.share.drivers.dummy',
    'manila.share.drivers.local',
    'manila.api.app',
    'manila.api.server',
    'manila.share.share_types',
)


def list_opts():
    groups = {}
    for name in _OPT_MODULES:
        module = importlib.import_module(name)
        for group, opts in module.list_opts():
            groups.setdefault(group or 'DEFAULT', []).extend(opts)
    return [(group, list(itertools.chain(opts)))
            for group, opts in sorted(groups.items())]
