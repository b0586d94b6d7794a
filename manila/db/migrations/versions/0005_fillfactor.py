"""Leave room in each PostgreSQL page for a new version of its rows.

Revision ID: 0005_fillfactor
Revises: 0004_share_instances_host_idx
Create Date: 2026-11-29
"""

from alembic import op

revision = '0005_fillfactor'
down_revision = '0004_share_instances_host_idx'

TABLES = ('share_instances', 'share_instance_export_locations')


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table in TABLES:
        op.execute('ALTER TABLE %s SET (fillfactor = 50)' % table)


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table in TABLES:
        op.execute('ALTER TABLE %s RESET (fillfactor)' % table)
