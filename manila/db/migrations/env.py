"""alembic environment: runs on the connection manila/db/migration.py gives."""

from alembic import context

from manila.db.sqlalchemy import models

config = context.config
target_metadata = models.Base.metadata


def run_migrations_online():
    connection = config.attributes.get('connection')
    if connection is None:
        from manila.db.sqlalchemy import session
        with session.get_engine().connect() as connection:
            _run(connection)
    else:
        _run(connection)


def _run(connection):
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
