"""Query-string helpers shared by the controllers."""

import ast

from manila.api.schemas import types
from manila import exception
from manila.i18n import _


def int_param(req, name):
    """A whole number 0..DB_INT_MAX from the query, or None when absent."""
    value = req.GET.get(name)
    if value in (None, ''):
        return None
    try:
        number = int(value)
    except ValueError:
        number = -1
    if not 0 <= number <= types.DB_INT_MAX:
        raise exception.InvalidInput(
            reason=_("%(name)s must be a whole number from 0 to %(max)d, "
                     "not '%(value)s'") % {'name': name, 'value': value,
                                           'max': types.DB_INT_MAX})
    return number


def dict_param(req, name):
    """A {key: value} filter as the clients send it ("{'k': 'v'}").

    python-manilaclient puts Python's repr of a dict in the query string;
    it is parsed as a literal, never evaluated.
    """
    value = req.GET.get(name)
    if value in (None, ''):
        return None
    try:
        parsed = ast.literal_eval(value)
    except (ValueError, SyntaxError):
        parsed = None
    if not isinstance(parsed, dict) or not all(
            isinstance(k, str) for k in parsed):
        raise exception.InvalidInput(
            reason=_("%(name)s must be a dictionary like {'key': 'value'}, "
                     "not '%(value)s'") % {'name': name, 'value': value})
    return {k: str(v) for k, v in parsed.items()}
