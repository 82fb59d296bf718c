"""When to follow up on a rating: a "what went wrong?" after 👎, a "share a win?" after 👍.

Both are rate-limited per person through the nudge log, so a retry, a second replica or a
burst of reactions never asks the same person twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.advocacy.wins import week_of
from bot.records import PersonRef
from storage.database import Database, Session
from storage.repositories import nudges as nudges_repo
from storage.repositories import people as people_repo

FOLLOWUP_DOWN = "followup-down"
FOLLOWUP_UP = "followup-up"


class FollowupPolicy:
    def __init__(
        self, database: Database, *, on_down: bool, on_up: bool, down_per_day: int
    ) -> None:
        self._db = database
        self._on_down = on_down
        self._on_up = on_up
        self._down_per_day = down_per_day

    async def claim_after_down(self, person: PersonRef, output_id: int) -> bool:
        """True when we should ask this person what went wrong with this answer, now."""
        if not self._on_down:
            return False
        since = datetime.now(UTC) - timedelta(days=1)

        def under_daily_cap(session: Session, person_id: int) -> bool:
            sent = nudges_repo.count_nudges_since(
                session, person_id=person_id, kind=FOLLOWUP_DOWN, since=since
            )
            return sent < self._down_per_day

        return await self._claim(
            person, FOLLOWUP_DOWN, lambda person_id: f"{person_id}:{output_id}", under_daily_cap
        )

    async def claim_after_up(self, person: PersonRef) -> bool:
        """True at most once per ISO week per person."""
        if not self._on_up:
            return False
        week = week_of(datetime.now(UTC))
        return await self._claim(person, FOLLOWUP_UP, lambda person_id: f"{person_id}:{week}")

    async def _claim(
        self,
        person: PersonRef,
        kind: str,
        key: Callable[[int], str],
        allowed: Callable[[Session, int], bool] | None = None,
    ) -> bool:
        """Claim the nudge key for someone who has not opted out; the claim is the send."""

        def work(session: Session) -> bool:
            found = people_repo.find_person(session, ref=person)
            if found is None or found.opted_out:
                return False
            if allowed is not None and not allowed(session, found.id):
                return False
            return nudges_repo.claim_nudge(
                session, person_id=found.id, kind=kind, dedupe_key=f"{kind}:{key(found.id)}"
            )

        return await self._db.run(work)
