"""Recording feedback: idempotent on the event key, last rating wins, retractions keep history."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.errors import PersonForgotten, UnknownOutput
from bot.records import Feedback, FeedbackEvent, MessageRef, PersonRef, Rating, Recorded
from storage.database import Conflict, Database
from storage.repositories import feedback as feedback_repo
from storage.repositories import outputs as output_repo
from storage.repositories import people as people_repo

log = logging.getLogger(__name__)

FeedbackListener = Callable[[FeedbackEvent, Recorded], None]

# Two different events racing to become the standing rating on PostgreSQL: the loser hits the
# partial unique index and simply runs again, now seeing the winner.
ATTEMPTS = 3


class _RepeatedKey(Exception):
    """Rolls back a transaction that lost an insert race on the same event key."""


@dataclass(frozen=True)
class FeedbackPage:
    items: list[Feedback]
    next_after_id: int | None


class FeedbackService:
    def __init__(self, database: Database, listeners: list[FeedbackListener] | None = None) -> None:
        self._db = database
        self._listeners = listeners if listeners is not None else []

    async def record(self, event: FeedbackEvent) -> Recorded:
        """Store the event once; a repeat of its key returns the first result unchanged."""
        for attempt in range(ATTEMPTS):
            try:
                recorded = await self._record_once(event)
                break
            except _RepeatedKey:
                recorded = await self._find_repeat(event.key)
                break
            except Conflict:
                if attempt == ATTEMPTS - 1:
                    raise
                log.info("feedback race on a standing rating; retrying")
        for listener in self._listeners:
            listener(event, recorded)
        return recorded

    async def _record_once(self, event: FeedbackEvent) -> Recorded:
        async with self._db.transaction() as session:
            existing = await feedback_repo.find_feedback_id(session, key=event.key)
            if existing is not None:
                return Recorded(id=existing, created=False)
            person_id = await people_repo.find_person_id(session, ref=event.person)
            if person_id is None:
                if await people_repo.is_forgotten(session, ref=event.person):
                    raise PersonForgotten()
                person_id = await people_repo.ensure_person(session, ref=event.person)
            if event.output_id is not None and not await output_repo.output_exists(
                session, output_id=event.output_id
            ):
                raise UnknownOutput(f"id {event.output_id}")
            superseded = False
            standing = None
            if event.rating is not Rating.NONE and event.output_id is not None:
                standing = await feedback_repo.find_standing_rating(
                    session, person_id=person_id, output_id=event.output_id
                )
                # A late delivery of an older click is history, not the current opinion.
                superseded = standing is not None and standing[1] > event.occurred_at
                if standing is not None and not superseded:
                    await feedback_repo.supersede(session, feedback_id=standing[0], by_id=None)
            new_id = await feedback_repo.insert_feedback(
                session, event=event, person_id=person_id, superseded=superseded
            )
            if new_id is None:
                # Another replica stored the same key between our check and insert: undo ours.
                raise _RepeatedKey()
            if standing is not None:
                older, newer = (new_id, standing[0]) if superseded else (standing[0], new_id)
                await feedback_repo.supersede(session, feedback_id=older, by_id=newer)
            return Recorded(id=new_id, created=True)

    async def _find_repeat(self, key: str) -> Recorded:
        async with self._db.transaction() as session:
            found = await feedback_repo.find_feedback_id(session, key=key)
        if found is None:  # pragma: no cover - a committed row does not vanish
            raise LookupError("repeated feedback key has no row")
        return Recorded(id=found, created=False)

    async def retract(
        self, *, person: PersonRef, output_id: int, rating: Rating, source: str, at: datetime
    ) -> int:
        """Take back a rating (a reaction removed). Returns how many rows were retracted."""
        async with self._db.transaction() as session:
            person_id = await people_repo.find_person_id(session, ref=person)
            if person_id is None:
                return 0
            count = await feedback_repo.retract_ratings(
                session,
                person_id=person_id,
                output_id=output_id,
                rating=rating,
                source=source,
                at=at,
            )
            if (
                count
                and await feedback_repo.find_standing_rating(
                    session, person_id=person_id, output_id=output_id
                )
                is None
            ):
                await feedback_repo.reinstate_latest(
                    session, person_id=person_id, output_id=output_id
                )
            return count

    async def resolve_output(self, message: MessageRef) -> int | None:
        async with self._db.transaction() as session:
            return await output_repo.find_output_id(session, message=message)

    async def get(self, feedback_id: int) -> Feedback | None:
        async with self._db.transaction() as session:
            return await feedback_repo.get_feedback(session, feedback_id=feedback_id)

    async def page(self, *, since: datetime | None, after_id: int, limit: int) -> FeedbackPage:
        async with self._db.transaction() as session:
            items = await feedback_repo.list_feedback(
                session, since=since, after_id=after_id, limit=limit + 1
            )
        has_more = len(items) > limit
        items = items[:limit]
        return FeedbackPage(items=items, next_after_id=items[-1].id if has_more else None)
