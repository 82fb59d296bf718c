"""Which replica runs the periodic jobs: the one holding a PostgreSQL advisory lock.

The lock belongs to one dedicated connection, so it is released the moment its process dies
(the server notices the closed socket) and a standby takes it on its next try. SQLite means
one process, which always leads.
"""

from __future__ import annotations

import logging

from sqlalchemy import Connection, create_engine, pool, text
from sqlalchemy.exc import DBAPIError

from storage.database import is_sqlite, sync_url

log = logging.getLogger(__name__)

# A fixed 64-bit key: "groundswell scheduler" in no particular encoding, just unlikely to
# collide with another application's advisory locks on a shared server.
LOCK_KEY = 0x67_73_77_6C_73_63_68_64


class LeaderLock:
    def __init__(self, database_url: str) -> None:
        self._url = database_url
        self._sqlite = is_sqlite(database_url)
        self._connection: Connection | None = None
        self._engine = (
            None if self._sqlite else create_engine(sync_url(database_url), poolclass=pool.NullPool)
        )

    def try_lead(self) -> bool:
        """True while this process holds the lock (taking it if it is free)."""
        if self._engine is None:
            return True
        if self._connection is not None:
            if self._alive(self._connection):
                return True
            self._drop()
        connection = self._engine.connect()
        held = bool(
            connection.execute(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY}
            ).scalar()
        )
        connection.commit()
        if held:
            self._connection = connection
        else:
            connection.close()
        return held

    def _alive(self, connection: Connection) -> bool:
        try:
            connection.execute(text("SELECT 1"))
            connection.commit()
            return True
        except Exception as error:  # the caller says the database is unreachable, once
            log.info("scheduler leadership lost (%s)", type(error).__name__)
            return False

    def _drop(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            except Exception as error:  # already broken: nothing left to release
                log.info("closing the leader connection failed (%s)", type(error).__name__)
            self._connection = None

    def release(self) -> None:
        """Closing the connection releases the session-level lock."""
        self._drop()
        if self._engine is not None:
            self._engine.dispose()


def job_store_url(database_url: str) -> str:
    """APScheduler's SQLAlchemy job store uses the same database (table apscheduler_jobs,
    created by migration 0011), over the blocking driver."""
    return sync_url(database_url)


class QuietJobStoreOutage(logging.Filter):
    """Drops APScheduler's "Error getting due jobs" line when the cause is the database being
    unreachable: it would repeat it, SQL and all, at every wake-up. The scheduler
    (bot/scheduling) logs the outage once, and stands down."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not any(isinstance(arg, DBAPIError) for arg in record.args or ())


QUIET_JOB_STORE = QuietJobStoreOutage()  # one instance: adding it twice is a no-op
