"""Building blocks of the request schemas."""

from manila.common import limits

# The bound of every whole number the API stores, so that an out-of-range
# value is a 400 here and never an overflow in the database driver.
DB_INT_MAX = limits.SQL_INTEGER_MAX


def _decimal_at_most(limit):
    """A regex of the decimal numbers 1..``limit`` without leading zeros.
    """
    digits = str(limit)
    width = len(digits)
    parts = []
    if width > 1:
        # Every number with fewer digits.
        parts.append('[1-9][0-9]{0,%d}' % (width - 2))
    for i, digit in enumerate(digits):
        low = '1' if i == 0 else '0'
        if digit > low:
            # Same prefix, a smaller digit here, anything after.
            high = chr(ord(digit) - 1)
            parts.append('%s[%s-%s][0-9]{%d}' % (
                digits[:i], low, high, width - i - 1))
    parts.append(digits)
    return '^(%s)$' % '|'.join(parts)


def positive_int(maximum=DB_INT_MAX, description_on_error=None):
    """A whole number 1..maximum, as a JSON integer or a decimal string
    (Manila accepts both)."""
    return {
        'oneOf': [
            {'type': 'integer', 'minimum': 1, 'maximum': maximum},
            {'type': 'string', 'pattern': _decimal_at_most(maximum)},
        ],
        'description_on_error': description_on_error or (
            'must be a whole number from 1 to %d' % maximum),
    }


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
