"""On PostgreSQL, index share instances by host for prefix matches too.

A backend's instances are those whose host is 'host@backend' or starts
with 'host@backend#' (its pools): ``host = :h OR host LIKE 'h#%'``.
PostgreSQL uses a b-tree for a LIKE prefix only under the C collation or
with a pattern operator class, so with the database's own collation it
scanned the whole table for every such query: the capacity each
heartbeat reports and the count at the start of every ensure run, 40 ms
and more at 300,000 instances, whatever the size of the backend. The
index keeps its name; ``varchar_pattern_ops`` serves both the equality
and the prefix. Other databases are unchanged (MariaDB's b-trees serve
a LIKE prefix as they are).

Revision ID: 0006_host_pattern_idx
Revises: 0005_fillfactor
Create Date: 2026-11-30
"""

from alembic import op

revision = '0006_host_pattern_idx'
down_revision = '0005_fillfactor'

NAME = 'share_instances_host_idx'


def _recreate(**kw):
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.drop_index(NAME, table_name='share_instances')
    op.create_index(NAME, 'share_instances', ['host'], **kw)


def upgrade():
    _recreate(postgresql_ops={'host': 'varchar_pattern_ops'})


def downgrade():
    _recreate()
