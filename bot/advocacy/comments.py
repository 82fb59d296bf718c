"""The comment reader: reads stored feedback comments for wins after they are acknowledged.

Why not in the request: the win detector costs 0.1–0.3 ms of CPU a text, and with a model
configured a comment waited for the model (up to 1.5 s, fewer than that under a burst, when
most texts fell back to the rules). Now `POST /api/v1/feedback` and the chat flows answer once
the comment is stored, and the model gets its whole timeout here.

How it stays exact: it reads the feedback change feed (storage/repositories/feedback_listing)
from a position stored in the database, records the wins it finds (idempotent on the key
`comment:{event key}`), and only then stores the new position. A crash in between reads those
comments again and records nothing twice; a write is never skipped (the feed never skips).
With several replicas, one holds the lease and reads; another takes over when it lapses.
Every process wakes its reader when it stores a comment, and polls otherwise.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from datetime import UTC, datetime, timedelta

from bot.advocacy.detect import WinDetector
from bot.advocacy.wins import WinService
from bot.errors import PersonForgotten
from bot.outages import OutageLog
from bot.records import FeedbackEvent, Recorded
from storage.availability import DatabaseUnavailable
from storage.database import Database
from storage.repositories import feed_readers
from storage.repositories.feedback_listing import FeedPosition

log = logging.getLogger(__name__)

NAME = "comments"
PAGE = 100  # changes read per round trip (small: the loop serves requests between pages)
LEASE = timedelta(seconds=60)  # a replica that died without giving it up is replaced after this
POLL_SECONDS = 5.0  # another replica's comments, when nothing wakes this one
GATHER = 0.2  # seconds a pass waits for more comments to arrive before it reads
BEHIND = 0.05  # seconds before looking again when an open transaction held the feed back
# Comments judged together (a model answers several at once); between chunks the lease is
# renewed once a third of it has passed, so a slow model never lets it lapse mid-page.
CHUNK = 8


class CommentReader:
    def __init__(
        self, database: Database, wins: WinService, *, poll_seconds: float = POLL_SECONDS
    ) -> None:
        self._db = database
        self._wins = wins
        self._poll = poll_seconds
        self.holder = uuid.uuid4().hex  # this process, as the lease knows it
        self._wake = asyncio.Event()
        self._reading = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self._behind = False  # the last pass stopped at a change an open transaction holds
        self._outage = OutageLog(log, "reading comments for wins", "they wait in the feed")
        # With a model configured: one with the model's whole timeout (nobody waits here).
        self.detector: WinDetector | None = None

    def noticed(self, event: FeedbackEvent, recorded: Recorded) -> None:
        """A FeedbackListener: a newly stored comment wakes the reader."""
        if event.comment and recorded.created:
            self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        with contextlib.suppress(Exception):  # the lease runs out by itself otherwise
            await self._db.run(
                lambda session: feed_readers.give_up_lease(session, name=NAME, holder=self.holder)
            )

    async def catch_up(self, *, settle_seconds: float = 5.0) -> int:
        """Read every comment stored before this call; how many were judged. On PostgreSQL a
        change is read once every transaction older than it has ended (the feed never skips),
        so this waits up to `settle_seconds` for those; 0 reads what is readable now. Returns
        at once while another replica holds the lease."""
        async with self._reading:
            self._behind = False
            target, stood = await self._db.run(
                lambda session: (
                    feed_readers.feed_end(session),
                    feed_readers.stored_position(session, name=NAME),
                )
            )
            if stood is None or stood >= target:
                return 0  # nothing new: a poll only reads (the lease is a write)
            deadline = time.monotonic() + settle_seconds
            judged, reached = 0, None
            while True:
                page = await self._read_page()
                if page is None:
                    return judged
                count, position = page
                judged += count
                if position >= target:
                    return judged
                if position == reached:  # no progress: an older transaction still runs
                    if time.monotonic() >= deadline:
                        self._behind = True  # look again soon, not at the next poll
                        return judged
                    await asyncio.sleep(0.02)
                reached = position

    async def _consider(self, event: FeedbackEvent) -> None:
        with contextlib.suppress(PersonForgotten):  # forgotten since: nothing to keep
            await self._wins.consider_comment(event, detector=self.detector)

    async def _renew(self) -> bool:
        now = datetime.now(UTC)
        held = await self._db.run(
            lambda session: feed_readers.take_lease(
                session, name=NAME, holder=self.holder, now=now, until=now + LEASE
            )
        )
        return held is not None

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            try:
                await self.catch_up(settle_seconds=0)
                self._outage.worked()
            except DatabaseUnavailable:
                pass  # logged once by the database itself; the feed keeps the comments
            except Exception as error:  # a bug or a dependency: the feed keeps the comments
                self._outage.failed(type(error).__name__)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), BEHIND if self._behind else self._poll)
            # Comments arriving together are read together: a pass costs four statements
            # whatever it reads, and a pass per comment cost more than the comments under load.
            await asyncio.sleep(GATHER)

    async def _read_page(self) -> tuple[int, FeedPosition] | None:
        """One page: take the lease, judge its comments, store the position. How many were
        judged and where the reader stands; None when another replica holds the lease."""
        now = datetime.now(UTC)
        page = await self._db.run(
            lambda session: feed_readers.lease_and_read(
                session, name=NAME, holder=self.holder, now=now, until=now + LEASE, limit=PAGE
            )
        )
        if page is None:
            return None
        position, comments, last = page
        renewed = time.monotonic()
        for start in range(0, len(comments), CHUNK):
            if time.monotonic() - renewed > LEASE.total_seconds() / 3:
                if not await self._renew():
                    return None  # the lease lapsed and was taken: the rest is theirs
                renewed = time.monotonic()
            chunk = comments[start : start + CHUNK]
            if self.detector is not None:  # a model answers several at once
                await asyncio.gather(*(self._consider(event) for event in chunk))
                continue
            for event in chunk:  # the rules: one text at a time, requests in between
                await self._consider(event)
                await asyncio.sleep(0)
        if last != position:
            moved = await self._db.run(
                lambda session: feed_readers.move_to(
                    session, name=NAME, holder=self.holder, position=last, now=datetime.now(UTC)
                )
            )
            if not moved:
                return None
        return len(comments), last
