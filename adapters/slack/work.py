"""Work after the ack, on a few workers instead of one task per event.

Bolt runs each event's listener as its own task after acking. Under a burst that means
hundreds of tasks contending for the database and crowding the event loop, so the *next*
request's ack waits behind them (measured: p99 ack 194 ms at 200 events/s). A listener here
only enqueues; a fixed number of workers drain the queues. A full queue makes the enqueuing
listener wait (it has already acked), which bounds memory without dropping anything.

Each worker has its own queue and a job's key picks it, so one person's events on one message
(a 👍 and its quick removal) run in the order Slack sent them; different people still run in
parallel.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import zlib
from collections.abc import Awaitable, Callable

from adapters.failures import log_failure

log = logging.getLogger(__name__)
Job = Callable[[], Awaitable[None]]


class WorkQueue:
    def __init__(self, workers: int = 4, capacity: int = 10_000) -> None:
        self._workers = workers
        self._capacity = capacity
        self._queues: list[asyncio.Queue[Job]] = []
        self._tasks: list[asyncio.Task[None]] = []
        self._next = itertools.count()

    async def submit(self, job: Job, key: str | None = None) -> None:
        """Queue the job; jobs with the same key run one after another, in order."""
        if not self._queues:
            # Built on first use, inside the loop that serves requests.
            size = max(1, self._capacity // self._workers)
            self._queues = [asyncio.Queue(size) for _ in range(self._workers)]
            self._tasks = [asyncio.create_task(self._work(queue)) for queue in self._queues]
        slot = zlib.crc32(key.encode()) if key is not None else next(self._next)
        await self._queues[slot % len(self._queues)].put(job)

    async def _work(self, queue: asyncio.Queue[Job]) -> None:
        while True:
            job = await queue.get()
            try:
                await job()
            except Exception as error:
                # One bad event must not stop the worker.
                log_failure(log, "Slack work item", error)
            finally:
                queue.task_done()

    async def join(self) -> None:
        """Return once every job queued so far has run (tests wait on this, not on time)."""
        for queue in list(self._queues):
            await queue.join()

    async def drain(self, grace_s: float = 5.0) -> None:
        """On shutdown: finish what was acked (up to `grace_s`), then stop the workers."""
        if self._queues:
            joined = asyncio.gather(*(queue.join() for queue in self._queues))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(joined, grace_s)
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        self._queues = []
