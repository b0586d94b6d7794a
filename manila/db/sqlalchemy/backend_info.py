"""Per-backend hash of the driver's backend info (decides startup ensure)."""

import sqlalchemy as sa

from manila.db.sqlalchemy import models
from manila.db.sqlalchemy import session


@session.reader
def backend_info_get(context, host):
    """The stored hash for ``host``, or None."""
    return context.session.scalar(
        sa.select(models.BackendInfo.info_hash).filter_by(host=host))


@session.writer
def backend_info_update(context, host, info_hash):
    """Store ``info_hash`` for ``host`` (insert or update)."""
    row = context.session.get(models.BackendInfo, host)
    if row is None:
        context.session.add(models.BackendInfo(host=host, info_hash=info_hash))
    else:
        row.info_hash = info_hash
