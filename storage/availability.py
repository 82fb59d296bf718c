"""Telling an unreachable database from a bug, and noticing when an outage starts and ends.

A database that is down, restarting, out of disk or locked by another process is not a bug:
the request was fine and will work later. Storage raises `DatabaseUnavailable` for those, so
the edges answer 503 with Retry-After instead of a 500 with a traceback per request. Anything
else (a constraint, a syntax error, a value the driver refuses) keeps its own type.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

# SQLite primary result codes of a database that is there but cannot be used right now.
SQLITE_UNAVAILABLE = {
    5: "SQLite database is busy (locked by another process)",
    8: "SQLite database is read-only",
    10: "SQLite disk I/O error",
    13: "SQLite disk is full",
    14: "SQLite cannot open the database file",
}
# PostgreSQL SQLSTATEs of a server that went away or refuses connections: class 08
# (connection exception), shutting down or starting up, too many connections.
POSTGRES_UNAVAILABLE = {"57P01", "57P02", "57P03", "53300"}


class DatabaseUnavailable(Exception):
    """The database cannot be reached or written right now; the same request can succeed
    later. Its text names the kind of failure only, never the driver's message (which can
    quote values)."""


def unavailable_cause(error: BaseException) -> str | None:
    """Why `error` means the database is unavailable, or None when it means something else."""
    if isinstance(error, PoolTimeout):
        return "no database connection free within the pool timeout"
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return "the database connection was lost"
    driver_error = error.orig if isinstance(error, DBAPIError) else error
    if not isinstance(error, OperationalError | InterfaceError | sqlite3.OperationalError):
        return None
    code = getattr(driver_error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return SQLITE_UNAVAILABLE.get(code & 0xFF)
    if not hasattr(driver_error, "sqlstate"):
        return None
    # psycopg: no SQLSTATE means the client side failed (connecting, or the socket died).
    state = getattr(driver_error, "sqlstate", None)
    if state is None or state.startswith("08"):
        return "cannot reach PostgreSQL"
    if state in POSTGRES_UNAVAILABLE:
        return "PostgreSQL is shutting down, starting up or out of connections"
    return None


AvailabilityListener = Callable[[DatabaseUnavailable | None], None]


class Availability:
    """Whether the last unit of work reached the database. Listeners hear each change once:
    the outage that started (its DatabaseUnavailable), then None when it ended."""

    def __init__(self) -> None:
        self.listeners: list[AvailabilityListener] = []
        self.outage: DatabaseUnavailable | None = None

    def reached(self) -> None:
        if self.outage is not None:
            self.outage = None
            self._tell(None)

    def failed(self, error: DatabaseUnavailable) -> None:
        if self.outage is None:
            self.outage = error
            self._tell(error)

    def _tell(self, change: DatabaseUnavailable | None) -> None:
        for listener in self.listeners:
            listener(change)
