"""When to follow up on a rating: a "what went wrong?" after 👎, a "share a win?" after 👍.

Both are rate-limited per person through the nudge log, so a retry, a second replica or a
burst of reactions never asks the same person twice.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.records import PersonRef
from bot.wins import week_of
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
        now = datetime.now(UTC)

        def work(session: Session) -> bool:
            found = people_repo.find_person(session, ref=person)
            if found is None or found.opted_out:
                return False
            recent = nudges_repo.count_nudges_since(
                session, person_id=found.id, kind=FOLLOWUP_DOWN, since=now - timedelta(days=1)
            )
            if recent >= self._down_per_day:
                return False
            return nudges_repo.claim_nudge(
                session,
                person_id=found.id,
                kind=FOLLOWUP_DOWN,
                dedupe_key=f"{FOLLOWUP_DOWN}:{found.id}:{output_id}",
            )

        return await self._db.run(work)

    async def claim_after_up(self, person: PersonRef) -> bool:
        """True at most once per ISO week per person."""
        if not self._on_up:
            return False

        def work(session: Session) -> bool:
            found = people_repo.find_person(session, ref=person)
            if found is None or found.opted_out:
                return False
            return nudges_repo.claim_nudge(
                session,
                person_id=found.id,
                kind=FOLLOWUP_UP,
                dedupe_key=f"{FOLLOWUP_UP}:{found.id}:{week_of(datetime.now(UTC))}",
            )

        return await self._db.run(work)
