"""Small helpers shared by the query modules."""

import json

from oslo_utils import uuidutils


def new_id():
    return uuidutils.generate_uuid()


def dump_json(value):
    """Canonical JSON text of a dict (sorted keys) or None for empty."""
    return json.dumps(value, sort_keys=True) if value else None


def chunks(items, size):
    """Yield lists of at most ``size`` items (for bounded IN lists)."""
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start:start + size]
