"""Meeting someone on Slack: their profile is fetched in the background, at most once a day.

After a listener's work is done (so a person it stored exists), `notice` queues the person;
one worker asks the directory to refresh each, which fetches users.info only when the
stored profile is missing or a day old, and never for someone not stored (a reaction on a
message that is no AI answer stores nobody, and someone forgotten stays forgotten). A
person noticed within the last hour is not queued again, so a busy channel costs nothing.
A 429 pauses the worker for Retry-After; a full queue drops the notice (the next one, or a
survey's lazy refresh, catches up).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable

from adapters.failures import log_failure
from bot.chat.messenger import RateLimited
from bot.people.directory import Directory
from bot.records import PersonRef

log = logging.getLogger(__name__)

REMEMBER_SECONDS = 3600.0
REMEMBER_AT_MOST = 50_000
Work = Callable[[], Awaitable[None]]


class ProfileRefresher:
    def __init__(self, directory: Directory, capacity: int = 1000) -> None:
        self._directory = directory
        self._capacity = capacity
        self._queue: asyncio.Queue[PersonRef] | None = None
        self._task: asyncio.Task[None] | None = None
        self._noticed: dict[PersonRef, float] = {}

    def notice(self, person: PersonRef | None) -> None:
        """Queue the person for a profile refresh (cheap; never waits)."""
        if person is None:
            return
        now = time.monotonic()
        last = self._noticed.get(person)
        if last is not None and now - last < REMEMBER_SECONDS:
            return
        if len(self._noticed) >= REMEMBER_AT_MOST:
            self._noticed.clear()
        if self._queue is None:
            self._queue = asyncio.Queue(self._capacity)
            self._task = asyncio.create_task(self._work(self._queue))
        try:
            self._queue.put_nowait(person)
        except asyncio.QueueFull:
            return
        self._noticed[person] = now

    async def settle(self) -> None:
        """Until every queued refresh is done (shutdown and tests: nothing fetched later)."""
        if self._queue is not None:
            await self._queue.join()

    def after(self, work: Work, person: PersonRef | None) -> Work:
        """`work`, then notice the person it came from (only if it succeeded)."""

        async def run() -> None:
            await work()
            self.notice(person)

        return run

    async def _work(self, queue: asyncio.Queue[PersonRef]) -> None:
        while True:
            person = await queue.get()
            try:
                await self._directory.refresh(person)
            except RateLimited as limited:
                self._noticed.pop(person, None)  # asked again at their next event
                await asyncio.sleep(limited.retry_after)
            except Exception as error:
                log_failure(log, "Slack profile refresh", error)
            finally:
                queue.task_done()

    async def join(self) -> None:
        """Return once every noticed person has been refreshed (tests wait on this)."""
        if self._queue is not None:
            await self._queue.join()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None
        self._queue = None
