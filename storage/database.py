"""The database: one unit of work is one synchronous function over a Core connection.

Why synchronous: async SQLAlchemy over aiosqlite hops to a worker thread four times per
statement (~300 µs each here), which capped feedback at ~235 writes/s against a plain-sqlite3
floor of ~9,600/s (bench/ingest.py). So a unit of work runs where the database lives:

- embedded SQLite: inline on the event loop, on the process's one connection. SQLite is an
  in-process library whose statements take microseconds; one connection also serialises
  writers, which SQLite needs anyway. Units that run in the same pass of the event loop share
  one COMMIT (group commit), each inside its own SAVEPOINT so a failing unit rolls back
  alone; every caller still gets its answer only after that COMMIT.
- PostgreSQL: on a few writer threads (storage/lanes.py), so network round trips never block
  the loop, with the same group commit: units queued together share one transaction and one
  COMMIT, a failing unit rolls back alone (storage/lane.py), every caller is answered after
  the COMMIT.

Either way the function gets a connection inside a transaction that commits when it returns
and rolls back if it raises. Repositories take that connection and never commit. A database
that cannot be reached or written raises `DatabaseUnavailable` (see storage/availability.py),
and `availability` tells its listeners when such an outage starts and when it ends.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, RootTransaction, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session as OrmSession

from storage.availability import Availability, DatabaseUnavailable, unavailable_cause
from storage.lanes import Lanes

T = TypeVar("T")

# What repositories take: the unit of work's connection, already inside its transaction.
Session = Connection

# Raised when a write loses a race on a unique constraint; services catch it and retry.
Conflict = IntegrityError

SQLITE_BUSY = 5
BEGIN_IMMEDIATE = "groundswell_begin_immediate"
POSTGRES_POOL = 10
# Writer threads on PostgreSQL: enough that one slow unit (an export) does not stall writes.
POSTGRES_LANES = 4
# A server that does not answer (a network partition) must fail fast, as a refused one does,
# not hold every worker thread for the kernel's two-minute TCP timeout.
POSTGRES_CONNECT_TIMEOUT_SECONDS = 5


def orm_view(session: Session) -> OrmSession:
    """The ORM on the unit of work's connection, for reads that join several tables.

    It joins the unit's transaction and never commits it.
    """
    return OrmSession(bind=session, join_transaction_mode="conditional_savepoint")


def answer_all(waiters: list[asyncio.Future[None]], error: BaseException | None) -> None:
    for waiter in waiters:
        if waiter.done():
            continue
        if error is None:
            waiter.set_result(None)
        else:
            waiter.set_exception(error)


def run_in_savepoint(driver: Any, connection: Connection, work: Callable[[Session], T]) -> T:
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


def sync_url(url: str) -> str:
    """The blocking driver we run on, whatever the operator wrote."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise ValueError(
            f"unsupported database {backend!r}: use sqlite:/// or postgresql+psycopg://"
        )
    driver = "sqlite" if backend == "sqlite" else "postgresql+psycopg"
    return parsed.set(drivername=driver).render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


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


def create_sync_engine(url: str) -> Engine:
    if is_sqlite(url):
        engine = create_engine(sync_url(url), pool_size=1, max_overflow=0)
        event.listen(engine, "connect", tune_sqlite)
        event.listen(engine, "connect", hand_transactions_to_sqlalchemy)
        event.listen(engine, "begin", begin_explicitly)
        return engine
    # pre_ping replaces connections a restarted server dropped: recovery needs no restart.
    return create_engine(
        sync_url(url),
        pool_size=POSTGRES_POOL,
        max_overflow=0,
        pool_pre_ping=True,
        pool_timeout=10,
        connect_args=postgres_connect_args(url),
    )


def postgres_connect_args(url: str) -> dict[str, Any]:
    query = make_url(url).query
    return (
        {} if "connect_timeout" in query else {"connect_timeout": POSTGRES_CONNECT_TIMEOUT_SECONDS}
    )


