"""Building blocks of the request schemas."""

name = {'type': ['string', 'null'], 'maxLength': 255}
description = {'type': ['string', 'null'], 'maxLength': 255}
non_empty_string = {'type': 'string', 'minLength': 1, 'maxLength': 255}

# Manila accepts booleans and their usual spellings in bodies.
boolean = {
    'oneOf': [
        {'type': 'boolean'},
        {'type': 'string',
         'enum': ['true', 'True', 'TRUE', 'false', 'False', 'FALSE',
                  '1', '0', 'yes', 'no', 'on', 'off']},
    ],
    'description_on_error': 'must be true or false',
}
nullable_boolean = {
    'oneOf': [{'type': 'null'}] + boolean['oneOf'],
    'description_on_error': 'must be true or false',
}

metadata = {
    'type': ['object', 'null'],
    'propertyNames': {'type': 'string', 'minLength': 1, 'maxLength': 255},
    'additionalProperties': {'type': 'string', 'maxLength': 1023},
}

# A host@backend name: no whitespace.
host = {'type': 'string', 'minLength': 1, 'maxLength': 255,
        'pattern': r'^\S+$',
        'description_on_error': 'must be a non-empty host name '
                                '(host@backend) of at most 255 characters '
                                'without whitespace'}
