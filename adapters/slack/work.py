"""Work after the ack, on a few workers instead of one task per event.

Bolt runs each event's listener as its own task after acking. Under a burst that means
hundreds of tasks contending for the database and crowding the event loop, so the *next*
request's ack waits behind them (measured: p99 ack 194 ms at 200 events/s). A listener here
only enqueues; a fixed number of workers drain the queue. A full queue makes the enqueuing
listener wait (it has already acked), which bounds memory without dropping anything.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from adapters.failures import log_failure

log = logging.getLogger(__name__)
Job = Callable[[], Awaitable[None]]


class WorkQueue:
    def __init__(self, workers: int = 4, capacity: int = 10_000) -> None:
        self._workers = workers
        self._capacity = capacity
        self._queue: asyncio.Queue[Job] | None = None
        self._tasks: list[asyncio.Task[None]] = []

    async def submit(self, job: Job) -> None:
        if self._queue is None:
            # Built on first use, inside the loop that serves requests.
            self._queue = asyncio.Queue(self._capacity)
            self._tasks = [asyncio.create_task(self._work()) for _ in range(self._workers)]
        await self._queue.put(job)

    async def _work(self) -> None:
        assert self._queue is not None
        while True:
            job = await self._queue.get()
            try:
                await job()
            except Exception as error:
                # One bad event must not stop the worker.
                log_failure(log, "Slack work item", error)
            finally:
                self._queue.task_done()

    async def drain(self, grace_s: float = 5.0) -> None:
        """On shutdown: finish what was acked (up to `grace_s`), then stop the workers."""
        if self._queue is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._queue.join(), grace_s)
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        self._queue = None
