"""Request body validation with jsonschema, with messages that name the field.
"""

import jsonschema

from manila import exception
from manila.i18n import _


def _field_path(error):
    return '.'.join(str(p) for p in error.absolute_path) or _('(body)')


def _best_error(errors):
    # The deepest error says most about what is wrong (e.g. "share.size is
    # not an integer" rather than "share is not valid").
    return max(errors, key=lambda e: len(e.absolute_path))


def _description(error):
    # A schema may word its own error ('must be true or false') where
    # jsonschema's would list every alternative it tried.
    # Missing or unexpected keys keep jsonschema's message, which names
    # the key.
    if error.validator in ('required', 'additionalProperties'):
        return None
    if isinstance(error.schema, dict) and error.schema.get(
            'description_on_error'):
        return error.schema['description_on_error']
    if error.validator == 'maxLength' and isinstance(error.instance, str):
        # jsonschema would repeat the whole (long) value.
        return _('%(len)d characters long; at most %(max)d allowed') % {
            'len': len(error.instance), 'max': error.validator_value}
    return None


def validate(schema, body):
    """Raise InvalidInput (400) naming the field when ``body`` misfits."""
    validator = jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    errors = list(validator.iter_errors(body))
    if not errors:
        return
    error = _best_error(errors)
    message = _description(error)
    if not message and error.validator in ('oneOf', 'anyOf') and (
            error.context):
        error = _best_error(error.context)
        message = _description(error)
    raise exception.InvalidInput(reason=_(
        "field '%(field)s': %(problem)s") % {
            'field': _field_path(error),
            'problem': message or error.message})
