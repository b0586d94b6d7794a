"""Share instances as the share instances API (2.3+) shows them.

The fields follow Manila's, with the version that added each; the ones
of features this service has not (share servers and networks, replicas)
are there with their empty values, as the clients print them.
"""


def _links(req, instance_id):
    base = req.application_url.rstrip('/')
    root = base.rsplit('/v2', 1)[0]
    path = '%s/share_instances/%s' % (req.context.project_id, instance_id)
    return [{'rel': 'self', 'href': '%s/%s' % (base, path)},
            {'rel': 'bookmark', 'href': '%s/%s' % (root, path)}]


def _item(req, instance):
    version = req.api_version
    item = {
        'id': instance.id,
        'share_id': instance.share_id,
        'availability_zone': instance.availability_zone,
        'created_at': instance.created_at,
        'host': instance.host,
        'status': instance.status,
        'share_network_id': None,
        'share_server_id': None,
        'links': _links(req, instance.id),
    }
    if version < '2.9':
        paths = [el.path for el in instance.export_locations]
        item['export_locations'] = paths
        item['export_location'] = paths[0] if paths else None
    if version >= '2.10':
        item['access_rules_status'] = instance.access_rules_status
    if version >= '2.11':
        item['replica_state'] = None
    if version >= '2.22':
        item['share_type_id'] = instance.share_type_id
    if version >= '2.30':
        item['cast_rules_to_readonly'] = False
    if version >= '2.54':
        item['progress'] = '100%' if instance.status == 'available' else None
    if version >= '2.71':
        item['updated_at'] = instance.updated_at
    return item


def detail(req, instance):
    return {'share_instance': _item(req, instance)}


def detail_list(req, instances):
    return {'share_instances': [_item(req, i) for i in instances]}
