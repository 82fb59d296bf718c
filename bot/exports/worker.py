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

from bot.exports.backoff import retry_delay
from bot.exports.change import ExportChange, describe_change
from bot.exports.destination import (
    Delivered,
    Destination,
    NotExportable,
    Outcome,
    Refused,
    RetryLater,
)
from storage.database import Database, Session
from storage.repositories import exports as exports_repo
from storage.repositories.exports import ExportItem

log = logging.getLogger(__name__)

LAG_EVERY_SECONDS = 1.0


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
        self._key = key
        self._raw = raw_user_ids
        self._concurrency = concurrency
        self._backoff = backoff
        self._cap = backoff_cap
        self._lease = timedelta(seconds=lease_seconds)
        self._idle = idle_seconds
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._lag_at = 0.0
        self.observers: list[ExportObserver] = []

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._destinations)

    def start(self) -> None:
        if self._destinations and self._task is None:
            self._task = asyncio.create_task(self._run())

    def wake(self) -> None:
        self._wake.set()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        for destination in self._destinations.values():
            await destination.close()

    async def export_once(self) -> int:
        """Claim a batch, deliver it, record the outcomes; how many rows were claimed."""
        now = datetime.now(UTC)
        names = self.names
        items = await self._db.run(
            lambda session: exports_repo.claim(
                session,
                now=now,
                until=now + self._lease,
                limit=self._concurrency * 8,
                destinations=names,
            )
        )
        if items:
            changes = await self._db.run(lambda session: self._describe(session, items))
            slots = asyncio.Semaphore(self._concurrency)
            outcomes = await asyncio.gather(
                *(
                    self._deliver(slots, item, change)
                    for item, change in zip(items, changes, strict=True)
                )
            )
            await self._db.run(lambda session: self._finish(session, items, outcomes))
        await self._observe_lag()
        return len(items)

    def _describe(self, session: Session, items: list[ExportItem]) -> list[ExportChange]:
        return [
            describe_change(
                item,
                exports_repo.read_opinion(
                    session, person_id=item.person_id, output_id=item.output_id
                ),
                key=self._key,
                raw_user_ids=self._raw,
            )
            for item in items
        ]

    async def _deliver(
        self, slots: asyncio.Semaphore, item: ExportItem, change: ExportChange
    ) -> Outcome:
        async with slots:
            try:
                return await self._destinations[item.destination].deliver(change)
            except Exception as error:  # a bug or an unexpected transport error: try later
                log.warning("export to %s failed (%s)", item.destination, type(error).__name__)
                return RetryLater(reason=type(error).__name__)

    def _finish(self, session: Session, items: list[ExportItem], outcomes: list[Outcome]) -> None:
        now = datetime.now(UTC)
        for item, outcome in zip(items, outcomes, strict=True):
            status, due, error, counted = self._settle(item, outcome, now)
            exports_repo.finish(session, item=item, status=status, now=now, due_at=due, error=error)
            for observer in self.observers:
                observer.count_export(item.destination, counted)

    def _settle(
        self, item: ExportItem, outcome: Outcome, now: datetime
    ) -> tuple[str, datetime | None, str | None, str]:
        match outcome:
            case Delivered():
                return exports_repo.SENT, None, None, "sent"
            case NotExportable(reason=reason):
                return exports_repo.UNEXPORTABLE, None, reason, "not_exportable"
            case Refused(reason=reason):
                log.warning("export to %s refused (%s): parked", item.destination, reason)
                return exports_repo.FAILED, None, reason, "failed"
            case RetryLater(reason=reason, after=after):
                delay = retry_delay(
                    item.attempts, base=self._backoff, cap=self._cap, retry_after=after
                )
                return exports_repo.PENDING, now + timedelta(seconds=delay), reason, "retried"
        raise AssertionError(outcome)  # pragma: no cover - the match is exhaustive

    async def _observe_lag(self) -> None:
        if not self.observers or time.monotonic() - self._lag_at < LAG_EVERY_SECONDS:
            return
        self._lag_at = time.monotonic()
        oldest = await self._db.run(exports_repo.oldest_undelivered)
        now = datetime.now(UTC)
        for name in self.names:
            seconds = (now - oldest[name]).total_seconds() if name in oldest else 0.0
            for observer in self.observers:
                observer.set_export_lag(name, max(0.0, seconds))

    async def _run(self) -> None:
        failing = False
        while True:
            try:
                claimed = await self.export_once()
                failing = False
            except Exception as error:
                if not failing:
                    log.warning("export round failed (%s)", type(error).__name__)
                failing = True
                claimed = 0
            if not claimed:
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self._idle)
