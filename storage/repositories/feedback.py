"""Feedback rows: idempotent insert, supersede and retract ratings, stable listing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.records import Feedback, FeedbackEvent, Rating
from storage.base import utcnow
from storage.repositories.convert import to_feedback
from storage.repositories.upsert import insert_unless_exists
from storage.tables import FeedbackRow, OutputRow, PersonRow


async def find_feedback_id(session: AsyncSession, *, key: str) -> int | None:
    return await session.scalar(select(FeedbackRow.id).where(FeedbackRow.event_key == key))


async def find_standing_rating(
    session: AsyncSession, *, person_id: int, output_id: int
) -> tuple[int, datetime] | None:
    """The one rating by this person on this answer that currently counts, if any."""
    row = (
        await session.execute(
            select(FeedbackRow.id, FeedbackRow.occurred_at).where(
                FeedbackRow.person_id == person_id,
                FeedbackRow.output_id == output_id,
                FeedbackRow.rating != Rating.NONE.value,
                FeedbackRow.superseded_at.is_(None),
                FeedbackRow.retracted_at.is_(None),
            )
        )
    ).first()
    return (row[0], row[1]) if row is not None else None


async def supersede(session: AsyncSession, *, feedback_id: int, by_id: int | None) -> None:
    await session.execute(
        update(FeedbackRow)
        .where(FeedbackRow.id == feedback_id)
        .values(superseded_at=utcnow(), superseded_by_id=by_id)
    )


async def insert_feedback(
    session: AsyncSession, *, event: FeedbackEvent, person_id: int, superseded: bool
) -> int | None:
    """Insert the event; None when its key was already recorded."""
    return await insert_unless_exists(
        session,
        FeedbackRow,
        values={
            "event_key": event.key,
            "person_id": person_id,
            "output_id": event.output_id,
            "rating": event.rating.value,
            "comment": event.comment,
            "reason": event.reason,
            "source": event.source.value,
            "occurred_at": event.occurred_at,
            "recorded_at": utcnow(),
            "superseded_at": utcnow() if superseded else None,
        },
        unique_on=("event_key",),
    )


async def retract_ratings(
    session: AsyncSession,
    *,
    person_id: int,
    output_id: int,
    rating: Rating,
    source: str,
    at: datetime,
) -> int:
    """Mark this person's matching ratings retracted; history stays. Returns how many."""
    result = await session.execute(
        update(FeedbackRow)
        .where(
            FeedbackRow.person_id == person_id,
            FeedbackRow.output_id == output_id,
            FeedbackRow.rating == rating.value,
            FeedbackRow.source == source,
            FeedbackRow.retracted_at.is_(None),
            FeedbackRow.occurred_at <= at,
        )
        .values(retracted_at=utcnow())
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def reinstate_latest(session: AsyncSession, *, person_id: int, output_id: int) -> int | None:
    """After the standing rating is withdrawn, the latest earlier one still in place counts again
    (e.g. 👍 then 👎, then 👎 removed: the 👍 is still on the message)."""
    latest = await session.scalar(
        select(FeedbackRow.id)
        .where(
            FeedbackRow.person_id == person_id,
            FeedbackRow.output_id == output_id,
            FeedbackRow.rating != Rating.NONE.value,
            FeedbackRow.retracted_at.is_(None),
        )
        .order_by(FeedbackRow.occurred_at.desc(), FeedbackRow.id.desc())
        .limit(1)
    )
    if latest is not None:
        await session.execute(
            update(FeedbackRow)
            .where(FeedbackRow.id == latest)
            .values(superseded_at=None, superseded_by_id=None)
        )
    return latest


async def list_feedback(
    session: AsyncSession, *, since: datetime | None, after_id: int, limit: int
) -> list[Feedback]:
    """Oldest first by recording order, so paging by id is stable under concurrent writes."""
    statement = (
        select(FeedbackRow, PersonRow, OutputRow)
        .join(PersonRow, FeedbackRow.person_id == PersonRow.id)
        .outerjoin(OutputRow, FeedbackRow.output_id == OutputRow.id)
        .where(FeedbackRow.id > after_id)
        .order_by(FeedbackRow.id)
        .limit(limit)
    )
    if since is not None:
        statement = statement.where(FeedbackRow.occurred_at >= since)
    rows = (await session.execute(statement)).all()
    return [to_feedback(row, person, output) for row, person, output in rows]


async def get_feedback(session: AsyncSession, *, feedback_id: int) -> Feedback | None:
    found = (
        await session.execute(
            select(FeedbackRow, PersonRow, OutputRow)
            .join(PersonRow, FeedbackRow.person_id == PersonRow.id)
            .outerjoin(OutputRow, FeedbackRow.output_id == OutputRow.id)
            .where(FeedbackRow.id == feedback_id)
        )
    ).first()
    return to_feedback(*found) if found is not None else None
