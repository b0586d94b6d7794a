"""Bodies of the shares API and its actions."""

from manila.api.schemas import types

_nullable_id = {'type': ['string', 'null'], 'maxLength': 255}

create = {
    'type': 'object',
    'properties': {
        'share': {
            'type': 'object',
            'properties': {
                'share_proto': {'type': 'string', 'minLength': 1,
                                'maxLength': 255},
                'size': types.positive_int(
                    description_on_error='must be a whole number of GiB, '
                                         'at least 1 and at most %d'
                                         % types.DB_INT_MAX),
                'name': types.name,
                'display_name': types.name,
                'description': types.description,
                'display_description': types.description,
                'metadata': types.metadata,
                'share_type': _nullable_id,
                'volume_type': _nullable_id,
                'is_public': types.nullable_boolean,
                'availability_zone': _nullable_id,
                # Features this service does not have: accepted only empty,
                # the controller says why otherwise.
                'snapshot_id': _nullable_id,
                'share_network_id': _nullable_id,
                'share_group_id': _nullable_id,
                'consistency_group_id': _nullable_id,
                'source_share_group_snapshot_member_id': _nullable_id,
                'scheduler_hints': {'type': ['object', 'null']},
                'mount_point_name': _nullable_id,
                'encryption_key_ref': _nullable_id,
            },
            'required': ['share_proto', 'size'],
            'additionalProperties': False,
        },
    },
    'required': ['share'],
    'additionalProperties': False,
}

update = {
    'type': 'object',
    'properties': {
        'share': {
            'type': 'object',
            'properties': {
                'name': types.name,
                'display_name': types.name,
                'description': types.description,
                'display_description': types.description,
                'is_public': types.boolean,
            },
            'minProperties': 1,
            'additionalProperties': False,
        },
    },
    'required': ['share'],
    'additionalProperties': False,
}

allow_access = {
    'type': 'object',
    'properties': {
        'allow_access': {
            'type': 'object',
            'properties': {
                'access_type': {'type': 'string', 'minLength': 1,
                                'maxLength': 255},
                'access_to': {'type': 'string', 'minLength': 1,
                              'maxLength': 255},
                'access_level': {'type': ['string', 'null'],
                                 'enum': ['rw', 'ro', None]},
                'metadata': types.metadata,
                'lock_visibility': types.nullable_boolean,
                'lock_deletion': types.nullable_boolean,
                'lock_reason': {'type': ['string', 'null'],
                                'maxLength': 1023},
            },
            'required': ['access_type', 'access_to'],
            'additionalProperties': False,
        },
    },
    'required': ['allow_access'],
    'additionalProperties': False,
}

deny_access = {
    'type': 'object',
    'properties': {
        'deny_access': {
            'type': 'object',
            'properties': {
                'access_id': {'type': 'string', 'minLength': 1,
                              'maxLength': 36},
                'unrestrict': types.nullable_boolean,
            },
            'required': ['access_id'],
            'additionalProperties': False,
        },
    },
    'required': ['deny_access'],
    'additionalProperties': False,
}

access_list = {
    'type': 'object',
    'properties': {
        'access_list': {'type': ['object', 'null'], 'maxProperties': 0},
    },
    'required': ['access_list'],
    'additionalProperties': False,
}

reset_task_state = {
    'type': 'object',
    'properties': {
        'reset_task_state': {
            'type': 'object',
            'properties': {
                'task_state': {
                    'type': 'null',
                    'description_on_error': 'only null (no task) exists '
                                            'in this service',
                },
            },
            'required': ['task_state'],
            'additionalProperties': False,
        },
    },
    'required': ['reset_task_state'],
    'additionalProperties': False,
}

metadata = {
    'type': 'object',
    'properties': {
        'metadata': dict(types.metadata, type='object'),
    },
    'required': ['metadata'],
    'additionalProperties': False,
}

meta_item = {
    'type': 'object',
    'properties': {
        'meta': dict(types.metadata, type='object', minProperties=1,
                     maxProperties=1),
    },
    'required': ['meta'],
    'additionalProperties': False,
}
