"""Group commit on PostgreSQL: a few writer threads ("lanes"), each running whole batches.

Why: a thread hop and a pool checkout per unit of work, plus BEGIN and COMMIT round trips
for each, held Groundswell at 0.13-0.25x a raw psycopg server (bench/ingest.py). Units that
the event loop hands over in the same pass travel to a lane together (one wake-up), and a
lane runs everything queued in one transaction on one connection, with one COMMIT for all;
a failing unit still rolls back alone. Every caller gets its answer only after that COMMIT,
the promise the SQLite path keeps (storage/database.py).

How a lane runs one transaction (savepoints after a failure, deadlock retries):
storage/lane.py.
"""

import asyncio
import contextlib
import queue
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine

from storage.lane import Lane, Unit

# Bounds a transaction's subtransactions: past 64 per backend PostgreSQL spills them to disk.
BATCH_MAX = 48


def answer(units: list[Unit]) -> None:
    """On the loop: hand each caller its result, unless it stopped waiting."""
    for unit in units:
        if unit.future.done():
            continue
        if unit.error is not None:
            unit.future.set_exception(unit.error)
        else:
            unit.future.set_result(unit.result)


def hand_back(done: list[Unit]) -> None:
    by_loop: dict[asyncio.AbstractEventLoop, list[Unit]] = {}
    for unit in done:
        by_loop.setdefault(unit.loop, []).append(unit)
    for loop, answered in by_loop.items():
        # RuntimeError: that loop closed, nobody is waiting any more.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(answer, answered)


class Lanes:
    def __init__(self, engine: Engine, count: int) -> None:
        self.engine = engine
        self.count = count
        self._queue: queue.SimpleQueue[list[Unit] | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._pending: list[Unit] = []

    async def run(self, work: Callable[[Connection], Any]) -> Any:
        loop = asyncio.get_running_loop()
        unit = Unit(work, loop, loop.create_future())
        if not self._pending:
            loop.call_soon(self._dispatch)
        self._pending.append(unit)
        return await unit.future

    def _dispatch(self) -> None:
        units, self._pending = self._pending, []
        if not self._threads:
            self._start()
        self._queue.put(units)

    def _start(self) -> None:
        for index in range(self.count):
            thread = threading.Thread(
                target=self._serve, name=f"groundswell-db-{index}", daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def _serve(self) -> None:
        lane = Lane(self.engine)
        while True:
            units = self._queue.get()
            if units is None:
                lane.close()
                return
            # Whatever else arrived meanwhile joins this batch.
            while len(units) < BATCH_MAX:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._queue.put(None)  # another lane's stop signal
                    break
                units.extend(more)
            remaining = units
            while remaining:
                done, remaining = lane.run_transaction(remaining)
                hand_back(done)

    def stop(self) -> None:
        for _ in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join()
        self._threads = []
