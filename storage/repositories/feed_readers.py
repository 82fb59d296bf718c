"""A background reader's place in the feedback change feed (storage/tables/readers.py): take
the lease, read the next changes, store how far it got."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, tuple_, update

from bot.records import FeedbackEvent, FeedbackSource, PersonRef, Platform, Rating
from storage.database import Session
from storage.repositories.feedback_listing import FeedPosition, settled
from storage.tables import FeedbackRow, FeedReaderRow, PersonRow


def take_lease(
    session: Session, *, name: str, holder: str, now: datetime, until: datetime
) -> FeedPosition | None:
    """Where `name` stands, if `holder` may read now: the lease is free, run out, or its own.
    None while another holder's lease runs."""
    row = session.execute(
        update(FeedReaderRow)
        .where(
            FeedReaderRow.name == name,
            or_(
                FeedReaderRow.holder.is_(None),
                FeedReaderRow.holder == holder,
                FeedReaderRow.lease_until < now,
            ),
        )
        .values(holder=holder, lease_until=until)
        .returning(FeedReaderRow.change_xact, FeedReaderRow.change_seq)
    ).first()
    return FeedPosition(int(row[0]), int(row[1])) if row is not None else None


def move_to(
    session: Session, *, name: str, holder: str, position: FeedPosition, now: datetime
) -> bool:
    """Store how far `holder` read; False if its lease was taken meanwhile (nothing stored)."""
    result = session.execute(
        update(FeedReaderRow)
        .where(FeedReaderRow.name == name, FeedReaderRow.holder == holder)
        .values(change_xact=position.xact, change_seq=position.seq, updated_at=now)
    )
    return bool(result.rowcount)


def give_up_lease(session: Session, *, name: str, holder: str) -> None:
    session.execute(
        update(FeedReaderRow)
        .where(FeedReaderRow.name == name, FeedReaderRow.holder == holder)
        .values(holder=None, lease_until=None)
    )


def read_comments(
    session: Session, *, after: FeedPosition, limit: int
) -> tuple[list[FeedbackEvent], FeedPosition]:
    """The comments among the next `limit` changes after `after`, as the events that stored
    them, and the position of the last change read (`after` when there were none). Every
    change is stepped over, so a stretch of plain ratings costs one read, not a rescan; only
    the rows with a comment are read whole."""
    position = tuple_(FeedbackRow.change_xact, FeedbackRow.change_seq)
    steps = (
        select(FeedbackRow.change_xact, FeedbackRow.change_seq)
        .where(position > tuple_(after.xact, after.seq))
        .order_by(FeedbackRow.change_xact, FeedbackRow.change_seq)
        .limit(limit)
    )
    gate = settled(session)  # PostgreSQL: never past a transaction still running
    if gate is not None:
        steps = steps.where(gate)
    stepped = session.execute(steps).all()
    if not stepped:
        return [], after
    last = FeedPosition(int(stepped[-1][0]), int(stepped[-1][1]))
    rows = session.execute(
        select(
            FeedbackRow.event_key,
            FeedbackRow.output_id,
            FeedbackRow.rating,
            FeedbackRow.comment,
            FeedbackRow.reason,
            FeedbackRow.source,
            FeedbackRow.occurred_at,
            PersonRow.platform,
            PersonRow.tenant,
            PersonRow.user_id,
        )
        .join(PersonRow, FeedbackRow.person_id == PersonRow.id)
        .where(
            position > tuple_(after.xact, after.seq),
            position <= tuple_(last.xact, last.seq),
            FeedbackRow.comment.is_not(None),
        )
        .order_by(FeedbackRow.change_xact, FeedbackRow.change_seq)
    ).all()
    events = [
        FeedbackEvent(
            key=row.event_key,
            person=PersonRef(
                platform=Platform(row.platform), tenant=row.tenant, user_id=row.user_id
            ),
            output_id=row.output_id,
            rating=Rating(row.rating),
            comment=row.comment,
            reason=row.reason,
            source=FeedbackSource(row.source),
            occurred_at=row.occurred_at,
        )
        for row in rows
        if row.comment.strip()
    ]
    return events, last


def feed_end(session: Session) -> FeedPosition:
    """The position of the latest change this session can see ((0, 0) for an empty feed)."""
    row = session.execute(
        select(FeedbackRow.change_xact, FeedbackRow.change_seq)
        .order_by(FeedbackRow.change_xact.desc(), FeedbackRow.change_seq.desc())
        .limit(1)
    ).first()
    return FeedPosition(int(row[0]), int(row[1])) if row is not None else FeedPosition()


def stored_position(session: Session, *, name: str) -> FeedPosition | None:
    """Where `name` stands, read without taking the lease (None: no such reader)."""
    row = session.execute(
        select(FeedReaderRow.change_xact, FeedReaderRow.change_seq).where(
            FeedReaderRow.name == name
        )
    ).first()
    return FeedPosition(int(row[0]), int(row[1])) if row is not None else None


def lease_and_read(
    session: Session, *, name: str, holder: str, now: datetime, until: datetime, limit: int
) -> tuple[FeedPosition, list[FeedbackEvent], FeedPosition] | None:
    """`take_lease` and `read_comments` in one unit: where the reader stood, the comments
    after it, and the last change read; None while another holder's lease runs."""
    position = take_lease(session, name=name, holder=holder, now=now, until=until)
    if position is None:
        return None
    comments, last = read_comments(session, after=position, limit=limit)
    return position, comments, last
