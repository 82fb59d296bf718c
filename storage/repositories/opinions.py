"""A person's opinion of one answer as it stands now: what the exporters send."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from bot.records import FeedbackSource, Platform, Rating
from storage.database import Session
from storage.tables import FeedbackRow, OutputRow, PersonRow

FEEDBACK = FeedbackRow.__table__
OUTPUTS = OutputRow.__table__
PEOPLE = PersonRow.__table__


@dataclass(frozen=True)
class Opinion:
    """A person's current opinion of one answer, with what the exporters say about it."""

    rating: Rating
    comment: str | None
    reason: str | None
    source: FeedbackSource
    occurred_at: datetime
    platform: Platform
    tenant: str
    user_id: str
    channel: str
    message_id: str
    assistant: str
    use_case: str | None
    trace_id: str | None


def rated_outputs(session: Session, *, person_id: int) -> list[int]:
    """Every answer this person said something about (what forgetting them must withdraw)."""
    return list(
        session.scalars(
            select(FEEDBACK.c.output_id)
            .where(FEEDBACK.c.person_id == person_id, FEEDBACK.c.output_id.is_not(None))
            .distinct()
        )
    )


def read_opinion(session: Session, *, person_id: int, output_id: int) -> Opinion | None:
    """The standing rating and the latest words said with it; None when nothing stands (all
    retracted, or the person forgotten) or the person opted out: then nothing is exported."""
    person = session.execute(
        select(PEOPLE.c.platform, PEOPLE.c.tenant, PEOPLE.c.user_id, PEOPLE.c.opted_out).where(
            PEOPLE.c.id == person_id
        )
    ).first()
    if person is None or person.opted_out:
        return None
    mine = (FEEDBACK.c.person_id == person_id) & (FEEDBACK.c.output_id == output_id)
    standing = session.execute(
        select(FEEDBACK.c.rating, FEEDBACK.c.source, FEEDBACK.c.occurred_at, FEEDBACK.c.comment)
        .where(
            mine,
            FEEDBACK.c.rating != Rating.NONE.value,
            FEEDBACK.c.superseded_at.is_(None),
            FEEDBACK.c.retracted_at.is_(None),
        )
        .limit(1)
    ).first()
    output = session.execute(
        select(
            OUTPUTS.c.channel,
            OUTPUTS.c.message_id,
            OUTPUTS.c.assistant,
            OUTPUTS.c.use_case,
            OUTPUTS.c.trace_id,
        ).where(OUTPUTS.c.id == output_id)
    ).first()
    if standing is None or output is None:
        return None
    words = session.execute(
        select(FEEDBACK.c.comment, FEEDBACK.c.reason)
        .where(
            mine,
            FEEDBACK.c.retracted_at.is_(None),
            (FEEDBACK.c.comment.is_not(None)) | (FEEDBACK.c.reason.is_not(None)),
        )
        .order_by(FEEDBACK.c.occurred_at.desc(), FEEDBACK.c.id.desc())
        .limit(1)
    ).first()
    return Opinion(
        rating=Rating(standing.rating),
        comment=words.comment if words is not None else None,
        reason=words.reason if words is not None else None,
        source=FeedbackSource(standing.source),
        occurred_at=standing.occurred_at,
        platform=Platform(person.platform),
        tenant=person.tenant,
        user_id=person.user_id,
        channel=output.channel,
        message_id=output.message_id,
        assistant=output.assistant,
        use_case=output.use_case,
        trace_id=output.trace_id,
    )
