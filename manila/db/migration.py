"""Schema upgrades with alembic (``manila-manage db sync``)."""

import os

from alembic import command as alembic_command
from alembic import config as alembic_config
from alembic import migration as alembic_migration

from manila.db.sqlalchemy import session

_ALEMBIC_INI = os.path.join(os.path.dirname(__file__), 'migrations',
                            'alembic.ini')


def _config(connection):
    config = alembic_config.Config(_ALEMBIC_INI)
    config.set_main_option('script_location',
                           os.path.dirname(_ALEMBIC_INI))
    config.attributes['connection'] = connection
    return config


def _run(fn, engine, *args):
    engine = engine or session.get_engine()
    with engine.begin() as connection:
        fn(_config(connection), *args)


def upgrade(revision='head', engine=None):
    """Bring the schema to ``revision`` (default: the newest)."""
    _run(alembic_command.upgrade, engine, revision)


def downgrade(revision, engine=None):
    _run(alembic_command.downgrade, engine, revision)


def version(engine=None):
    """The revision the database is at, or None for an empty database."""
    engine = engine or session.get_engine()
    with engine.connect() as connection:
        return alembic_migration.MigrationContext.configure(
            connection).get_current_revision()


def head():
    from alembic import script
    config = _config(None)
    return script.ScriptDirectory.from_config(config).get_current_head()
