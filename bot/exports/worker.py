"""The export worker: claims due rows of the export queue, tells each destination how the
opinion stands now, and records what it answered.

Crash-safe by construction: a row is finished only after its destination answered, so a crash
mid-export leaves it claimed until its lease runs out and it is sent again; what is sent is
the opinion as it stands then, under the same score id, so the destination ends with one score
holding the latest value. Nothing here decides what to export: the feedback and people
services note every change in the queue in the transaction that makes it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Protocol

from bot.exports.change import ExportChange, describe_claimed
from bot.exports.destination import Destination, Outcome, RetryLater
from bot.exports.outcomes import settle
from bot.exports.pacing import Pacer
from storage.availability import DatabaseUnavailable
from storage.database import Database, Session
from storage.repositories import export_status as export_status_repo
from storage.repositories import exports as exports_repo
from storage.repositories.exports import ExportItem

log = logging.getLogger(__name__)

LAG_EVERY_SECONDS = 1.0
FLUSH_AT = 64
FLUSH_EVERY_SECONDS = 0.05


class ExportObserver(Protocol):
    def count_export(self, destination: str, outcome: str) -> None: ...

    def set_export_lag(self, destination: str, seconds: float) -> None: ...


class ExportWorker:
    def __init__(
        self,
        database: Database,
        destinations: Sequence[Destination],
        *,
        key: bytes,
        raw_user_ids: bool = False,
        concurrency: int = 8,
        backoff: float = 1.0,
        backoff_cap: float = 300.0,
        lease_seconds: float = 120.0,
        idle_seconds: float = 0.5,
    ) -> None:
        self._db = database
        self._destinations = {destination.name: destination for destination in destinations}
        self._pacers = {destination.name: Pacer() for destination in destinations}
        self._key = key
        self._raw = raw_user_ids
        self._concurrency = concurrency
        self._backoff = backoff
        self._cap = backoff_cap
        self._lease = timedelta(seconds=lease_seconds)
        self._idle = idle_seconds
        self._tasks: list[asyncio.Task[None]] = []
        self._queue: asyncio.Queue[tuple[ExportItem, ExportChange]] = asyncio.Queue(
            maxsize=concurrency * 2
        )
        self._done: list[tuple[ExportItem, Outcome]] = []
        self._flush_now = asyncio.Event()
        self._wake = asyncio.Event()
        self._lag_at = 0.0
        self.observers: list[ExportObserver] = []

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._destinations)

    def start(self) -> None:
        """A feeder claims rows ahead of the senders, `concurrency` senders deliver, a recorder
        writes outcomes in batches: the destination never waits on our database."""
        if self._destinations and not self._tasks:
            self._tasks = [
                asyncio.create_task(self._feed()),
                asyncio.create_task(self._record()),
                *(asyncio.create_task(self._send()) for _ in range(self._concurrency)),
            ]

    def wake(self) -> None:
        self._wake.set()

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        # Claimed but not sent: due again now (a crash leaves them to their lease instead).
        while not self._queue.empty():
            item, _change = self._queue.get_nowait()
            self._done.append((item, RetryLater(reason="stopped", after=0.0)))
        with contextlib.suppress(Exception):
            await self._flush()
        for destination in self._destinations.values():
            await destination.close()

    async def _feed(self) -> None:
        failing = False
        while True:
            self._wake.clear()
            try:
                items = await self._claim()
                failing = False
            except Exception as error:
                # A database outage is logged once, where it is noticed (storage/availability).
                if not failing and not isinstance(error, DatabaseUnavailable):
                    log.warning("export claim failed (%s)", type(error).__name__)
                failing, items = True, []
            for pair in items:
                await self._queue.put(pair)
            if not items:
                # The rest first: a wait() created before an await that gets cancelled (at
                # shutdown) would never be awaited.
                rest = await self._rest()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), rest)

    async def _rest(self) -> float:
        """Until the next row comes due (a refused row's Retry-After), at most the idle poll."""
        names = self.names
        try:
            due = await self._db.run(
                lambda session: export_status_repo.next_due(session, destinations=names)
            )
        except Exception:
            return self._idle
        if due is None:
            return self._idle
        return min(self._idle, max(0.005, (due - datetime.now(UTC)).total_seconds()))

    async def _claim(self) -> list[tuple[ExportItem, ExportChange]]:
        now = datetime.now(UTC)
        names = self.names

        def work(session: Session) -> list[tuple[ExportItem, ExportChange]]:
            items = exports_repo.claim(
                session,
                now=now,
                until=now + self._lease,
                limit=self._concurrency * 2,
                destinations=names,
            )
            changes = describe_claimed(session, items, key=self._key, raw_user_ids=self._raw)
            return list(zip(items, changes, strict=True))

        return await self._db.run(work)

    async def _send(self) -> None:
        while True:
            item, change = await self._queue.get()
            outcome = await self._deliver(item, change)
            self._done.append((item, outcome))
            if len(self._done) >= FLUSH_AT:
                self._flush_now.set()

    async def _record(self) -> None:
        failing = False
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._flush_now.wait(), FLUSH_EVERY_SECONDS)
            self._flush_now.clear()
            try:
                await self._flush()
                await self._observe_lag()
                failing = False
            except Exception as error:  # kept in memory and written next time; else re-sent
                if not failing:
                    log.warning("export record failed (%s)", type(error).__name__)
                failing = True

    async def _flush(self) -> None:
        done, self._done = self._done, []
        if not done:
            return
        try:
            await self._db.run(lambda session: self._finish(session, done))
        except Exception:
            self._done = done + self._done
            raise

    async def _deliver(self, item: ExportItem, change: ExportChange) -> Outcome:
        pacer = self._pacers[item.destination]
        gap = await pacer.wait_turn()
        try:
            outcome = await self._destinations[item.destination].deliver(change)
        except Exception as error:  # a bug or an unexpected transport error: try later
            log.warning("export to %s failed (%s)", item.destination, type(error).__name__)
            return RetryLater(reason=type(error).__name__)
        if isinstance(outcome, RetryLater) and outcome.rate_limited:
            pacer.refused(gap)
        elif not isinstance(outcome, RetryLater):
            pacer.accepted()
        return outcome

    def _finish(self, session: Session, done: list[tuple[ExportItem, Outcome]]) -> None:
        now = datetime.now(UTC)
        for item, outcome in done:
            status, due, error, counted = settle(
                item, outcome, now, backoff=self._backoff, cap=self._cap
            )
            exports_repo.finish(session, item=item, status=status, now=now, due_at=due, error=error)
            for observer in self.observers:
                observer.count_export(item.destination, counted)

    async def _observe_lag(self) -> None:
        if not self.observers or time.monotonic() - self._lag_at < LAG_EVERY_SECONDS:
            return
        self._lag_at = time.monotonic()
        oldest = await self._db.run(export_status_repo.oldest_undelivered)
        now = datetime.now(UTC)
        for name in self.names:
            seconds = (now - oldest[name]).total_seconds() if name in oldest else 0.0
            for observer in self.observers:
                observer.set_export_lag(name, max(0.0, seconds))
