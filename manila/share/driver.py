"""The share driver contract: what a storage backend implements.

One driver object serves one backend (one section of the configuration,
one ``manila-share`` child process, service host ``host@backend``). The
share manager calls it; drivers never touch the database.

Dicts exchanged with drivers
----------------------------

Share dict (what every method receives as ``share``; built by
:func:`share_dict` only)::

    {"id": <share instance id>, "share_id": <share id>,
     "host": "host@backend#pool", "size": <GiB>, "share_proto": "NFS",
     "status": "available", "access_rules_status": "active",
     "name": "share-<share id>",
     "export_locations": [<export location dict>, ...]}

Export location dict::

    {"path": "192.0.2.10:/srv/alpha/share-1", "is_admin_only": False,
     "preferred": True, "metadata": {}}

Access rule dict::

    {"id": <rule id>, "access_type": "ip", "access_to": "10.0.0.0/24",
     "access_level": "rw" | "ro", "state": "applying"}

Options
-------

Drivers register their options with
``self.configuration.append_config_values(opts)`` and read them through
``self.configuration`` at every call: options marked ``mutable`` change
when an ensure run reloads the config files, so they must never be copied
into attributes in ``__init__``.

Options every driver shares are defined here, once: ``share_export_ips``
(the addresses clients mount from), read through
:meth:`ShareDriver.export_ips` so that each driver keeps a default of its
own while the option is unset.
"""

import dataclasses

from oslo_config import cfg

from manila.common import states
from manila.share import configuration as backend_config

driver_opts = [
    cfg.ListOpt('share_export_ips', mutable=True,
                help='Addresses NFS clients mount shares from; one export '
                     'location per address, the first preferred. Unset: '
                     '127.0.0.1 for the local driver, 198.51.100.10 (a '
                     'documentation address) for the dummy driver. An '
                     'ensure run applies a new value without restart.'),
]


class ShareDriver:
    """Base class of share drivers; the docstrings are the contract."""

    #: Drivers in this service never create share servers.
    driver_handles_share_servers = False

    #: Export addresses used while share_export_ips is unset.
    default_export_ips = ('127.0.0.1',)

    def __init__(self, configuration=None):
        self.configuration = (configuration
                              or backend_config.Configuration([]))
        self.configuration.append_config_values(driver_opts)

    def export_ips(self):
        """share_export_ips as set now, else this driver's default.

        Read at every call: the option is mutable.
        """
        return list(self.configuration.share_export_ips
                    or self.default_export_ips)

    @property
    def backend_name(self):
        """share_backend_name of this backend (the section name if unset)."""
        return (self.configuration.safe_get('share_backend_name')
                or self.configuration.config_group
                or type(self).__name__)

    def do_setup(self, context):
        """Prepare the backend once, when the service starts.

        Raise ManilaDriverException with an operator-readable reason when
        the backend cannot be used (the process then exits and is
        restarted by the service launcher).
        """

    def create_share(self, context, share):
        """Create the share on the backend.

        :returns: list of export location dicts (the first with
            ``preferred`` True is what clients should mount).
        """
        raise NotImplementedError()

    def delete_share(self, context, share):
        """Delete the share and its data; a missing share is not an error."""
        raise NotImplementedError()

    def update_access(self, context, share, access_rules, add_rules,
                      delete_rules):
        """Make the backend grant exactly ``access_rules``.

        :param access_rules: every rule the share should have (including
            the ones in ``add_rules``); a driver that renders full state
            can ignore the other two lists.
        :param add_rules: rules added since the last call.
        :param delete_rules: rules to remove.
        :returns: None when all rules applied, or
            ``{rule_id: {"state": "error"}}`` for rules the backend
            refused (e.g. an unsupported access type); rules not named
            become active.
        """
        raise NotImplementedError()

    def ensure_shares(self, context, shares):
        """Re-check many shares at once (the ensure-shares workflow).

        Called batch by batch with lists of share dicts. Return
        ``{share instance id: {"status": ..., "export_locations": [...],
        "metadata": {...}, "reapply_access_rules": bool}}`` for the shares
        that need a change; every key is optional and omitted ids mean
        "fine as is". ``status`` may be "available" or "error".
        ``reapply_access_rules`` True makes the service send all of the
        share's rules again through update_access.

        Raise NotImplementedError to get one ensure_share call per share
        instead; any other exception fails the whole run (every share
        returns to its previous status).
        """
        raise NotImplementedError()

    def ensure_share(self, context, share):
        """Re-check one share; returns the per-share dict or None."""
        return None

    def get_backend_info(self, context):
        """Dict of whatever shapes this backend's exports.

        Its hash is stored after each successful ensure run; at service
        start an ensure runs only when the hash changed. Include every
        option that changes export locations or access rendering.
        """
        return {}

    def get_share_stats(self, refresh=False):
        """Capacity and identity of the backend for placement.

        :returns: dict with at least share_backend_name,
            total_capacity_gb, free_capacity_gb,
            driver_handles_share_servers (False), storage_protocol and
            vendor_name/driver_version.
        """
        return {
            'share_backend_name': self.backend_name,
            'driver_handles_share_servers': False,
            'storage_protocol': 'NFS',
            'vendor_name': 'Open Source',
            'driver_version': '1.0',
            'total_capacity_gb': 0,
            'free_capacity_gb': 0,
        }


