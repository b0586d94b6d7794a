"""Per-backend configuration: the backend's section, then [backend_defaults].

Each entry of ``enabled_share_backends`` names a config section::

    [backend_defaults]
    nfs_export_options = rw,sync,no_subtree_check

    [alpha]
    share_driver = manila.share.drivers.local.LocalNFSDriver
    share_export_ips = 192.0.2.10

A driver reads ``self.configuration.share_export_ips``: the value set in
[alpha] if any, else the one in [backend_defaults], else the option's
default. Values are read from oslo.config at every access, so mutable
options changed by ``CONF.mutate_config_files()`` apply at once.
"""

import threading

from oslo_config import cfg

CONF = cfg.CONF

# manila-all builds its backends' drivers in parallel threads; option
# registration in the shared CONF is not meant to race.
_REGISTER_LOCK = threading.Lock()

SHARED_GROUP = 'backend_defaults'

share_opts = [
    cfg.StrOpt('share_driver',
               default='manila.share.drivers.dummy.DummyDriver',
               help='Import path of the driver class of this backend.'),
    cfg.StrOpt('share_backend_name',
               help='Name reported to placement; share types pin a '
                    'backend with the extra spec share_backend_name. '
                    'Defaults to the section name.'),
]

# Where a value counts as "not set here": the default of the option, or a
# default set by code.
_UNSET = (cfg.Locations.opt_default, cfg.Locations.set_default)


def _is_set(name, group):
    """True when ``name`` has a value of its own in ``group``."""
    # get_location() is None for an option without default nor value.
    info = CONF.get_location(name, group)
    if info is None or info.location in _UNSET:
        return False
    if info.location == cfg.Locations.set_override:
        # oslo.config keeps reporting set_override after clear_override().
        return 'override' in CONF._get_opt_info(name, group)
    return True


class Configuration:
    """Option access for one backend section with a shared fallback."""

    def __init__(self, opts, config_group=None):
        self.config_group = config_group
        self._opt_names = set()
        self.append_config_values(share_opts)
        self.append_config_values(opts)

    def append_config_values(self, opts):
        """Register ``opts`` in the backend section and [backend_defaults]."""
        with _REGISTER_LOCK:
            for group in (self.config_group, SHARED_GROUP):
                # Registering the same option object again is a no-op.
                CONF.register_opts(opts, group=group)
        self._opt_names.update(opt.dest for opt in opts)

    def safe_get(self, name):
        """The value of ``name``, or None if no such option is known."""
        try:
            return getattr(self, name)
        except (cfg.NoSuchOptError, AttributeError):
            return None

    def __getattr__(self, name):
        if name.startswith('_') or name == 'config_group':
            raise AttributeError(name)
        group = self.config_group
        if group is None or name not in self._opt_names:
            # Global options ([DEFAULT]) are readable too, e.g. state_path.
            return getattr(CONF, name)
        if not _is_set(name, group) and _is_set(name, SHARED_GROUP):
            return getattr(CONF[SHARED_GROUP], name)
        return getattr(CONF[group], name)


def list_opts():
    return [(SHARED_GROUP, share_opts)]
