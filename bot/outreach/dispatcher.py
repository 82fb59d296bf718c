"""The dispatcher: sends what the outbox holds when it is due, in every process.

Each item is claimed by one process (SKIP LOCKED on PostgreSQL), so replicas share the work
without sending anything twice. A platform's 429 pauses the whole dispatcher for its
Retry-After instead of letting every worker hit the limit again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from bot.chat.messenger import RateLimited
from bot.outreach.outbox import Outreach
from bot.records import OutboxItem
from storage.availability import DatabaseUnavailable

log = logging.getLogger(__name__)


class Dispatcher:
    def __init__(
        self,
        outreach: Outreach,
        *,
        workers: int = 8,
        idle_seconds: float = 1.0,
        single_process: bool = False,
    ) -> None:
        self._outreach = outreach
        # SQLite: this is the only process, so a claim found at start-up is a crashed send's.
        self._single_process = single_process
        self._workers = workers
        self._idle = idle_seconds
        self._paused_until = 0.0
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    def wake(self) -> None:
        """Something became due now (a run was fanned out): do not wait for the next poll."""
        self._wake.set()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def dispatch_once(self) -> int:
        """Claim a batch of due items and send them; how many were claimed."""
        await self._wait_out_pause()
        items = await self._outreach.claim_due(self._workers * 4)
        if not items:
            return 0
        queue: asyncio.Queue[OutboxItem] = asyncio.Queue()
        for item in items:
            queue.put_nowait(item)
        await asyncio.gather(*(self._work(queue) for _ in range(self._workers)))
        return len(items)

    async def _work(self, queue: asyncio.Queue[OutboxItem]) -> None:
        while not queue.empty():
            await self._wait_out_pause()
            item = queue.get_nowait()
            try:
                await self._outreach.deliver(item)
            except RateLimited as limited:
                self._paused_until = max(self._paused_until, time.monotonic() + limited.retry_after)

    async def _wait_out_pause(self) -> None:
        wait = self._paused_until - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)

    async def _run(self) -> None:
        """Keep the workers busy: claim the next batch while the last one is still going out,
        so a fan-out never waits for a batch's slowest send before starting the next."""
        if self._single_process:
            with contextlib.suppress(Exception):
                await self._outreach.release_claims()
        queue: asyncio.Queue[OutboxItem] = asyncio.Queue()
        low = asyncio.Event()
        workers = [asyncio.create_task(self._serve(queue, low)) for _ in range(self._workers)]
        try:
            await self._feed(queue, low)
        finally:
            for worker in workers:
                worker.cancel()
            await asyncio.gather(*workers, return_exceptions=True)

    async def _feed(self, queue: asyncio.Queue[OutboxItem], low: asyncio.Event) -> None:
        failing = False
        while True:
            await self._wait_out_pause()
            try:
                items = await self._outreach.claim_due(self._workers * 4)
                failing = False
            except Exception as error:
                # A database outage is logged once, where it is noticed (storage/availability).
                if not failing and not isinstance(error, DatabaseUnavailable):
                    log.warning("outbox dispatch failed (%s)", type(error).__name__)
                failing = True
                items = []
            if items:
                low.clear()
                for item in items:
                    queue.put_nowait(item)
                await low.wait()  # a worker says the queue is running low
                continue
            await queue.join()  # the last batch is out before this poll counts as idle
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._idle)

    async def _serve(self, queue: asyncio.Queue[OutboxItem], low: asyncio.Event) -> None:
        while True:
            item = await queue.get()
            if queue.qsize() <= self._workers:
                low.set()
            try:
                await self._wait_out_pause()
                await self._outreach.deliver(item)
            except RateLimited as limited:
                self._paused_until = max(self._paused_until, time.monotonic() + limited.retry_after)
            except Exception as error:  # the item stays claimed; its lease brings it back
                log.warning("outbox send failed (%s)", type(error).__name__)
            finally:
                queue.task_done()
