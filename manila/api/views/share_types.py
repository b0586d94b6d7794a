"""Share types as the types API shows them, per microversion."""

from manila import policy
from manila.share import share_types as types_lib


def view(req, share_type, default_id=None):
    version = req.api_version
    specs = types_lib.extra_specs_of(share_type)
    if not policy.authorize(req.context, 'share_type:show_backend_specs',
                            do_raise=False):
        specs = {k: v for k, v in specs.items()
                 if k in types_lib.TENANT_VISIBLE_SPECS}
    required = {k: v for k, v in specs.items()
                if k in types_lib.REQUIRED_SPECS}
    item = {
        'id': share_type.id,
        'name': share_type.name,
        'extra_specs': specs,
        'required_extra_specs': required,
        'share_type_access:is_public': share_type.is_public,
    }
    if version < '2.7':
        item['os-share-type-access:is_public'] = item.pop(
            'share_type_access:is_public')
    if version >= '2.41':
        item['description'] = share_type.description
    if version >= '2.46':
        item['is_default'] = share_type.id == default_id
    return item


def show(req, share_type, default_id=None):
    item = view(req, share_type, default_id)
    return {'share_type': item, 'volume_type': item}


def index(req, share_types, default_id=None):
    items = [view(req, t, default_id) for t in share_types]
    return {'share_types': items, 'volume_types': items}
