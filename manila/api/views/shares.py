"""Shares as the shares API shows them, per microversion.

The field history follows Manila's: export locations are part of the
share until 2.8 (then a resource of their own), share_type is the name
until 2.5 and the id from 2.6 (with share_type_name), and so on; the
version that added each field is next to it.
"""


def _links(req, share_id):
    base = req.application_url.rstrip('/')
    root = base.rsplit('/v2', 1)[0]
    path = '%s/shares/%s' % (req.context.project_id, share_id)
    return [{'rel': 'self', 'href': '%s/%s' % (base, path)},
            {'rel': 'bookmark', 'href': '%s/%s' % (root, path)}]


def summary(req, share):
    return {'id': share.id, 'name': share.display_name,
            'links': _links(req, share.id)}


def _type_name(share, share_types):
    stype = share_types.get(share.share_type_id)
    return stype.name if stype is not None else None


# The microversions at which a field appears or changes.
_CHANGES = ('2.2', '2.5', '2.6', '2.9', '2.10', '2.11', '2.16', '2.24',
            '2.27', '2.28', '2.31', '2.32', '2.54', '2.69', '2.80', '2.84',
            '2.90')


def _reached(version):
    """{microversion: whether ``version`` is at or past it}, once a
    request rather than a dozen comparisons a share."""
    return {change: version >= change for change in _CHANGES}


def detail(req, share, share_types, at=None):
    """The full share; ``share_types`` maps type ids to types; ``at`` is
    _reached(req.api_version), when the caller already has it."""
    if at is None:
        at = _reached(req.api_version)
    context = req.context
    instance = share.instance
    status = instance.status if instance else None
    type_name = _type_name(share, share_types)
    item = {
        'id': share.id,
        'size': share.size,
        'availability_zone': share.availability_zone,
        'created_at': share.created_at,
        'status': status,
        'name': share.display_name,
        'description': share.display_description,
        'project_id': share.project_id,
        'snapshot_id': None,
        'share_network_id': None,
        'share_proto': share.share_proto,
        'metadata': {m.key: m.value for m in share.share_metadata},
        'share_type': type_name,
        'volume_type': type_name,
        'links': _links(req, share.id),
        'is_public': share.is_public,
    }
    if context.is_admin:
        item['host'] = instance.host if instance else None
        item['share_server_id'] = None
    if not at['2.9']:
        paths = [el.path for el in (instance.export_locations
                                    if instance else [])
                 if context.is_admin or not el.is_admin_only]
        item['export_locations'] = paths
        item['export_location'] = paths[0] if paths else None
    if at['2.2']:
        item['snapshot_support'] = False
    if at['2.5']:
        item['task_state'] = instance.task_state if instance else None
    if at['2.6']:
        item['share_type'] = share.share_type_id
        item['share_type_name'] = type_name
    if at['2.10']:
        access_status = instance.access_rules_status if instance else None
        if not at['2.28'] and access_status == 'syncing':
            access_status = 'out_of_sync'
        item['access_rules_status'] = access_status
    if at['2.11']:
        item['replication_type'] = None
        item['has_replicas'] = False
    if at['2.16']:
        item['user_id'] = share.user_id
    if at['2.24']:
        item['create_share_from_snapshot_support'] = False
    if at['2.27']:
        item['revert_to_snapshot_support'] = False
    if at['2.31']:
        item['share_group_id'] = None
        item['source_share_group_snapshot_member_id'] = None
    if at['2.32']:
        item['mount_snapshot_support'] = False
    if at['2.54']:
        item['progress'] = '100%' if status == 'available' else (
            '0%' if status == 'creating' else None)
    if at['2.69']:
        item['is_soft_deleted'] = bool(share.is_soft_deleted)
        item['scheduled_to_be_deleted_at'] = share.scheduled_to_be_deleted_at
    if at['2.80']:
        item['source_backup_id'] = None
    if at['2.84']:
        item['mount_point_name'] = None
    if at['2.90']:
        item['encryption_key_ref'] = None
    return item


def detail_list(req, shares, share_types):
    at = _reached(req.api_version)
    return {'shares': [detail(req, s, share_types, at) for s in shares]}


def summary_list(req, shares):
    return {'shares': [summary(req, s) for s in shares]}
