"""Bodies of the services API."""

from manila.api.schemas import types

enable_disable = {
    'type': 'object',
    'properties': {
        'host': types.host,
        'binary': types.non_empty_string,
        'disabled_reason': {'type': ['string', 'null'], 'maxLength': 255},
    },
    'required': ['host', 'binary'],
    'additionalProperties': False,
}

_ensure_body = {
    'type': 'object',
    'properties': {'host': types.host},
    'required': ['host'],
    'additionalProperties': False,
}

# {"host": "h@b"} (this service's and manilaclient's form) or upstream's
# wrapped {"ensure_shares": {"host": "h@b"}}.
ensure_shares = {
    'type': 'object',
    'properties': {
        'host': types.host,
        'ensure_shares': _ensure_body,
    },
    'oneOf': [
        {'required': ['host'], 'not': {'required': ['ensure_shares']}},
        {'required': ['ensure_shares'], 'not': {'required': ['host']}},
    ],
    'additionalProperties': False,
    'description_on_error': 'the body must be {"host": "<host@backend>"} '
                            'or {"ensure_shares": {"host": '
                            '"<host@backend>"}}',
}
