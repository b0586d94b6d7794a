"""Index share instances by host alone, not by host and status.

An ensure run writes every instance's status twice (to 'ensuring' and
back). With status in an index, each of those writes also rewrites an
index entry, and on PostgreSQL it rules out heap-only (HOT) updates, so
every index of the table gets a new entry: the status updates of a
100,000-share run took three times as long. Queries by host and status
find the host's instances through the host index and filter the status.

Revision ID: 0004_share_instances_host_idx
Revises: 0003_ensure_runs
Create Date: 2026-11-29
"""

from alembic import op

revision = '0004_share_instances_host_idx'
down_revision = '0003_ensure_runs'


def upgrade():
    op.create_index('share_instances_host_idx', 'share_instances', ['host'])
    op.drop_index('share_instances_host_status_idx',
                  table_name='share_instances')


def downgrade():
    op.create_index('share_instances_host_status_idx', 'share_instances',
                    ['host', 'status'])
    op.drop_index('share_instances_host_idx', table_name='share_instances')
