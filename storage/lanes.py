"""Group commit on PostgreSQL: a few writer lanes on the event loop, each running whole batches.

Why: a thread hop and a pool checkout per unit of work, plus BEGIN and COMMIT round trips
for each, held Groundswell at 0.13-0.25x a raw psycopg server (bench/ingest.py). Units that
the event loop hands over in the same pass travel to a lane together, and a lane runs
everything queued in one transaction on one connection, with one COMMIT for all; a failing
unit still rolls back alone. Every caller gets its answer only after that COMMIT, the
promise the SQLite path keeps (storage/database.py).

Why on the loop: lanes were writer threads, and every round trip cost a wake-up and a
handover of the GIL between a lane and the loop. Now a lane is a task with its own
connection on psycopg's async driver, and runs a batch's synchronous units of work inside
a greenlet (SQLAlchemy's `greenlet_spawn`, what its asyncio extension runs on): a unit's
statements wait for the network without blocking the loop, and no thread is involved.
Like SQLite's inline units, a unit must therefore not block on anything but the database.

How a lane runs one transaction (savepoints after a failure, deadlock retries):
storage/lane.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.util import greenlet_spawn

from storage.lane import Lane, Unit

# Bounds a transaction's subtransactions: past 64 per backend PostgreSQL spills them to disk.
BATCH_MAX = 48


def answer(units: list[Unit]) -> None:
    """Hand each caller its result, unless it stopped waiting."""
    for unit in units:
        if unit.future.done():
            continue
        if unit.error is not None:
            unit.future.set_exception(unit.error)
        else:
            unit.future.set_result(unit.result)


class LoopLanes:
    """The lanes of one event loop. A server has one loop; tests and CLI commands may run a
    Database on several loops one after another, and an async connection stays on its loop."""

    def __init__(self, engine: Engine, count: int) -> None:
        self.loop = asyncio.get_running_loop()
        self._engine = engine
        self._queue: asyncio.Queue[list[Unit] | None] = asyncio.Queue()
        self._pending: list[Unit] = []
        self._tasks = [
            self.loop.create_task(self._serve(), name=f"groundswell-db-{index}")
            for index in range(count)
        ]

    def add(self, unit: Unit) -> None:
        if not self._pending:
            self.loop.call_soon(self._dispatch)
        self._pending.append(unit)

    def _dispatch(self) -> None:
        units, self._pending = self._pending, []
        self._queue.put_nowait(units)

    async def _serve(self) -> None:
        lane = Lane(self._engine)
        try:
            while (units := await self._queue.get()) is not None:
                # Whatever else arrived meanwhile joins this batch.
                while len(units) < BATCH_MAX and not self._queue.empty():
                    more = self._queue.get_nowait()
                    if more is None:
                        self._queue.put_nowait(None)  # another lane's stop signal
                        break
                    units.extend(more)
                remaining = units
                while remaining:
                    done, remaining = await greenlet_spawn(lane.run_transaction, remaining)
                    answer(done)
        finally:
            await greenlet_spawn(lane.close)

    async def stop(self) -> None:
        for _ in self._tasks:
            self._queue.put_nowait(None)
        await asyncio.gather(*self._tasks, return_exceptions=True)


class Lanes:
    def __init__(self, engine: Engine, count: int) -> None:
        self.engine = engine
        self.count = count
        self._by_loop: dict[asyncio.AbstractEventLoop, LoopLanes] = {}

    async def run(self, work: Callable[[Connection], Any]) -> Any:
        loop = asyncio.get_running_loop()
        lanes = self._by_loop.get(loop)
        if lanes is None:
            # Loops that ended took their lanes with them (asyncio.run cancels its tasks).
            self._by_loop = {at: kept for at, kept in self._by_loop.items() if not at.is_closed()}
            lanes = self._by_loop[loop] = LoopLanes(self.engine, self.count)
        unit = Unit(work, loop.create_future())
        lanes.add(unit)
        return await unit.future

    async def stop(self) -> None:
        """Stop this loop's lanes once their queued units are answered."""
        lanes = self._by_loop.pop(asyncio.get_running_loop(), None)
        if lanes is not None:
            await lanes.stop()
