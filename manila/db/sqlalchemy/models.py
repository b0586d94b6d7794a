"""SQLAlchemy models.

The schema is owned by the alembic revisions in manila/db/migrations; these
models must describe exactly what those revisions create (a test compares
them on SQLite, PostgreSQL and MariaDB).

Rows are deleted for real: a deleted share leaves no row behind.
"""

import json

from oslo_db.sqlalchemy import models as oslo_models
from oslo_utils import timeutils
import sqlalchemy as sa
from sqlalchemy import orm


class Base(orm.DeclarativeBase):
    pass


class ManilaBase(oslo_models.ModelBase):
    """dict-style access (``row['host']``, ``row.update()``) for models."""

    created_at = sa.Column(sa.DateTime, default=timeutils.utcnow,
                           nullable=True)
    updated_at = sa.Column(sa.DateTime, onupdate=timeutils.utcnow,
                           nullable=True)


class Service(Base, ManilaBase):
    """A running binary on a host; for manila-share the host is host@backend.

    ``heartbeat_at`` is written only by the service's own heartbeat, so it
    tells whether the process is alive; ``updated_at`` moves with any change
    (an operator disabling the service, an ensure claim).
    """

    __tablename__ = 'services'
    __table_args__ = (
        sa.UniqueConstraint('host', 'binary',
                            name='uniq_services0host0binary'),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    host = sa.Column(sa.String(255), nullable=False)
    binary = sa.Column(sa.String(255), nullable=False)
    topic = sa.Column(sa.String(255), nullable=True)
    availability_zone = sa.Column(sa.String(255), nullable=True)
    disabled = sa.Column(sa.Boolean, nullable=False, default=False)
    disabled_reason = sa.Column(sa.String(255), nullable=True)
    report_count = sa.Column(sa.Integer, nullable=False, default=0)
    heartbeat_at = sa.Column(sa.DateTime, nullable=True)
    # JSON of the driver's latest stats (capacity, share_backend_name);
    # placement reads it.
    capabilities = sa.Column(sa.Text, nullable=True)
    # Added by its own revision (services_ensuring) so deployments upgrade.
    ensuring = sa.Column(sa.Boolean, nullable=False, default=False,
                         server_default=sa.false())


class ShareType(Base, ManilaBase):
    __tablename__ = 'share_types'

    id = sa.Column(sa.String(36), primary_key=True)
    name = sa.Column(sa.String(255), nullable=False, unique=True)
    description = sa.Column(sa.String(255), nullable=True)
    is_public = sa.Column(sa.Boolean, nullable=False, default=True)

    extra_specs = orm.relationship(
        'ShareTypeExtraSpec', cascade='all, delete-orphan',
        lazy='selectin', back_populates='share_type')


class ShareTypeExtraSpec(Base, ManilaBase):
    __tablename__ = 'share_type_extra_specs'
    __table_args__ = (
        sa.UniqueConstraint('share_type_id', 'spec_key',
                            name='uniq_share_type_extra_specs0type0key'),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    share_type_id = sa.Column(sa.String(36), sa.ForeignKey('share_types.id'),
                              nullable=False)
    spec_key = sa.Column(sa.String(255), nullable=False)
    spec_value = sa.Column(sa.String(255), nullable=True)

    share_type = orm.relationship('ShareType', back_populates='extra_specs')


class Share(Base, ManilaBase):
    """The user-facing share; where it lives is its ShareInstance."""

    __tablename__ = 'shares'

    id = sa.Column(sa.String(36), primary_key=True)
    user_id = sa.Column(sa.String(255), nullable=True)
    project_id = sa.Column(sa.String(255), nullable=True, index=True)
    display_name = sa.Column(sa.String(255), nullable=True)
    display_description = sa.Column(sa.String(255), nullable=True)
    size = sa.Column(sa.Integer, nullable=False)
    share_proto = sa.Column(sa.String(255), nullable=False)
    share_type_id = sa.Column(sa.String(36), sa.ForeignKey('share_types.id'),
                              nullable=True)
    is_public = sa.Column(sa.Boolean, nullable=False, default=False)
    availability_zone = sa.Column(sa.String(255), nullable=True)
    # Recycle-bin fields as in Manila's API; this service never soft-deletes,
    # so ``is_soft_deleted`` stays false and the filter finds nothing.
    is_soft_deleted = sa.Column(sa.Boolean, nullable=False, default=False)
    scheduled_to_be_deleted_at = sa.Column(sa.DateTime, nullable=True)

    instances = orm.relationship(
        'ShareInstance', lazy='selectin', back_populates='share',
        cascade='all, delete-orphan')
    share_metadata = orm.relationship(
        'ShareMetadata', lazy='selectin', cascade='all, delete-orphan')

    @property
    def instance(self):
        return self.instances[0] if self.instances else None


class ShareMetadata(Base, ManilaBase):
    __tablename__ = 'share_metadata'
    __table_args__ = (
        sa.UniqueConstraint('share_id', 'key',
                            name='uniq_share_metadata0share0key'),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    share_id = sa.Column(sa.String(36), sa.ForeignKey('shares.id'),
                         nullable=False)
    key = sa.Column(sa.String(255), nullable=False)
    value = sa.Column(sa.String(1023), nullable=False)


class ShareInstance(Base, ManilaBase):
    """Where a share lives: host (host@backend#pool), status, access status.

    ``status`` only changes through manila.common.states. ``task_state`` set
    means a long operation owns the instance; ensure skips it as busy.
    """

    __tablename__ = 'share_instances'
    __table_args__ = (
        # Not (host, status): see migration 0004. A pattern operator
        # class on PostgreSQL, for LIKE 'host@backend#%': migration 0006.
        sa.Index('share_instances_host_idx', 'host',
                 postgresql_ops={'host': 'varchar_pattern_ops'}),
    )

    id = sa.Column(sa.String(36), primary_key=True)
    share_id = sa.Column(sa.String(36), sa.ForeignKey('shares.id'),
                         nullable=False, index=True)
    host = sa.Column(sa.String(255), nullable=True)
    status = sa.Column(sa.String(255), nullable=False)
    access_rules_status = sa.Column(sa.String(255), nullable=False,
                                    default='active')
    task_state = sa.Column(sa.String(255), nullable=True)
    availability_zone = sa.Column(sa.String(255), nullable=True)
    share_type_id = sa.Column(sa.String(36), nullable=True)
    launched_at = sa.Column(sa.DateTime, nullable=True)

    share = orm.relationship('Share', back_populates='instances')
    export_locations = orm.relationship(
        'ShareInstanceExportLocation', lazy='selectin',
        cascade='all, delete-orphan',
        order_by='ShareInstanceExportLocation.id')

    # The share's columns a share instance row carries (as the rows of
    # manila.db.sqlalchemy.ensure do), so both build the driver's dict.
    @property
    def size(self):
        return self.share.size

    @property
    def share_proto(self):
        return self.share.share_proto


class ShareInstanceExportLocation(Base, ManilaBase):
    """One path clients mount; ``metadata`` is a JSON object (text)."""

    __tablename__ = 'share_instance_export_locations'

    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    share_instance_id = sa.Column(
        sa.String(36), sa.ForeignKey('share_instances.id'), nullable=False,
        index=True)
    path = sa.Column(sa.String(2000), nullable=False)
    is_admin_only = sa.Column(sa.Boolean, nullable=False, default=False)
    preferred = sa.Column(sa.Boolean, nullable=False, default=False)
    metadata_json = sa.Column('metadata', sa.Text, nullable=True)

    @property
    def el_metadata(self):
        return json.loads(self.metadata_json) if self.metadata_json else {}

    def __getitem__(self, key):
        # As a row key 'metadata' is this location's metadata (as in Core
        # rows), not the declarative MetaData that attribute names.
        if key == 'metadata':
            return self.el_metadata
        return super().__getitem__(key)


class ShareAccessRule(Base, ManilaBase):
    """An access rule of a share; ``state`` follows Manila's access states."""

    __tablename__ = 'share_access_rules'

    id = sa.Column(sa.String(36), primary_key=True)
    share_id = sa.Column(sa.String(36), sa.ForeignKey('shares.id'),
                         nullable=False, index=True)
    access_type = sa.Column(sa.String(255), nullable=False)
    access_to = sa.Column(sa.String(255), nullable=False)
    access_level = sa.Column(sa.String(2), nullable=False, default='rw')
    access_key = sa.Column(sa.String(255), nullable=True)
    state = sa.Column(sa.String(255), nullable=False,
                      default='queued_to_apply')
    metadata_json = sa.Column('metadata', sa.Text, nullable=True)


class BackendInfo(Base, ManilaBase):
    """Hash of what a backend's driver reported at its last good ensure."""

    __tablename__ = 'backend_info'

    host = sa.Column(sa.String(255), primary_key=True)
    info_hash = sa.Column(sa.String(255), nullable=True)


class Message(Base, ManilaBase):
    """A user-facing message ("why is my share in error?")."""

    __tablename__ = 'messages'

    id = sa.Column(sa.String(36), primary_key=True)
    project_id = sa.Column(sa.String(255), nullable=False, index=True)
    request_id = sa.Column(sa.String(255), nullable=True)
    resource_type = sa.Column(sa.String(255), nullable=False)
    resource_id = sa.Column(sa.String(36), nullable=True)
    action_id = sa.Column(sa.String(10), nullable=False)
    detail_id = sa.Column(sa.String(10), nullable=True)
    message_level = sa.Column(sa.String(255), nullable=False)
    user_message = sa.Column(sa.String(1023), nullable=True)
    expires_at = sa.Column(sa.DateTime, nullable=True)


class EnsureRun(Base, ManilaBase):
    """One ensure-shares run of a backend: who asked, how far, how it ended.

    Created ``running`` in the transaction that claims the service's
    ``ensuring`` flag; ``shares_done`` grows in the transaction of each
    batch; the end writes the status, the counts and the error.
    """

    __tablename__ = 'ensure_runs'
    __table_args__ = (
        sa.Index('ensure_runs_host_id_idx', 'host', 'id'),
        sa.Index('ensure_runs_status_idx', 'status'),
    )

    # Increasing: newest first is id descending, and a page marker is an
    # id (timestamps tie within a second on MariaDB).
    id = sa.Column(sa.Integer, primary_key=True)
    host = sa.Column(sa.String(255), nullable=False)
    # 'api' or 'start-up' (TRIGGER is a reserved word in SQL).
    triggered_by = sa.Column(sa.String(32), nullable=False)
    status = sa.Column(sa.String(32), nullable=False)
    user_id = sa.Column(sa.String(255), nullable=True)
    project_id = sa.Column(sa.String(255), nullable=True)
    request_id = sa.Column(sa.String(255), nullable=True)
    started_at = sa.Column(sa.DateTime, nullable=True)
    finished_at = sa.Column(sa.DateTime, nullable=True)
    # Eligible shares counted when the run starts (None until then).
    shares_total = sa.Column(sa.Integer, nullable=True)
    shares_done = sa.Column(sa.Integer, nullable=False, default=0)
    shares_ensured = sa.Column(sa.Integer, nullable=False, default=0)
    shares_updated = sa.Column(sa.Integer, nullable=False, default=0)
    shares_skipped = sa.Column(sa.Integer, nullable=False, default=0)
    shares_errored = sa.Column(sa.Integer, nullable=False, default=0)
    error = sa.Column(sa.Text, nullable=True)
