"""Service-level reads of the ensure-run record, for the API.

Policy is the API layer's business; this module only fetches.
"""

from manila.common import limits
from manila.db import api as db
from manila import exception


class API:
    """What the ensure-runs controller calls; no HTTP here."""

    def get(self, context, run_id):
        """The run with id ``run_id``; EnsureRunNotFound (404) otherwise.

        Run ids are whole numbers; anything else cannot name a run.
        """
        try:
            number = int(run_id)
        except (TypeError, ValueError):
            raise exception.EnsureRunNotFound(run_id=run_id)
        if not 1 <= number <= limits.SQL_INTEGER_MAX or (
                str(number) != str(run_id).strip()):
            raise exception.EnsureRunNotFound(run_id=run_id)
        return db.ensure_run_get(context, number)

    def get_all(self, context, host=None, status=None, limit=None,
                marker=None):
        """Runs newest first; ``marker`` is the id of the previous page's
        last run, which must exist (InvalidInput otherwise)."""
        if marker is not None:
            try:
                db.ensure_run_get(context, marker)
            except exception.EnsureRunNotFound:
                raise exception.InvalidInput(
                    reason='marker %s is not the id of a kept ensure run; '
                           'start again without a marker' % marker)
        return db.ensure_run_get_all(context, host=host, status=status,
                                     limit=limit, marker=marker)