def export_location(path, preferred=False, is_admin_only=False,
                    metadata=None):
    """An export location dict in the form of the contract above."""
    return {'path': path, 'is_admin_only': is_admin_only,
            'preferred': preferred, 'metadata': dict(metadata or {})}


def share_name(share_id):
    """The name a backend gives the share (directory, export)."""
    return 'share-%s' % share_id


def share_dict(instance):
    """The share dict of the contract above, from a share instance row.

    ``instance`` is a mapping (a row of the database layer, plain or
    ORM) with the instance's ``id``, ``share_id``, ``host``, ``status``
    and ``access_rules_status``, its share's ``size`` and ``share_proto``,
    and ``export_locations``: mappings with at least ``path``,
    ``is_admin_only``, ``preferred`` and ``metadata`` (other keys, such as
    row ids, are not passed on).
    """
    return {
        'id': instance['id'],
        'share_id': instance['share_id'],
        'host': instance['host'],
        'size': instance['size'],
        'share_proto': instance['share_proto'],
        'status': instance['status'],
        'access_rules_status': instance['access_rules_status'],
        'name': share_name(instance['share_id']),
        'export_locations': [
            export_location(el['path'], preferred=bool(el['preferred']),
                            is_admin_only=bool(el['is_admin_only']),
                            metadata=el['metadata'])
            for el in instance['export_locations']],
    }


def locations_differ(current, wanted):
    """True when two lists of export location dicts differ (path-wise,
    including which one is preferred and which are admin-only)."""
    def key(locations):
        return sorted((el['path'], bool(el.get('preferred')),
                       bool(el.get('is_admin_only')))
                      for el in locations or [])
    return key(current) != key(wanted)


@dataclasses.dataclass
class BatchWrites:
    """What a driver's answer for one batch asks to write.

    Built by :func:`plan_writes` without the database; the ensure run
    writes it with one call (``db.ensure_write_results``).
    """

    #: {target status: [instance ids]} (empty when statuses are off)
    statuses: dict = dataclasses.field(default_factory=dict)
    #: {instance id: (export locations as read, the ones the driver wants)}
    export_locations: dict = dataclasses.field(default_factory=dict)
    #: {share id: {key: value}}
    metadata: dict = dataclasses.field(default_factory=dict)
    #: instance ids whose access rules are to be sent again
    reapply: list = dataclasses.field(default_factory=list)
    #: instance ids the driver reports in error
    errored: list = dataclasses.field(default_factory=list)
    #: {instance id: status} answers outside states.ENSURE_RESULTS
    ignored: dict = dataclasses.field(default_factory=dict)
    #: answers for instances not in the batch
    unknown: int = 0

    def touches_database(self):
        return bool(any(self.statuses.values()) or self.export_locations
                    or self.metadata)


def plan_writes(instances, answer, update_status=True):
    """Sort the driver's ``answer`` for ``instances`` into a BatchWrites.

    Every instance of the batch gets a status when ``update_status`` is
    on: 'available' unless the driver says 'error'.
    """
    writes = BatchWrites()
    if update_status:
        writes.statuses = {states.AVAILABLE: [], states.ERROR: []}
    known = set()
    for instance in instances:
        instance_id = instance['id']
        known.add(instance_id)
        changes = answer.get(instance_id) or {}
        status = changes.get('status')
        if status is not None and status not in states.ENSURE_RESULTS:
            writes.ignored[instance_id] = status
            status = None
        if status == states.ERROR:
            writes.errored.append(instance_id)
        if update_status:
            writes.statuses[status or states.AVAILABLE].append(instance_id)
        if changes.get('export_locations') is not None:
            writes.export_locations[instance_id] = (
                instance['export_locations'], changes['export_locations'])
        if changes.get('metadata'):
            writes.metadata[instance['share_id']] = changes['metadata']
        if changes.get('reapply_access_rules'):
            writes.reapply.append(instance_id)
    writes.unknown = len(set(answer) - known)
    return writes


def list_opts():
    # Listed under [backend_defaults]: each backend section takes them too.
    return [(backend_config.SHARED_GROUP, driver_opts)]
