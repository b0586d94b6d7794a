"""Bodies of the share types API."""

from manila.api.schemas import types

_spec_value = {'type': ['string', 'boolean'], 'maxLength': 255}

_share_type = {
    'type': 'object',
    'properties': {
        'name': types.non_empty_string,
        'description': types.description,
        'extra_specs': {
            'type': 'object',
            'propertyNames': {'type': 'string', 'minLength': 1,
                              'maxLength': 255},
            'additionalProperties': _spec_value,
        },
        'share_type_access:is_public': types.boolean,
        'os-share-type-access:is_public': types.boolean,
    },
    'required': ['name', 'extra_specs'],
    'additionalProperties': False,
}

create = {
    'type': 'object',
    'properties': {
        'share_type': _share_type,
        'volume_type': _share_type,
    },
    'minProperties': 1,
    'maxProperties': 1,
    'additionalProperties': False,
    'description_on_error': 'the body must be {"share_type": {"name": ..., '
                            '"extra_specs": {...}}}',
}
