"""The one reader of booleans from requests: query strings and bodies.

Clients send ``True``, ``true``, ``1``, ``yes``, ``on`` and their opposites
(python-manilaclient capitalises them); oslo's strict parser takes every
spelling and anything else is a 400 naming the parameter.
"""

from oslo_utils import strutils

from manila import exception
from manila.i18n import _


def parse(value, name, default=False):
    """``value`` as a bool; ``default`` when it is None.

    Raises InvalidInput (400) naming ``name`` for a value that is no
    boolean, e.g. ``is_public=perhaps``.
    """
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    try:
        return strutils.bool_from_string(value, strict=True)
    except ValueError:
        raise exception.InvalidInput(
            reason=_("%(name)s must be true or false, not '%(value)s'")
            % {'name': name, 'value': value})


def parse_lenient(value):
    """``value`` as a bool where anything unknown means False.

    Only for parameters that were lenient from the start (``with_count``)
    and must stay so for clients that send other words.
    """
    return strutils.bool_from_string(value, strict=False)
