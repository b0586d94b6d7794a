"""Initial schema: services, share types, shares, instances, exports, access.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-25
"""

from alembic import op
import sqlalchemy as sa

revision = '0001_initial'
down_revision = None


def _timestamps():
    return [sa.Column('created_at', sa.DateTime, nullable=True),
            sa.Column('updated_at', sa.DateTime, nullable=True)]


def upgrade():
    op.create_table(
        'services',
        sa.Column('id', sa.Integer, primary_key=True),
        *_timestamps(),
        sa.Column('host', sa.String(255), nullable=False),
        sa.Column('binary', sa.String(255), nullable=False),
        sa.Column('topic', sa.String(255), nullable=True),
        sa.Column('availability_zone', sa.String(255), nullable=True),
        sa.Column('disabled', sa.Boolean, nullable=False),
        sa.Column('disabled_reason', sa.String(255), nullable=True),
        sa.Column('report_count', sa.Integer, nullable=False),
        sa.Column('heartbeat_at', sa.DateTime, nullable=True),
        sa.Column('capabilities', sa.Text, nullable=True),
        sa.UniqueConstraint('host', 'binary',
                            name='uniq_services0host0binary'),
    )
    op.create_table(
        'share_types',
        sa.Column('id', sa.String(36), primary_key=True),
        *_timestamps(),
        sa.Column('name', sa.String(255), nullable=False, unique=True),
        sa.Column('description', sa.String(255), nullable=True),
        sa.Column('is_public', sa.Boolean, nullable=False),
    )
    op.create_table(
        'share_type_extra_specs',
        sa.Column('id', sa.Integer, primary_key=True),
        *_timestamps(),
        sa.Column('share_type_id', sa.String(36),
                  sa.ForeignKey('share_types.id'), nullable=False),
        sa.Column('spec_key', sa.String(255), nullable=False),
        sa.Column('spec_value', sa.String(255), nullable=True),
        sa.UniqueConstraint('share_type_id', 'spec_key',
                            name='uniq_share_type_extra_specs0type0key'),
    )
    op.create_table(
        'shares',
        sa.Column('id', sa.String(36), primary_key=True),
        *_timestamps(),
        sa.Column('user_id', sa.String(255), nullable=True),
        sa.Column('project_id', sa.String(255), nullable=True, index=True),
        sa.Column('display_name', sa.String(255), nullable=True),
        sa.Column('display_description', sa.String(255), nullable=True),
        sa.Column('size', sa.Integer, nullable=False),
        sa.Column('share_proto', sa.String(255), nullable=False),
        sa.Column('share_type_id', sa.String(36),
                  sa.ForeignKey('share_types.id'), nullable=True),
        sa.Column('is_public', sa.Boolean, nullable=False),
        sa.Column('availability_zone', sa.String(255), nullable=True),
        sa.Column('is_soft_deleted', sa.Boolean, nullable=False),
        sa.Column('scheduled_to_be_deleted_at', sa.DateTime, nullable=True),
    )
    op.create_table(
        'share_metadata',
        sa.Column('id', sa.Integer, primary_key=True),
        *_timestamps(),
        sa.Column('share_id', sa.String(36), sa.ForeignKey('shares.id'),
                  nullable=False),
        sa.Column('key', sa.String(255), nullable=False),
        sa.Column('value', sa.String(1023), nullable=False),
        sa.UniqueConstraint('share_id', 'key',
                            name='uniq_share_metadata0share0key'),
    )
    op.create_table(
        'share_instances',
        sa.Column('id', sa.String(36), primary_key=True),
        *_timestamps(),
        sa.Column('share_id', sa.String(36), sa.ForeignKey('shares.id'),
                  nullable=False, index=True),
        sa.Column('host', sa.String(255), nullable=True),
        sa.Column('status', sa.String(255), nullable=False),
        sa.Column('access_rules_status', sa.String(255), nullable=False),
        sa.Column('task_state', sa.String(255), nullable=True),
        sa.Column('availability_zone', sa.String(255), nullable=True),
        sa.Column('share_type_id', sa.String(36), nullable=True),
        sa.Column('launched_at', sa.DateTime, nullable=True),
    )
    op.create_index('share_instances_host_status_idx', 'share_instances',
                    ['host', 'status'])
    op.create_table(
        'share_instance_export_locations',
        sa.Column('id', sa.Integer, primary_key=True),
        *_timestamps(),
        sa.Column('uuid', sa.String(36), nullable=False, unique=True),
        sa.Column('share_instance_id', sa.String(36),
                  sa.ForeignKey('share_instances.id'), nullable=False,
                  index=True),
        sa.Column('path', sa.String(2000), nullable=False),
        sa.Column('is_admin_only', sa.Boolean, nullable=False),
        sa.Column('preferred', sa.Boolean, nullable=False),
        sa.Column('metadata', sa.Text, nullable=True),
    )
    op.create_table(
        'share_access_rules',
        sa.Column('id', sa.String(36), primary_key=True),
        *_timestamps(),
        sa.Column('share_id', sa.String(36), sa.ForeignKey('shares.id'),
                  nullable=False, index=True),
        sa.Column('access_type', sa.String(255), nullable=False),
        sa.Column('access_to', sa.String(255), nullable=False),
        sa.Column('access_level', sa.String(2), nullable=False),
        sa.Column('access_key', sa.String(255), nullable=True),
        sa.Column('state', sa.String(255), nullable=False),
        sa.Column('metadata', sa.Text, nullable=True),
    )
    op.create_table(
        'backend_info',
        sa.Column('host', sa.String(255), primary_key=True),
        *_timestamps(),
        sa.Column('info_hash', sa.String(255), nullable=True),
    )
    op.create_table(
        'messages',
        sa.Column('id', sa.String(36), primary_key=True),
        *_timestamps(),
        sa.Column('project_id', sa.String(255), nullable=False, index=True),
        sa.Column('request_id', sa.String(255), nullable=True),
        sa.Column('resource_type', sa.String(255), nullable=False),
        sa.Column('resource_id', sa.String(36), nullable=True),
        sa.Column('action_id', sa.String(10), nullable=False),
        sa.Column('detail_id', sa.String(10), nullable=True),
        sa.Column('message_level', sa.String(255), nullable=False),
        sa.Column('user_message', sa.String(1023), nullable=True),
        sa.Column('expires_at', sa.DateTime, nullable=True),
    )


def downgrade():
    for table in ('messages', 'backend_info', 'share_access_rules',
                  'share_instance_export_locations', 'share_instances',
                  'share_metadata', 'shares', 'share_type_extra_specs',
                  'share_types', 'services'):
        op.drop_table(table)
