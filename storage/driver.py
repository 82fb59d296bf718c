"""Calling the database driver directly, on either of the two drivers a unit of work can meet.

Why: the feedback hot path (storage/prepared.py) and the writer lanes' own statements
(storage/lane.py) talk to the driver past SQLAlchemy's execution layer, which costs more than
the statement (bench/ingest.py). On SQLite and in `run_apart` that driver is synchronous; in
PostgreSQL's writer lanes it is psycopg's async connection, and the unit runs inside a
greenlet (storage/lanes.py) from which a coroutine is awaited with `await_only`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.util import await_only


def waited(connection: Connection, outcome: Any) -> Any:
    """What a driver call gave: its result, or on the async driver the awaited result."""
    return await_only(outcome) if connection.dialect.is_async else outcome


def run_sql(connection: Connection, sql: str) -> None:
    """One driver round trip, its errors as SQLAlchemy's (so outages still read as outages).

    Straight on the driver: without parameters psycopg sends several statements at once."""
    driver: Any = connection.connection.driver_connection
    driver_error = connection.dialect.loaded_dbapi.Error
    try:
        waited(connection, driver.execute(sql))
    except driver_error as error:
        raise DBAPIError.instance(sql, None, error, driver_error) from error
