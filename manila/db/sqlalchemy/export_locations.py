"""Queries on export locations (the paths clients mount)."""

import sqlalchemy as sa

from manila.db.sqlalchemy import models
from manila.db.sqlalchemy import session
from manila.db.sqlalchemy import utils
from manila import exception

_EL = models.ShareInstanceExportLocation


@session.reader
def export_locations_get_by_share(context, share_id,
                                  include_admin_only=True):
    query = (sa.select(_EL).join(models.ShareInstance)
             .where(models.ShareInstance.share_id == share_id)
             .order_by(_EL.id))
    if not include_admin_only:
        query = query.where(_EL.is_admin_only == sa.false())
    return list(context.session.scalars(query))


@session.reader
def export_location_get_by_uuid(context, uuid):
    row = context.session.scalars(
        sa.select(_EL).where(_EL.uuid == uuid)).first()
    if row is None:
        raise exception.ExportLocationNotFound(uuid=uuid)
    return row


def normalize(export_location):
    """An export location dict with every key (drivers may omit some)."""
    if isinstance(export_location, str):
        export_location = {'path': export_location}
    return {
        'path': export_location['path'],
        'is_admin_only': bool(export_location.get('is_admin_only', False)),
        'preferred': bool(export_location.get('preferred', False)),
        'metadata': dict(export_location.get('metadata') or {}),
    }


@session.writer
def export_locations_replace(context, share_instance_id, export_locations):
    """Make the instance's export locations exactly ``export_locations``.

    Rows whose path is unchanged keep their uuid (clients may hold it);
    only rows that differ are written.
    """
    wanted = {}
    for el in export_locations or []:
        el = normalize(el)
        wanted[el['path']] = el
    existing = list(context.session.scalars(
        sa.select(_EL).where(_EL.share_instance_id == share_instance_id)))
    for row in existing:
        el = wanted.pop(row.path, None)
        if el is None:
            context.session.delete(row)
            continue
        metadata = utils.dump_json(el['metadata'])
        if (row.is_admin_only, row.preferred, row.metadata_json) != (
                el['is_admin_only'], el['preferred'], metadata):
            row.is_admin_only = el['is_admin_only']
            row.preferred = el['preferred']
            row.metadata_json = metadata
    for el in wanted.values():
        context.session.add(_EL(
            uuid=utils.new_id(), share_instance_id=share_instance_id,
            path=el['path'], is_admin_only=el['is_admin_only'],
            preferred=el['preferred'],
            metadata_json=utils.dump_json(el['metadata'])))
    context.session.flush()
