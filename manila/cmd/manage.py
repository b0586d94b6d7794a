"""manila-manage: operator commands (``db sync``, ``db version``)."""

import sys

from oslo_config import cfg

from manila.common import config
from manila.db import migration

CONF = cfg.CONF


class DbCommands:
    """Schema management."""

    def sync(self, version=None):
        """Upgrade the database schema to ``version`` (default: newest)."""
        migration.upgrade(version or 'head')
        print('Database is at revision %s.' % migration.version())

    def version(self):
        """Print the revision the database schema is at."""
        print(migration.version() or 'None (empty database)')


CATEGORIES = {'db': DbCommands}


def _add_command_parsers(subparsers):
    db = subparsers.add_parser('db', help='Database schema commands.')
    db_sub = db.add_subparsers(dest='action')
    db_sub.required = True
    sync = db_sub.add_parser('sync', help=DbCommands.sync.__doc__)
    sync.add_argument('version', nargs='?', default=None,
                      help='Target revision (default: head).')
    db_sub.add_parser('version', help=DbCommands.version.__doc__)


category_opt = cfg.SubCommandOpt('category', title='Command categories',
                                 handler=_add_command_parsers)


def main():
    CONF.register_cli_opt(category_opt)
    config.parse_args(sys.argv)
    command = CATEGORIES[CONF.category.name]()
    action = CONF.category.action
    try:
        if action == 'sync':
            command.sync(CONF.category.version)
        else:
            command.version()
    except Exception as exc:
        print('%s failed: %s' % (action, exc), file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
