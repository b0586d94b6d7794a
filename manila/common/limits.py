"""Bounds of what the database columns hold, for every layer to check.

A value beyond them must be refused (400) or not found (404) before a
query, never left to overflow in the database driver (500).
"""

# The largest value of an SQL INTEGER column (PostgreSQL, MariaDB; SQLite
# stores more, but the same bound applies everywhere).
SQL_INTEGER_MAX = 2 ** 31 - 1
