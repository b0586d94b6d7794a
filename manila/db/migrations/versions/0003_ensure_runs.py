"""Add ensure_runs: one row per ensure-shares run, its progress and outcome.

Revision ID: 0003_ensure_runs
Revises: 0002_services_ensuring
Create Date: 2026-11-29
"""

from alembic import op
import sqlalchemy as sa

revision = '0003_ensure_runs'
down_revision = '0002_services_ensuring'


def upgrade():
    op.create_table(
        'ensure_runs',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('created_at', sa.DateTime, nullable=True),
        sa.Column('updated_at', sa.DateTime, nullable=True),
        sa.Column('host', sa.String(255), nullable=False),
        sa.Column('triggered_by', sa.String(32), nullable=False),
        sa.Column('status', sa.String(32), nullable=False),
        sa.Column('user_id', sa.String(255), nullable=True),
        sa.Column('project_id', sa.String(255), nullable=True),
        sa.Column('request_id', sa.String(255), nullable=True),
        sa.Column('started_at', sa.DateTime, nullable=True),
        sa.Column('finished_at', sa.DateTime, nullable=True),
        sa.Column('shares_total', sa.Integer, nullable=True),
        sa.Column('shares_done', sa.Integer, nullable=False),
        sa.Column('shares_ensured', sa.Integer, nullable=False),
        sa.Column('shares_updated', sa.Integer, nullable=False),
        sa.Column('shares_skipped', sa.Integer, nullable=False),
        sa.Column('shares_errored', sa.Integer, nullable=False),
        sa.Column('error', sa.Text, nullable=True),
    )
    op.create_index('ensure_runs_host_id_idx', 'ensure_runs',
                    ['host', 'id'])
    op.create_index('ensure_runs_status_idx', 'ensure_runs', ['status'])


def downgrade():
    op.drop_table('ensure_runs')
