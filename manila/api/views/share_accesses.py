"""Access rules as the access APIs show them, per microversion."""

import json

# Before 2.28 clients knew only new/active/error/deleting.
_LEGACY_STATES = {
    'queued_to_apply': 'new',
    'applying': 'new',
    'queued_to_deny': 'active',
    'denying': 'active',
}


def metadata_of(rule):
    return json.loads(rule.metadata_json) if rule.metadata_json else {}


def view(req, rule, with_share_id=True):
    version = req.api_version
    state = rule.state
    if version < '2.28':
        state = _LEGACY_STATES.get(state, state)
    item = {
        'id': rule.id,
        'access_level': rule.access_level,
        'access_to': rule.access_to,
        'access_type': rule.access_type,
        'state': state,
    }
    if with_share_id:
        item['share_id'] = rule.share_id
    if version >= '2.21':
        item['access_key'] = rule.access_key
    if version >= '2.33':
        item['created_at'] = rule.created_at
        item['updated_at'] = rule.updated_at
    if version >= '2.45':
        item['metadata'] = metadata_of(rule)
    return item


def list_view(req, rules):
    return {'access_list': [view(req, r, with_share_id=False)
                            for r in rules]}
