"""Django's PostgreSQL backend, with writers taking their turn as they do on SQLite.

On SQLite (transaction_mode IMMEDIATE) a transaction takes the database's one write lock when it
begins. The archive's writers rely on that: an ingest reads (is this text already loaded? which
page numbers are free?) and then writes what it read to be missing. On PostgreSQL two such
transactions would both go ahead, and one would fail on a unique constraint or both take the
same number. So here too every transaction (an outermost `atomic` block) begins by taking one
lock, an advisory lock held to its commit or rollback: transactions take turns, readers and
single statements outside a transaction never wait, and the wait is bounded by lock_timeout
(ARCHIVE_DATABASE_TIMEOUT, config/database.py).
"""

from django.db.backends.postgresql import base

# pg_advisory_xact_lock's key: any number no other code uses; an advisory lock is local to one
# database, so archives sharing a server do not wait for each other.
WRITERS_LOCK = 0x61726368  # "arch"


class DatabaseWrapper(base.DatabaseWrapper):
    def _start_transaction_under_autocommit(self):
        """Called by Django where an outermost atomic block begins (SQLite issues BEGIN IMMEDIATE)."""
        self._set_autocommit(False)
        try:
            with self.wrap_database_errors:
                self.connection.execute("SELECT pg_advisory_xact_lock(%s)", [WRITERS_LOCK])
        except Exception:
            # The wait ran out: the connection is left as it was, outside any transaction.
            self.connection.rollback()
            self._set_autocommit(True)
            raise
