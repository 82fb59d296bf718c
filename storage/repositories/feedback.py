"""Writing feedback: idempotent insert, supersede and retract ratings (reads: feedback_listing)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import bindparam, select, update

from bot.records import FeedbackEvent, PersonRef, Rating
from storage.base import utcnow
from storage.database import Session
from storage.prepared import Prepared, utc_from_driver
from storage.repositories.upsert import prepared_insert
from storage.tables import FeedbackRow, PersonRow

FEEDBACK = FeedbackRow.__table__
# Prebuilt: constructing a statement costs more than running it on SQLite.
FIND_BY_KEY = select(FEEDBACK.c.id).where(FEEDBACK.c.event_key == bindparam("key"))
STANDING = select(FEEDBACK.c.id, FEEDBACK.c.occurred_at).where(
    FEEDBACK.c.person_id == bindparam("person_id"),
    FEEDBACK.c.output_id == bindparam("output_id"),
    FEEDBACK.c.rating != Rating.NONE.value,
    FEEDBACK.c.superseded_at.is_(None),
    FEEDBACK.c.retracted_at.is_(None),
)
SUPERSEDE = (
    update(FeedbackRow)
    .where(FEEDBACK.c.id == bindparam("feedback_id"))
    .values(superseded_at=bindparam("at"))
)
PEOPLE = PersonRow.__table__
# Who is rating and the rating of theirs that stands on this answer, in one round trip.
RATER = (
    select(PEOPLE.c.id, FEEDBACK.c.id, FEEDBACK.c.occurred_at)
    .select_from(
        PEOPLE.outerjoin(
            FEEDBACK,
            (FEEDBACK.c.person_id == PEOPLE.c.id)
            & (FEEDBACK.c.output_id == bindparam("output_id"))
            & (FEEDBACK.c.rating != Rating.NONE.value)
            & FEEDBACK.c.superseded_at.is_(None)
            & FEEDBACK.c.retracted_at.is_(None),
        )
    )
    .where(
        PEOPLE.c.platform == bindparam("platform"),
        PEOPLE.c.tenant == bindparam("tenant"),
        PEOPLE.c.user_id == bindparam("user_id"),
    )
)


def find_feedback_id(session: Session, *, key: str) -> int | None:
    found: int | None = session.scalar(FIND_BY_KEY, {"key": key})
    return found


def find_standing_rating(
    session: Session, *, person_id: int, output_id: int
) -> tuple[int, datetime] | None:
    """The one rating by this person on this answer that currently counts, if any."""
    row = session.execute(STANDING, {"person_id": person_id, "output_id": output_id}).first()
    return (row[0], row[1]) if row is not None else None


FEEDBACK_COLUMNS = (
    "event_key",
    "person_id",
    "output_id",
    "rating",
    "comment",
    "reason",
    "source",
    "occurred_at",
    "recorded_at",
    "superseded_at",
    "supersedes_id",
)
PREPARED_RATER = Prepared(RATER)
PREPARED_SUPERSEDE = Prepared(SUPERSEDE)
PREPARED_INSERT = prepared_insert(FeedbackRow, unique_on=("event_key",), keys=FEEDBACK_COLUMNS)


def find_rater(
    session: Session, *, person: PersonRef, output_id: int | None
) -> tuple[int | None, tuple[int, datetime] | None]:
    """The person's id (None if new) and their standing rating on this answer, if any."""
    row = PREPARED_RATER.first(
        session,
        {
            "output_id": output_id,
            "platform": person.platform.value,
            "tenant": person.tenant,
            "user_id": person.user_id,
        },
    )
    if row is None:
        return None, None
    if row[1] is None:
        return row[0], None
    return row[0], (row[1], utc_from_driver(row[2]) or datetime.min.replace(tzinfo=UTC))


def supersede(session: Session, *, feedback_id: int) -> None:
    PREPARED_SUPERSEDE.execute(session, {"feedback_id": feedback_id, "at": utcnow()})


def insert_feedback(
    session: Session,
    *,
    event: FeedbackEvent,
    person_id: int,
    superseded: bool,
    supersedes: int | None = None,
) -> int | None:
    """Insert the event; None when its key was already recorded."""
    now = utcnow()
    values = {
        "event_key": event.key,
        "person_id": person_id,
        "output_id": event.output_id,
        "rating": event.rating.value,
        "comment": event.comment,
        "reason": event.reason,
        "source": event.source.value,
        "occurred_at": event.occurred_at,
        "recorded_at": now,
        "superseded_at": now if superseded else None,
        "supersedes_id": supersedes,
    }
    row = PREPARED_INSERT.first(session, values)
    return int(row[0]) if row is not None else None


def retract_ratings(
    session: Session,
    *,
    person_id: int,
    output_id: int,
    rating: Rating,
    source: str,
    at: datetime,
) -> int:
    """Mark this person's matching ratings retracted; history stays. Returns how many."""
    result = session.execute(
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
    return int(result.rowcount)


def reinstate_latest(session: Session, *, person_id: int, output_id: int) -> int | None:
    """After the standing rating is withdrawn, the latest earlier one still in place counts again
    (e.g. 👍 then 👎, then 👎 removed: the 👍 is still on the message)."""
    latest = session.scalar(
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
        session.execute(
            update(FeedbackRow).where(FeedbackRow.id == latest).values(superseded_at=None)
        )
    return latest
