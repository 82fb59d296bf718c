"""The durable inbox: a platform request is stored before it is acknowledged, its work runs
after the acknowledgement, and the request is deleted once that work is done.

A crash between the acknowledgement and the end of the work leaves the request here; the
adapter's sweeper claims it again (at start-up and every few seconds) and replays it. Work is
idempotent on the platform's own ids, so a replay never counts twice. An item that keeps
failing is dropped after `MAX_ATTEMPTS`, never retried forever.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pydantic import Field

from bot.records import Frozen, InboxItem, PersonRef, Platform
from storage.database import Database, Session
from storage.repositories import inbox as inbox_repo

MAX_ATTEMPTS = 5


class NewItem(Frozen):
    """A request as it arrived. `tenant`/`user_id` name who it is from, for "forget me"."""

    platform: Platform
    key: str = Field(min_length=1, max_length=255)
    kind: str = Field(min_length=1, max_length=32)
    tenant: str | None = Field(default=None, max_length=255)
    user_id: str | None = Field(default=None, max_length=255)
    body: str
    content_type: str = Field(max_length=100)


class Inbox:
    def __init__(self, database: Database, *, lease: timedelta = timedelta(seconds=60)) -> None:
        self._db = database
        self._lease = lease

    async def store(self, item: NewItem) -> int | None:
        """Stored and claimed by this process; None when the platform sent it before."""
        now = datetime.now(UTC)
        values = {
            **item.model_dump(mode="python"),
            "platform": item.platform.value,
            "received_at": now,
            "claimed_until": now + self._lease,
            "attempts": 1,
        }
        return await self._db.run(lambda session: inbox_repo.store_item(session, values=values))

    async def finish(self, item_id: int) -> None:
        await self._db.run(lambda session: inbox_repo.finish_item(session, item_id=item_id))

    async def release_all(self, platform: Platform) -> int:
        """At start-up on a single-process database: whatever was claimed, died with us."""
        return await self._db.run(
            lambda session: inbox_repo.release_claims(session, platform=platform.value)
        )

    async def claim_stale(self, platform: Platform, limit: int = 100) -> list[InboxItem]:
        now = datetime.now(UTC)

        def work(session: Session) -> list[InboxItem]:
            return inbox_repo.claim_stale(
                session, platform=platform.value, now=now, until=now + self._lease, limit=limit
            )

        return await self._db.run(work)

    async def forget(self, person: PersonRef) -> int:
        def work(session: Session) -> int:
            return inbox_repo.forget_items(
                session,
                platform=person.platform.value,
                tenant=person.tenant,
                user_id=person.user_id,
            )

        return await self._db.run(work)

    async def pending(self, platform: Platform) -> int:
        return await self._db.run(
            lambda session: inbox_repo.count_items(session, platform=platform.value)
        )
