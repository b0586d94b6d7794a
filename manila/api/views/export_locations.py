"""Export locations as the export locations API (2.9+) shows them."""

import json


def _metadata(el):
    return json.loads(el.metadata_json) if el.metadata_json else {}


def summary(req, el):
    item = {'id': el.uuid, 'path': el.path}
    if req.api_version >= '2.14':
        item['preferred'] = el.preferred
    if req.context.is_admin:
        item['share_instance_id'] = el.share_instance_id
        item['is_admin_only'] = el.is_admin_only
    return item


def detail(req, el):
    item = summary(req, el)
    item['created_at'] = el.created_at
    item['updated_at'] = el.updated_at
    if req.api_version >= '2.87':
        item['metadata'] = _metadata(el)
    return {'export_location': item}


def detail_list(req, export_locations):
    items = []
    for el in export_locations:
        item = summary(req, el)
        if req.api_version >= '2.87':
            item['metadata'] = _metadata(el)
        items.append(item)
    return {'export_locations': items}
