"""Add services.ensuring: true while an ensure-shares run owns the backend.

Revision ID: 0002_services_ensuring
Revises: 0001_initial
Create Date: 2026-11-25
"""

from alembic import op
import sqlalchemy as sa

revision = '0002_services_ensuring'
down_revision = '0001_initial'


def upgrade():
    # The server default fills existing rows with false in one statement.
    op.add_column('services', sa.Column('ensuring', sa.Boolean,
                                        nullable=False,
                                        server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('services') as batch:
        batch.drop_column('ensuring')