def leave_transactions_to_the_lane(dbapi_connection: Any, _record: Any) -> None:
    # psycopg would send its own BEGIN before a lane's first statement; the lane sends it
    # instead, as its liveness check (storage/lanes.py).
    dbapi_connection.autocommit = True


def create_lane_engine(url: str) -> Engine:
    """The PostgreSQL writer lanes' connections: one each, long-lived, no pre-ping."""
    engine = create_engine(
        sync_url(url),
        pool_size=POSTGRES_LANES,
        max_overflow=0,
        pool_timeout=10,
        connect_args=postgres_connect_args(url),
    )
    event.listen(engine, "connect", leave_transactions_to_the_lane)
    return engine


@dataclass
class Batch:
    """Units of work sharing one SQLite transaction until the loop's next pass commits it."""

    transaction: RootTransaction
    changes_at_start: int
    waiters: list[asyncio.Future[None]] = field(default_factory=list)


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = create_sync_engine(url)
        self._inline = is_sqlite(url)
        self._sqlite: Connection | None = None
        self._batch: Batch | None = None
        self._sqlite_owner: int | None = None
        self._lanes = None if self._inline else Lanes(create_lane_engine(url), POSTGRES_LANES)
        self._library_engine: Engine | None = None
        self.availability = Availability()

    async def run(self, work: Callable[[Session], T]) -> T:
        """Run one unit of work in its own transaction: commit on return, roll back on raise.
        DatabaseUnavailable when the database cannot be reached or written."""
        if self._inline:
            return await self._reached(self._run_in_batch(work))
        assert self._lanes is not None
        return await self._reached(self._lanes.run(work))

    async def run_apart(self, work: Callable[[Session], T]) -> T:
        """`run` for a long unit that mostly reads (a report): on PostgreSQL on a pooled
        connection of its own, beside other such units, and out of the writer lanes, where
        every write grouped with it would wait for its COMMIT. On SQLite the same as `run`."""
        if self._inline:
            return await self.run(work)
        return await self._reached(asyncio.to_thread(self._run_pooled, work))

    def _run_pooled(self, work: Callable[[Session], T]) -> T:
        with self.engine.connect() as connection, connection.begin():
            return work(connection)

    async def _reached(self, running: Awaitable[T]) -> T:
        try:
            result = await running
        except Exception as error:
            cause = unavailable_cause(error)
            if cause is None:
                raise
            unavailable = DatabaseUnavailable(cause)
            self.availability.failed(unavailable)
            raise unavailable from error
        self.availability.reached()
        return result

    async def _run_in_batch(self, work: Callable[[Session], T]) -> T:
        connection = self._sqlite_connection()
        batch = self._batch
        driver = connection.connection.driver_connection
        assert driver is not None
        if batch is None:
            loop = asyncio.get_running_loop()
            batch = self._batch = Batch(connection.begin(), driver.total_changes)
            loop.call_soon(self._commit_batch)
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

    def _commit_batch(self) -> None:
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

    def _sqlite_connection(self) -> Connection:
        # One connection, owned by the thread of the loop that first used it (the server's).
        owner = threading.get_ident()
        if self._sqlite is None or self._sqlite.closed or self._sqlite_owner != owner:
            if self._sqlite is not None and not self._sqlite.closed:
                self._sqlite.close()
            self._sqlite = self.engine.connect()
            self._sqlite_owner = owner
        return self._sqlite

    async def ping(self) -> None:
        await self.run(lambda session: session.execute(text("SELECT 1")))

    @property
    def library_engine(self) -> Engine:
        """A second engine on the same database, for libraries that bring their own SQLAlchemy
        code (slack-sdk's OAuth stores). Use it from worker threads only: on SQLite a caller on
        the loop could wait for a write lock that only the loop itself can release."""
        if self._library_engine is None:
            self._library_engine = create_sync_engine(self.url)
        return self._library_engine

    async def dispose(self) -> None:
        self._commit_batch()
        if self._sqlite is not None:
            self._sqlite.close()
            self._sqlite = None
        if self._lanes is not None:
            self._lanes.stop()
            self._lanes.engine.dispose()
        self.engine.dispose()
        if self._library_engine is not None:
            self._library_engine.dispose()
