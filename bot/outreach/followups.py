"""When to follow up on a rating: a "what went wrong?" after 👎, a "share a win?" after 👍.

A follow-up is a bot-initiated message like any other: it goes through the outbox, under the
shared fatigue budget, once per answer (👎) or once a week (👍), never to someone who opted
out, and at most `down_per_day` "what went wrong?" notes a day.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.advocacy.wins import week_of
from bot.chat.messenger import Outgoing
from bot.outreach.outbox import Outreach, Send
from bot.records import Budget, PersonRef, Place
from storage.database import Session
from storage.repositories import outbox as outbox_repo

FOLLOWUP_DOWN = "followup-down"
FOLLOWUP_UP = "followup-up"


class FollowupPolicy:
    def __init__(
        self, outreach: Outreach, *, on_down: bool, on_up: bool, down_per_day: int
    ) -> None:
        self._outreach = outreach
        self._on_down = on_down
        self._on_up = on_up
        self._down_per_day = down_per_day

    async def after_down(
        self, person: PersonRef, output_id: int, message: Outgoing, place: Place | None
    ) -> int | None:
        """The outbox item asking what went wrong with this answer, or None (not now)."""
        if not self._on_down:
            return None
        since = datetime.now(UTC) - timedelta(days=1)

        def under_daily_cap(session: Session, person_id: int) -> bool:
            sent = outbox_repo.count_kind_since(
                session, person_id=person_id, kind=FOLLOWUP_DOWN, since=since
            )
            return sent < self._down_per_day

        send = prompt(person, message, f"{FOLLOWUP_DOWN}:{{person}}:{output_id}", place)
        return (await self._outreach.decide(send, under_daily_cap)).item_id

    async def after_up(
        self, person: PersonRef, message: Outgoing, place: Place | None
    ) -> int | None:
        """The outbox item offering to share a win, at most once per ISO week per person."""
        if not self._on_up:
            return None
        week = week_of(datetime.now(UTC))
        send = prompt(person, message, f"{FOLLOWUP_UP}:{{person}}:{week}", place)
        return (await self._outreach.decide(send)).item_id


def prompt(person: PersonRef, message: Outgoing, key: str, place: Place | None) -> Send:
    """Shown privately where the person rated (Teams: their 1:1 chat)."""
    return Send(
        person=person,
        message=message,
        key=key,
        budget=Budget.MESSAGE,
        place=place,
        ephemeral=place is not None,
    )
