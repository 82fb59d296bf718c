"""One PostgreSQL writer lane's transaction: units of work in one transaction, one COMMIT.

A batch of several units first runs pipelined: their statements sent together, in one round
trip with BEGIN (storage/pipeline.py). If that cannot be done as if the units ran in order,
or a unit fails, it rolls back and the batch runs optimistically: every unit bare, one after
another, no savepoints, because units almost never fail and a SAVEPOINT costs a round trip
per unit (bench/ingest.py). If any unit raises, the whole transaction rolls back and the
batch runs again carefully: the first unit bare (if it fails, the transaction so far is only
its own), each later one in its own SAVEPOINT, so a failing unit rolls back alone. A unit
may thus run more than once, as a deadlock retry already made it: units are functions of
the database alone. A unit that loses a deadlock is rolled back, the units before it commit,
and it runs again at the head of a fresh transaction: retrying it while the batch still held
the earlier units' locks would only deadlock again. Callers are answered by
storage/lanes.py only after the COMMIT.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, RootTransaction
from sqlalchemy.exc import DBAPIError

from storage.driver import run_sql
from storage.pipeline import Batch

# PostgreSQL: deadlock_detected, serialization_failure.
RETRY_STATES = {"40P01", "40001"}
RETRY_ATTEMPTS = 3


@dataclass
class Unit:
    work: Callable[[Connection], Any]
    future: asyncio.Future[Any]
    result: Any = None
    error: BaseException | None = None
    attempts: int = 0


def lost_a_race_for_locks(error: BaseException) -> bool:
    orig = error.orig if isinstance(error, DBAPIError) else error
    return getattr(orig, "sqlstate", None) in RETRY_STATES


class Lane:
    """One writer lane's long-lived connection, in driver autocommit: the lane sends BEGIN
    itself, and that round trip doubles as the liveness check a pool's pre-ping would cost."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.connection: Connection | None = None

    def close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(Exception):
                self.connection.close()
            self.connection = None

    def connected(self) -> Connection:
        if self.connection is None:
            self.connection = self.engine.connect()
        return self.connection

    def begin(self) -> tuple[Connection, RootTransaction]:
        """A connection inside a fresh transaction; a connection the server dropped while idle
        is replaced once, before any unit ran, so a restarted server costs no caller."""
        for attempt in range(2):
            connection = self.connected()
            # SQLAlchemy's own transaction too, so an ORM view joins it instead of owning one.
            transaction = connection.begin()
            try:
                run_sql(connection, "BEGIN")
            except DBAPIError:
                self.close()
                if attempt:
                    raise
                continue
            return connection, transaction
        raise AssertionError("unreachable")

    def run_transaction(self, units: list[Unit]) -> tuple[list[Unit], list[Unit]]:
        """Run units in one transaction; (answered, the rest to run in the next one)."""
        if len(units) > 1:
            try:
                if self.run_pipelined(units) or self.run_optimistically(units):
                    return units, []
            except Exception as error:
                # BEGIN, a rollback or the COMMIT failed: nothing in this transaction is kept.
                self.close()
                for unit in units:
                    unit.error, unit.result = error, None
                return units, []
        return self.run_carefully(units)

    def run_pipelined(self, units: list[Unit]) -> bool:
        """All units in one transaction, their statements sent together (storage/pipeline.py);
        False (all rolled back) if that could not be done as if they ran in order, or any
        unit raised."""
        connection = self.connected()
        transaction = connection.begin()  # BEGIN itself goes with the statements
        try:
            Batch(connection).run(units)
        except Exception:
            try:
                transaction.rollback()
            except Exception:
                # The connection broke (a restarted server, found by the batch instead of by
                # BEGIN): the one-by-one path that follows connects again.
                self.close()
            return False
        return self.commit_unless_failed(connection, transaction)

    def commit_unless_failed(self, connection: Connection, transaction: RootTransaction) -> bool:
        if in_failed_transaction(connection):
            # A unit swallowed an error: COMMIT would quietly roll everything back.
            transaction.rollback()
            return False
        transaction.commit()
        return True

    def run_optimistically(self, units: list[Unit]) -> bool:
        """All units bare in one transaction; False (all rolled back) if any of them raised."""
        connection, transaction = self.begin()
        for unit in units:
            try:
                unit.result = unit.work(connection)
            except BaseException:
                transaction.rollback()
                return False
        return self.commit_unless_failed(connection, transaction)

    def run_carefully(self, units: list[Unit]) -> tuple[list[Unit], list[Unit]]:
        """Run units in one transaction until one must start over; (answered, the rest).

        The first unit needs no savepoint: if it fails, the whole (so far only its)
        transaction rolls back."""
        done: list[Unit] = []
        try:
            connection, transaction = self.begin()
            first = units[0]
            try:
                first.result = first.work(connection)
            except BaseException as error:
                transaction.rollback()
                first.attempts += 1
                if lost_a_race_for_locks(error) and first.attempts < RETRY_ATTEMPTS:
                    return [], units
                first.error = error
                return [first], units[1:]
            done.append(first)
            rest: list[Unit] = []
            released = True
            for index, unit in enumerate(units[1:], start=1):
                finished, released = run_unit(connection, unit, released)
                if not finished:
                    rest = units[index:]
                    break
                done.append(unit)
            if in_failed_transaction(connection):
                # A unit swallowed a database error: COMMIT would quietly roll back writes
                # its callers were about to hear were kept. Fail them all, loudly.
                raise SwallowedError("a unit of work swallowed a database error")
            transaction.commit()
        except Exception as error:
            # BEGIN, a savepoint or the COMMIT failed: nothing in this transaction is kept.
            self.close()
            for unit in done:
                unit.error, unit.result = error, None
            for unit in units[len(done) :]:
                unit.error = error
            return units, []
        return done, rest


class SwallowedError(RuntimeError):
    """The transaction failed inside a unit that still returned normally."""


def in_failed_transaction(connection: Connection) -> bool:
    # By name: psycopg is an optional dependency, not imported where SQLite is enough.
    driver: Any = connection.connection.driver_connection
    return bool(driver.info.transaction_status.name == "INERROR")


def run_unit(connection: Connection, unit: Unit, released: bool) -> tuple[bool, bool]:
    """(finished with a result or its own error, else retry it; its savepoint released).

    A successful unit's savepoint is released together with the next one's creation, or by
    the COMMIT: one round trip per unit instead of two.
    """
    opening = "SAVEPOINT uow" if released else "RELEASE SAVEPOINT uow; SAVEPOINT uow"
    run_sql(connection, opening)
    try:
        unit.result = unit.work(connection)
    except BaseException as error:
        # One round trip undoes the unit and drops its savepoint; a broken connection raises
        # here and fails the whole transaction instead.
        run_sql(connection, "ROLLBACK TO SAVEPOINT uow; RELEASE SAVEPOINT uow")
        unit.attempts += 1
        if lost_a_race_for_locks(error) and unit.attempts < RETRY_ATTEMPTS:
            return False, True
        unit.error = error
        return True, True
    return True, False
