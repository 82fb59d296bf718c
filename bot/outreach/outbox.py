"""Outreach: every message Groundswell starts goes through here.

Deciding to send writes an outbox row (one unit of work: the person may be asked, the budget
allows it, the dedupe key is free); sending claims the row, goes out through the platform's
Messenger and records what the platform answered. A crash between the two leaves a row that
the dispatcher reconciles (was it delivered? ask the platform) before anything is sent again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import Field

from bot.chat.messenger import Messenger, Outgoing, RateLimited, Unreachable
from bot.outages import OutageLog
from bot.outreach.budget import WINDOW, BudgetLimits, over_budget
from bot.records import Budget, Frozen, OutboxItem, OutboxStatus, PersonRef, Place, Platform
from storage.database import Database, Session
from storage.repositories import outbox as outbox_repo
from storage.repositories import people as people_repo

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
Allowed = Callable[[Session, int], bool]
MAX_ATTEMPTS = 5


class Send(Frozen):
    """A message to start: for whom, what, under which once-only key and which allowance."""

    person: PersonRef
    message: Outgoing
    # Once-only key; "{person}" stands for the person's id (known only to the database).
    key: str = Field(min_length=1, max_length=255)
    budget: Budget | None
    place: Place | None = None
    ephemeral: bool = False
    due_at: datetime | None = None
    # Most messages are never for someone who opted out; a few (the welcome) are.
    respect_opt_out: bool = True


@dataclass(frozen=True)
class Decision:
    """The outbox item that will carry it, or why nothing will be sent."""

    item_id: int | None = None
    skipped: str | None = None


class Outreach:
    def __init__(self, database: Database, limits: BudgetLimits) -> None:
        self._db = database
        self._limits = limits
        self._messengers: dict[Platform, Messenger] = {}
        self._outages: dict[Platform, OutageLog] = {}
        self.paused_until = 0.0  # monotonic; the dispatcher honours a platform's Retry-After

    def use(self, platform: Platform, messenger: Messenger) -> None:
        """Adapters hand over their Messenger when they are mounted."""
        self._messengers[platform] = messenger
        self._outages[platform] = OutageLog(
            log, f"sending to {platform.value}", "messages wait in the outbox and are retried"
        )

    @property
    def limits(self) -> BudgetLimits:
        return self._limits

    def messenger(self, platform: Platform) -> Messenger | None:
        """For features that update a message the outbox sent (a survey once answered)."""
        return self._messengers.get(platform)

    async def decide(self, send: Send, allowed: Allowed | None = None) -> Decision:
        """Write the outbox item, or say why not. `allowed(session, person_id)` is an extra
        rule of the caller's (a daily cap)."""
        now = datetime.now(UTC)

        def work(session: Session) -> Decision:
            person = people_repo.find_person(session, ref=send.person)
            if person is None:
                return Decision(skipped="unknown person")
            if send.respect_opt_out and person.opted_out:
                return Decision(skipped="opted out")
            key = send.key.replace("{person}", str(person.id))
            if outbox_repo.key_used(session, key=key):
                return Decision(skipped="already decided")
            if send.budget is not None:
                outbox_repo.lock_person(session, person_id=person.id)
                spent = outbox_repo.count_recent(session, person_id=person.id, since=now - WINDOW)
                if over_budget(spent, send.budget, self._limits):
                    return Decision(skipped="over budget")
            if allowed is not None and not allowed(session, person.id):
                return Decision(skipped="over the daily cap")
            values = row_values(send, person.id, now) | {"dedupe_key": key}
            item_id = outbox_repo.add_item(session, values=values)
            return Decision(item_id=item_id, skipped=None if item_id else "already decided")

        return await self._db.run(work)

    async def send_now(self, item_id: int) -> OutboxStatus | None:
        """Send one decided item at once (a prompt right after a rating); None if someone
        else holds it."""
        now = datetime.now(UTC)
        claimed = await self._db.run(
            lambda session: outbox_repo.claim(
                session, now=now, until=now + LEASE, limit=1, item_id=item_id
            )
        )
        if not claimed:
            return None
        try:
            return await self.deliver(claimed[0])
        except RateLimited:
            return OutboxStatus.PENDING  # rescheduled: the dispatcher sends it when allowed

    async def claim_due(self, limit: int) -> list[OutboxItem]:
        now = datetime.now(UTC)
        return await self._db.run(
            lambda session: outbox_repo.claim(session, now=now, until=now + LEASE, limit=limit)
        )

    async def deliver(self, item: OutboxItem) -> OutboxStatus:
        messenger = self._messengers.get(item.platform)
        if messenger is None:
            await self._retry(item, timedelta(minutes=1), "platform not configured")
            return OutboxStatus.PENDING
        message = Outgoing.model_validate(item.payload).model_copy(
            update={"ref_id": f"outbox-{item.id}"}
        )
        try:
            sent = await self._reconciled(messenger, item, message)
            if sent is None:
                sent = await send_through(messenger, item, message)
        except Unreachable as error:
            await self._finish(item, OutboxStatus.FAILED, error=f"unreachable: {error.reason}")
            return OutboxStatus.FAILED
        except RateLimited as error:
            await self._retry(item, timedelta(seconds=error.retry_after), "rate limited")
            raise
        except Exception as error:
            # Logged by kind (platform errors can quote what we tried to send), once an outage.
            self._outages[item.platform].failed(type(error).__name__)
            if item.attempts >= MAX_ATTEMPTS:
                await self._finish(item, OutboxStatus.FAILED, error=type(error).__name__)
                return OutboxStatus.FAILED
            await self._retry(item, timedelta(seconds=30 * 2**item.attempts), type(error).__name__)
            return OutboxStatus.PENDING
        self._outages[item.platform].worked()
        await self._finish(item, OutboxStatus.SENT, message_ref=sent)
        return OutboxStatus.SENT

    async def _reconciled(
        self, messenger: Messenger, item: OutboxItem, message: Outgoing
    ) -> dict[str, Any] | None:
        """A second attempt at a DM may have reached them before a crash: look first."""
        if item.attempts <= 1 or item.ephemeral or item.place is not None or item.person is None:
            return None
        found = await messenger.find_sent(item.person, message.ref_id or "")
        return found.model_dump(mode="json") if found is not None else None

    async def _finish(
        self,
        item: OutboxItem,
        status: OutboxStatus,
        *,
        message_ref: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> None:
        await self._db.run(
            lambda session: outbox_repo.finish(
                session, item_id=item.id, status=status, message_ref=message_ref, error=error
            )
        )

    async def _retry(self, item: OutboxItem, after: timedelta, error: str) -> None:
        due = datetime.now(UTC) + after
        await self._db.run(
            lambda session: outbox_repo.retry_later(
                session, item_id=item.id, due_at=due, error=error
            )
        )

    async def release_claims(self) -> int:
        """At start-up on a single-process database: whatever was being sent died with us."""
        return await self._db.run(outbox_repo.release_claims)

    async def counts(self) -> dict[str, int]:
        return await self._db.run(outbox_repo.count_by_status)


async def send_through(
    messenger: Messenger, item: OutboxItem, message: Outgoing
) -> dict[str, Any] | None:
    """Render the item the way it was decided: a private note in a channel, a channel post,
    or a direct message."""
    if item.person is not None and item.ephemeral and item.place is not None:
        await messenger.post_ephemeral(item.person, item.place, message)
        return None
    if item.place is not None:
        posted = await messenger.post_to_channel(item.place.tenant, item.place.channel, message)
        return posted.model_dump(mode="json")
    if item.person is None:
        raise ValueError("an outbox item needs a person or a place")
    return (await messenger.send_dm(item.person, message)).model_dump(mode="json")


def row_values(send: Send, person_id: int, now: datetime) -> dict[str, Any]:
    place = send.place
    return {
        "kind": send.message.kind,
        "dedupe_key": send.key,
        "person_id": person_id,
        "platform": send.person.platform.value,
        "tenant": place.tenant if place else None,
        "channel": place.channel if place else None,
        "ephemeral": send.ephemeral,
        "budget": send.budget.value if send.budget else None,
        "payload": send.message.model_dump(mode="json"),
        "status": OutboxStatus.PENDING.value,
        "due_at": send.due_at or now,
        "attempts": 0,
        "created_at": now,
    }
