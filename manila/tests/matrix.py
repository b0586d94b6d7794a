"""Helpers of the who-may-do-what tables (unit and functional tests).

A row is (method, path, body, microversion, {caller: status}); paths and
bodies name resources as ``{share}``, filled in per request.
"""


def statuses(columns, *values):
    """{caller: status} for the callers ``columns``, in that order."""
    if len(columns) != len(values):
        raise ValueError('%d statuses for %d callers'
                         % (len(values), len(columns)))
    return dict(zip(columns, values))


def fill(value, refs):
    """``value`` (str, dict or other) with ``{name}`` replaced from refs."""
    if isinstance(value, str):
        return value.format(**refs)
    if isinstance(value, dict):
        return {fill(k, refs): fill(v, refs) for k, v in value.items()}
    return value
