"""Prepared statements for the feedback hot path: built with SQLAlchemy Core, compiled once per
dialect, executed straight on the driver's cursor.

Why: SQLAlchemy spends ~25–35 µs setting up each execution, against ~1.5 µs for SQLite itself
(bench/ingest.py; measured with cProfile), and a feedback write needs a handful of statements.
Only the few statements on that path use this; everything else goes through SQLAlchemy.
The SQL text is still SQLAlchemy's own, so both backends get their own dialect's SQL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import partial
from typing import Any

from sqlalchemy import ClauseElement, DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError

from storage.base import UtcDateTime
from storage.database import Session
from storage.driver import waited
from storage.pipeline import Handover, hand_over

PYFORMAT = re.compile(r"%\(([^)]+)\)s")


def to_driver(value: Any, dialect: str) -> Any:
    """The few conversions SQLAlchemy's bind processors would have made for our columns."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: store timezone-aware UTC times")
        utc = value.astimezone(UTC)
        if dialect != "sqlite":
            return utc
        # The text SQLAlchemy's SQLite DATETIME stores ("2026-11-27 09:00:00.000000"), built
        # with isoformat because strftime costs several times more.
        return utc.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    return value


def utc_from_driver(value: Any) -> datetime | None:
    return UtcDateTime().process_result_value(value, None)  # type: ignore[arg-type]


def holds_time(column_type: Any) -> bool:
    # Our UtcDateTime is a TypeDecorator over DateTime: look through it.
    return isinstance(getattr(column_type, "impl", column_type), DateTime)


class Compiled:
    def __init__(self, statement: ClauseElement, dialect: Dialect, keys: Sequence[str] | None):
        compiled = statement.compile(dialect=dialect, column_keys=list(keys) if keys else None)
        self.sql = compiled.string
        self.dialect = dialect.name
        # Literals in the statement ('none' in `rating != 'none'`) become bound values too.
        defaults = compiled.params
        names = (
            list(getattr(compiled, "positiontup", None) or [])
            if dialect.paramstyle == "qmark"
            else list(defaults)
        )
        self.query: str | bytes = self.sql
        if dialect.paramstyle == "pyformat":
            # psycopg: "%(name)s" becomes "%s" in order of appearance (a name used twice is
            # passed twice), and the text goes as bytes, so psycopg neither maps names to
            # positions nor encodes the text again on every execution.
            names = PYFORMAT.findall(self.sql)
            self.query = PYFORMAT.sub("%s", self.sql).encode()
        # Per parameter: its name, its literal default, and whether it holds a time to convert.
        binds = getattr(compiled, "binds", {})
        self.slots = [(name, defaults.get(name), holds_time(binds[name].type)) for name in names]

    def bind(self, params: dict[str, Any]) -> list[Any]:
        dialect = self.dialect
        return [
            to_driver(params.get(name, default), dialect) if is_time else params.get(name, default)
            for name, default, is_time in self.slots
        ]


class Prepared:
    """One statement, compiled lazily for whichever dialect first runs it.

    `statement` may be a function of the dialect's name, for statements whose construct is
    dialect-specific (INSERT … ON CONFLICT).
    """

    def __init__(
        self,
        statement: ClauseElement | Callable[[str], ClauseElement],
        keys: Sequence[str] | None = None,
    ) -> None:
        self._statement = statement
        self._keys = keys
        self._compiled: dict[str, Compiled] = {}

    def _for(self, session: Session) -> Compiled:
        dialect = session.dialect
        found = self._compiled.get(dialect.name)
        if found is None:
            statement = (
                self._statement(dialect.name) if callable(self._statement) else self._statement
            )
            found = self._compiled[dialect.name] = Compiled(statement, dialect, self._keys)
        return found

    def execute(self, session: Session, params: dict[str, Any]) -> None:
        """Run it in the session's transaction, for its effect."""
        self._run(session, params, fetch=False)

    def first(self, session: Session, params: dict[str, Any]) -> tuple[Any, ...] | None:
        """Run it in the session's transaction; its first row."""
        return self._run(session, params, fetch=True)

    def _run(self, session: Session, params: dict[str, Any], fetch: bool) -> tuple[Any, ...] | None:
        """Driver errors come out as SQLAlchemy's (IntegrityError and kin), as they would from
        SQLAlchemy's own execution, so callers' retry on a lost race still catches them."""
        compiled = self._for(session)
        bound = compiled.bind(params)
        run_now = partial(execute_now, session, compiled, bound, fetch)
        if session.dialect.is_async:
            # In a writer lane's batch, sent with the other units' statements
            # (storage/pipeline.py).
            return hand_over(Handover(compiled.query, bound, fetch, run_now))
        return run_now()


def execute_now(
    session: Session, compiled: Compiled, bound: list[Any], fetch: bool
) -> tuple[Any, ...] | None:
    # The driver itself: in PostgreSQL's lanes, psycopg's async connection, past SQLAlchemy's
    # adapter cursor (a second cursor per statement).
    driver_error = session.dialect.loaded_dbapi.Error
    kept = session.dialect.is_async
    driver: Any = session.connection.driver_connection
    cursor = kept_cursor(session) if kept else driver.cursor()
    try:
        waited(session, cursor.execute(compiled.query, bound))
        row = waited(session, cursor.fetchone()) if fetch else None
    except driver_error as error:
        raise DBAPIError.instance(compiled.sql, bound, error, driver_error) from error
    finally:
        if not kept:
            cursor.close()
    return tuple(row) if row is not None else None


def kept_cursor(session: Session) -> Any:
    """The lane connection's one cursor for these statements, made at first use: psycopg
    fetches a result whole, so a cursor is reused as it is, and making one per statement (its
    adapters, its encoding) was ~3% of a write's CPU (bench/ingest.py). Kept in the driver
    connection's own info, so it goes when that connection does. Not on SQLite, where a
    cursor left on an unfinished statement would keep that statement open."""
    info = session.info
    cursor = info.get(KEPT_CURSOR)
    if cursor is None:
        driver: Any = session.connection.driver_connection
        cursor = info[KEPT_CURSOR] = driver.cursor()
    return cursor


KEPT_CURSOR = "groundswell.kept_cursor"
