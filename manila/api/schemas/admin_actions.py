"""Bodies of the administrators' repair actions (reset_status,
force_delete) on shares, share instances and access rules, under both of
Manila's names (``os-`` prefixed up to microversion 2.6)."""


def reset_status(action, statuses):
    """``{action: {"status": one of statuses}}``."""
    return {
        'type': 'object',
        'properties': {
            action: {
                'type': 'object',
                'properties': {
                    'status': {
                        'type': 'string', 'enum': list(statuses),
                        'description_on_error': 'must be one of %s'
                                                % ', '.join(statuses),
                    },
                },
                'required': ['status'],
                'additionalProperties': False,
            },
        },
        'required': [action],
        'additionalProperties': False,
    }


def force_delete(action):
    """``{action: null}`` (what the clients send), or an empty object."""
    return {
        'type': 'object',
        'properties': {
            action: {'type': ['null', 'object'], 'maxProperties': 0},
        },
        'required': [action],
        'additionalProperties': False,
    }
