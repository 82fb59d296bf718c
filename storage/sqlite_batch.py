"""Group commit on the embedded SQLite file: the process's one connection, on the event loop.

Units of work that run in the same pass of the event loop share one transaction and one COMMIT
(scheduled with `call_soon`), each inside its own SAVEPOINT so a failing unit rolls back alone;
every caller gets its answer only after that COMMIT. Why on the loop at all: see
storage/database.py.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, RootTransaction
from sqlalchemy.exc import OperationalError

T = TypeVar("T")

SQLITE_BUSY = 5
BEGIN_IMMEDIATE = "groundswell_begin_immediate"


def tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers run beside the writer; NORMAL sync is durable in WAL across app crashes;
    # foreign keys are off by default in SQLite and our cascades depend on them.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def hand_transactions_to_sqlalchemy(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite opens and closes transactions behind our back, which breaks SAVEPOINT; the
    # documented fix is to switch that off and emit BEGIN ourselves (see `begin_explicitly`).
    dbapi_connection.isolation_level = None


def begin_explicitly(connection: Connection) -> None:
    # Deferred, so a unit that only reads never waits for another process's write lock;
    # IMMEDIATE (the write lock up front) for a batch restarted on a stale snapshot.
    immediate = connection.info.pop(BEGIN_IMMEDIATE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def busy_upgrading(error: BaseException) -> bool:
    """SQLITE_BUSY (or BUSY_SNAPSHOT) on a transaction that read and then tried to write while
    another connection (the scheduler's job store, a CLI command) held or had just released
    the write lock. SQLite answers at once, without the busy timeout: waiting with a read
    snapshot held could deadlock, and a snapshot taken before the other commit is stale."""
    code = getattr(getattr(error, "orig", None), "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF == SQLITE_BUSY


def answer_all(waiters: list[asyncio.Future[None]], error: BaseException | None) -> None:
    for waiter in waiters:
        if waiter.done():
            continue
        if error is None:
            waiter.set_result(None)
        else:
            waiter.set_exception(error)


def run_in_savepoint(driver: Any, connection: Connection, work: Callable[[Connection], T]) -> T:
    """One unit inside the batch's transaction: a failing unit rolls back alone."""
    driver.execute("SAVEPOINT unit_of_work")
    try:
        result = work(connection)
    except BaseException:
        driver.execute("ROLLBACK TO unit_of_work")
        driver.execute("RELEASE unit_of_work")
        raise
    driver.execute("RELEASE unit_of_work")
    return result


@dataclass
class Batch:
    """Units of work sharing one SQLite transaction until the loop's next pass commits it."""

    transaction: RootTransaction
    changes_at_start: int
    waiters: list[asyncio.Future[None]] = field(default_factory=list)


class SqliteBatches:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None
        self._owner: int | None = None
        self._batch: Batch | None = None

    async def run(self, work: Callable[[Connection], T]) -> T:
        connection = self._current_connection()
        batch = self._batch
        driver = connection.connection.driver_connection
        assert driver is not None
        if batch is None:
            loop = asyncio.get_running_loop()
            batch = self._batch = Batch(connection.begin(), driver.total_changes)
            loop.call_soon(self.commit)
        try:
            result = run_in_savepoint(driver, connection, work)
        except OperationalError as error:
            if not busy_upgrading(error) or driver.total_changes != batch.changes_at_start:
                raise
            # Only reads so far in this transaction: start it again, taking the write lock
            # first and waiting for it with the busy timeout (the units before this one keep
            # what they read), then run this unit once more.
            batch.transaction.rollback()
            connection.info[BEGIN_IMMEDIATE] = True
            try:
                batch.transaction = connection.begin()
            except Exception:
                # Still locked after the busy timeout: an outage. The units before this one
                # only read, so they are done; the next unit starts a batch of its own.
                self._batch = None
                answer_all(batch.waiters, None)
                raise
            result = run_in_savepoint(driver, connection, work)
        # One future per caller: a caller giving up cancels only its own wait, never the commit.
        committed = asyncio.get_running_loop().create_future()
        batch.waiters.append(committed)
        await committed
        return result

    def commit(self) -> None:
        batch, self._batch = self._batch, None
        if batch is None:
            return
        try:
            batch.transaction.commit()
        except Exception as exc:
            batch.transaction.rollback()
            answer_all(batch.waiters, exc)
            return
        answer_all(batch.waiters, None)

    def close(self) -> None:
        self.commit()
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _current_connection(self) -> Connection:
        # One connection, owned by the thread of the loop that first used it (the server's).
        owner = threading.get_ident()
        if self._connection is None or self._connection.closed or self._owner != owner:
            if self._connection is not None and not self._connection.closed:
                self._connection.close()
            self._connection = self._engine.connect()
            self._owner = owner
        return self._connection
