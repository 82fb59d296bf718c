"""The database: one unit of work is one synchronous function over a Core connection.

Why synchronous: async SQLAlchemy over aiosqlite hops to a worker thread four times per
statement (~300 µs each here), which capped feedback at ~235 writes/s against a plain-sqlite3
floor of ~9,600/s (bench/ingest.py). So a unit of work runs where the database lives:

- embedded SQLite: inline on the event loop, on the process's one connection. SQLite is an
  in-process library whose statements take microseconds; one connection also serialises
  writers, which SQLite needs anyway. Units that run in the same pass of the event loop share
  one COMMIT (group commit), each inside its own SAVEPOINT so a failing unit rolls back
  alone; every caller still gets its answer only after that COMMIT.
- PostgreSQL: on a few writer lanes (storage/lanes.py), tasks on the loop with psycopg's
  async driver, so network round trips never block the loop, with the same group commit:
  units queued together share one transaction and one COMMIT, a failing unit rolls back
  alone (storage/lane.py), every caller is answered after the COMMIT.

Either way the function gets a connection inside a transaction that commits when it returns
and rolls back if it raises. Repositories take that connection and never commit. A database
that cannot be reached or written raises `DatabaseUnavailable` (see storage/availability.py),
and `availability` tells its listeners when such an outage starts and when it ends.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.pool import NullPool

from storage.availability import Availability, DatabaseUnavailable, unavailable_cause
from storage.lanes import Lanes
from storage.sqlite_batch import (
    SqliteBatches,
    begin_explicitly,
    hand_transactions_to_sqlalchemy,
    tune_sqlite,
)

T = TypeVar("T")

# What repositories take: the unit of work's connection, already inside its transaction.
Session = Connection

# Raised when a write loses a race on a unique constraint; services catch it and retry.
Conflict = IntegrityError

POSTGRES_POOL = 10
# Writer lanes on PostgreSQL: two, so one slow unit (an export) does not stall writes. Not
# more: lanes share the event loop, and a lane's round trip waits for the loop's next pass,
# so fewer lanes carry bigger batches and fewer round trips per write. bench/ingest.py, flat
# out, with batches pipelined (storage/pipeline.py): 2 lanes 3,144/s, 1 lane 2,960-3,365/s,
# 3 and 4 lanes 2,921-2,956/s; before pipelining 2 lanes led 4 by 8-12% too.
POSTGRES_LANES = 2
# A server that does not answer (a network partition) must fail fast, as a refused one does,
# not hold every worker thread for the kernel's two-minute TCP timeout.
POSTGRES_CONNECT_TIMEOUT_SECONDS = 5


def orm_view(session: Session) -> OrmSession:
    """The ORM on the unit of work's connection, for reads that join several tables.

    It joins the unit's transaction and never commits it.
    """
    return OrmSession(bind=session, join_transaction_mode="conditional_savepoint")


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


def create_lane_engine(url: str) -> AsyncEngine:
    """The PostgreSQL writer lanes' connections, on psycopg's async driver: one each,
    long-lived, no pre-ping. Not pooled: a lane holds its connection for its life, and an
    async connection must not pass to another event loop's lane."""
    engine = create_async_engine(
        sync_url(url), poolclass=NullPool, connect_args=postgres_connect_args(url)
    )
    event.listen(engine.sync_engine, "connect", leave_transactions_to_the_lane)
    return engine


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = create_sync_engine(url)
        self._inline = is_sqlite(url)
        self._sqlite = SqliteBatches(self.engine) if self._inline else None
        self._lane_engine = None if self._inline else create_lane_engine(url)
        self._lanes = (
            None
            if self._lane_engine is None
            else Lanes(self._lane_engine.sync_engine, POSTGRES_LANES)
        )
        self._library_engine: Engine | None = None
        self.availability = Availability()

    async def run(self, work: Callable[[Session], T]) -> T:
        """Run one unit of work in its own transaction: commit on return, roll back on raise.
        DatabaseUnavailable when the database cannot be reached or written."""
        if self._sqlite is not None:
            return await self._reached(self._sqlite.run(work))
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
        if self._sqlite is not None:
            self._sqlite.close()
        if self._lanes is not None:
            await self._lanes.stop()
        if self._lane_engine is not None:
            await self._lane_engine.dispose()
        self.engine.dispose()
        if self._library_engine is not None:
            self._library_engine.dispose()
