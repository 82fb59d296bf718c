"""Recording feedback: idempotent on the event key, last rating wins, retractions keep history."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

from bot.errors import PersonForgotten, UnknownOutput
from bot.records import Feedback, FeedbackEvent, MessageRef, PersonRef, Rating, Recorded
from storage.database import Conflict, Database, Session
from storage.repositories import exports as exports_repo
from storage.repositories import feedback as feedback_repo
from storage.repositories import feedback_listing
from storage.repositories import outputs as output_repo
from storage.repositories import people as people_repo
from storage.repositories import ratings as ratings_repo

# Re-exported: the API's cursors name a feed position.
from storage.repositories.feedback_listing import FeedPosition as FeedPosition

log = logging.getLogger(__name__)

FeedbackListener = Callable[[FeedbackEvent, Recorded], None]
# Reads a comment for a win (bot.advocacy.wins.WinService.consider_comment).
CommentReader = Callable[[FeedbackEvent], Awaitable[object]]

# Events racing to become the standing rating on PostgreSQL: each round one wins and the rest
# hit the partial unique index and run again, now seeing the winner. A burst of N racers on
# one answer can take N rounds; ten covers any human clicking.
ATTEMPTS = 10
# Outputs are never changed or deleted once registered, so a known id stays valid.
KNOWN_OUTPUTS_MAX = 100_000


class _RepeatedKey(Exception):
    """Rolls back a unit of work whose event key was already recorded."""


@dataclass(frozen=True)
class FeedbackPage:
    """Changes in feed order; `resume_at` is where the next read starts, now or much later."""

    items: list[Feedback]
    resume_at: FeedPosition
    has_more: bool


class FeedbackService:
    def __init__(
        self,
        database: Database,
        listeners: list[FeedbackListener] | None = None,
        *,
        fingerprint_key: bytes,
        read_comment: CommentReader | None = None,
        export_to: Sequence[str] = (),
    ) -> None:
        self._db = database
        self._read_comment = read_comment
        self._fingerprint_key = fingerprint_key
        # Destinations told of every change, in the change's own transaction (bot/exports).
        self._export_to = tuple(export_to)
        self._listeners = listeners if listeners is not None else []
        self._known_outputs: set[int] = set()

    async def record(self, event: FeedbackEvent) -> Recorded:
        """Store the event once; a repeat of its key returns the first result unchanged."""
        for attempt in range(ATTEMPTS):
            try:
                recorded = await self._db.run(lambda session: self._record(session, event))
                break
            except _RepeatedKey:
                recorded = await self._db.run(lambda session: find_repeat(session, event.key))
                break
            except Conflict:
                if attempt == ATTEMPTS - 1:
                    raise
                log.info("feedback race on a standing rating; retrying")
        if recorded is None:
            # Raised after the unit committed, so a legacy tombstone's re-keying is kept.
            raise PersonForgotten()
        if event.output_id is not None and len(self._known_outputs) < KNOWN_OUTPUTS_MAX:
            self._known_outputs.add(event.output_id)
        for listener in self._listeners:
            listener(event, recorded)
        if event.comment and self._read_comment is not None:
            await read_in_comment(self._read_comment, event)
        return recorded

    def _record(self, session: Session, event: FeedbackEvent) -> Recorded | None:
        rates = event.rating is not Rating.NONE and event.output_id is not None
        output_id = event.output_id
        check = None
        if output_id is not None and output_id not in self._known_outputs:
            check = partial(self._require_output, output_id=output_id)
        # A late delivery of an older click is history, not the current opinion: storage keeps
        # the newer rating standing and stores this one superseded.
        written = ratings_repo.write_feedback(
            session,
            event=event,
            rates=rates,
            fingerprint_key=self._fingerprint_key,
            before_insert=check,
        )
        if written is None:
            return None  # they asked to be forgotten
        if isinstance(written, ratings_repo.Repeated):
            return Recorded(id=written.feedback_id, created=False)  # nothing was written
        person_id, new_id = written.person_id, written.feedback_id
        if new_id is None:
            # The key was recorded before (a retry, a duplicate, another replica): undo ours.
            raise _RepeatedKey()
        if self._export_to and output_id is not None:
            self._note_export(session, person_id, output_id)
        return Recorded(id=new_id, created=True)

    def _note_export(self, session: Session, person_id: int, output_id: int) -> None:
        exports_repo.note_changes(
            session,
            destinations=self._export_to,
            person_id=person_id,
            output_ids=(output_id,),
            now=datetime.now(UTC),
        )

    def _require_output(self, session: Session, output_id: int) -> None:
        if not output_repo.output_exists(session, output_id=output_id):
            raise UnknownOutput(f"id {output_id}")

    async def retract(
        self, *, person: PersonRef, output_id: int, rating: Rating, source: str, at: datetime
    ) -> int:
        """Take back a rating (a reaction removed). Returns how many rows were retracted."""

        def work(session: Session) -> int:
            person_id = people_repo.find_person_id(session, ref=person)
            if person_id is None:
                return 0
            count = feedback_repo.retract_ratings(
                session,
                person_id=person_id,
                output_id=output_id,
                rating=rating,
                source=source,
                at=at,
            )
            standing = feedback_repo.find_standing_rating(
                session, person_id=person_id, output_id=output_id
            )
            if count and standing is None:
                feedback_repo.reinstate_latest(session, person_id=person_id, output_id=output_id)
            if count and self._export_to:
                self._note_export(session, person_id, output_id)
            return count

        return await self._db.run(work)

    async def resolve_output(self, message: MessageRef) -> int | None:
        return await self._db.run(
            lambda session: output_repo.find_output_id(session, message=message)
        )

    async def page(
        self, *, since: datetime | None, after: FeedPosition, limit: int
    ) -> FeedbackPage:
        """One page of the change feed after `after` (see storage/repositories/feedback_listing)."""
        changes = await self._db.run(
            lambda session: feedback_listing.list_changes(
                session, since=since, after=after, limit=limit + 1
            )
        )
        has_more = len(changes) > limit
        changes = changes[:limit]
        return FeedbackPage(
            items=[change.feedback for change in changes],
            resume_at=changes[-1].position if changes else after,
            has_more=has_more,
        )


async def read_in_comment(reader: CommentReader, event: FeedbackEvent) -> None:
    # Also on a repeat of the key: a crash after storing the comment must not lose its win
    # (the win is idempotent on the same key).
    try:
        await reader(event)
    except PersonForgotten:
        return
    except Exception as error:  # the comment is stored; a win reading must not undo that
        log.warning("reading a comment for a win failed (%s)", type(error).__name__)


def find_repeat(session: Session, key: str) -> Recorded:
    found = feedback_repo.find_feedback_id(session, key=key)
    if found is None:  # pragma: no cover - a committed row does not vanish
        raise LookupError("repeated feedback key has no row")
    return Recorded(id=found, created=False)
