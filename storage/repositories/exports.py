"""The export queue (storage/tables/exports.py): note a change, claim due rows, finish them,
and read an opinion as it stands now."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from bot.records import FeedbackSource, Platform, Rating
from storage.database import Session
from storage.tables import ExportRow, FeedbackRow, OutputRow, PersonRow

QUEUE = ExportRow.__table__
FEEDBACK = FeedbackRow.__table__
OUTPUTS = OutputRow.__table__
PEOPLE = PersonRow.__table__

PENDING, SENDING, SENT, FAILED, UNEXPORTABLE = (
    "pending",
    "sending",
    "sent",
    "failed",
    "unexportable",
)
# Finished rows start a fresh count of undelivered time when they change again.
SETTLED = (SENT, FAILED, UNEXPORTABLE)


@dataclass(frozen=True)
class ExportItem:
    """One claimed row: tell `destination` how this person's opinion of this answer stands."""

    id: int
    destination: str
    person_id: int
    output_id: int
    version: int
    attempts: int


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


@dataclass(frozen=True)
class DestinationStatus:
    destination: str
    pending: int
    failed: int
    unexportable: int
    sent: int
    last_error: str | None


def note_changes(
    session: Session,
    *,
    destinations: Sequence[str],
    person_id: int,
    output_ids: Iterable[int],
    now: datetime,
) -> None:
    """In the caller's transaction: these opinions changed, tell every destination."""
    rows = [
        {
            "destination": destination,
            "person_id": person_id,
            "output_id": output_id,
            "version": 1,
            "status": PENDING,
            "due_at": now,
            "attempts": 0,
            "changed_at": now,
        }
        for output_id in output_ids
        for destination in destinations
    ]
    if not rows:
        return
    insert = postgresql.insert if session.dialect.name == "postgresql" else sqlite.insert
    statement = insert(ExportRow).values(rows)
    new = statement.excluded
    busy = QUEUE.c.status == SENDING
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["destination", "person_id", "output_id"],
            set_={
                "version": QUEUE.c.version + 1,
                # A row being sent stays with its sender, whose finish sees the new version.
                "status": case((busy, SENDING), else_=PENDING),
                "due_at": case((busy, QUEUE.c.due_at), else_=new.due_at),
                "attempts": case((busy, QUEUE.c.attempts), else_=0),
                "changed_at": case(
                    (QUEUE.c.status.in_(SETTLED), new.changed_at), else_=QUEUE.c.changed_at
                ),
            },
        )
    )


def rated_outputs(session: Session, *, person_id: int) -> list[int]:
    """Every answer this person said something about (what forgetting them must withdraw)."""
    return list(
        session.scalars(
            select(FEEDBACK.c.output_id)
            .where(FEEDBACK.c.person_id == person_id, FEEDBACK.c.output_id.is_not(None))
            .distinct()
        )
    )


def claim(
    session: Session,
    *,
    now: datetime,
    until: datetime,
    limit: int,
    destinations: Sequence[str],
) -> list[ExportItem]:
    """Take due rows nobody holds, oldest first. Two index range reads (pending by due time,
    then claims that ran out after a crash), so the claim stays cheap as sent rows pile up."""
    if not destinations:
        return []
    due = list(
        session.scalars(
            select(QUEUE.c.id)
            .where(
                QUEUE.c.status == PENDING,
                QUEUE.c.due_at <= now,
                QUEUE.c.destination.in_(destinations),
            )
            .order_by(QUEUE.c.due_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    if len(due) < limit:
        due += session.scalars(
            select(QUEUE.c.id)
            .where(
                QUEUE.c.status == SENDING,
                QUEUE.c.claimed_until < now,
                QUEUE.c.destination.in_(destinations),
            )
            .limit(limit - len(due))
            .with_for_update(skip_locked=True)
        )
    if not due:
        return []
    session.execute(
        update(ExportRow)
        .where(ExportRow.id.in_(due))
        .values(status=SENDING, claimed_until=until, attempts=ExportRow.attempts + 1)
    )
    rows = session.execute(
        select(
            QUEUE.c.id,
            QUEUE.c.destination,
            QUEUE.c.person_id,
            QUEUE.c.output_id,
            QUEUE.c.version,
            QUEUE.c.attempts,
        )
        .where(QUEUE.c.id.in_(due))
        .order_by(QUEUE.c.due_at, QUEUE.c.id)
    ).all()
    return [ExportItem(*row) for row in rows]


def finish(
    session: Session,
    *,
    item: ExportItem,
    status: str,
    now: datetime,
    due_at: datetime | None = None,
    error: str | None = None,
) -> None:
    """Record the outcome; a change that landed meanwhile (a newer version) keeps the row
    pending, due now, for one more delivery."""
    values: dict[str, Any] = {"status": status, "claimed_until": None}
    if status == SENT:
        values["sent_at"] = now
    if status == PENDING:
        values["due_at"] = due_at or now
    if error is not None or status == SENT:
        values["last_error"] = error[:255] if error else None
    done = session.execute(
        update(ExportRow)
        .where(ExportRow.id == item.id, ExportRow.version == item.version)
        .values(**values)
    )
    if done.rowcount == 0:
        session.execute(
            update(ExportRow)
            .where(ExportRow.id == item.id)
            .values(status=PENDING, claimed_until=None, due_at=now, attempts=0)
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


def count_by_destination(session: Session) -> list[DestinationStatus]:
    rows = session.execute(
        select(QUEUE.c.destination, QUEUE.c.status, func.count(QUEUE.c.id)).group_by(
            QUEUE.c.destination, QUEUE.c.status
        )
    ).all()
    counts: dict[str, dict[str, int]] = {}
    for destination, status, count in rows:
        counts.setdefault(destination, {})[status] = int(count)
    found = []
    for destination in sorted(counts):
        by = counts[destination]
        last = session.scalar(
            select(QUEUE.c.last_error)
            .where(QUEUE.c.destination == destination, QUEUE.c.last_error.is_not(None))
            .order_by(QUEUE.c.due_at.desc())
            .limit(1)
        )
        found.append(
            DestinationStatus(
                destination=destination,
                pending=by.get(PENDING, 0) + by.get(SENDING, 0),
                failed=by.get(FAILED, 0),
                unexportable=by.get(UNEXPORTABLE, 0),
                sent=by.get(SENT, 0),
                last_error=last,
            )
        )
    return found


def next_due(session: Session, *, destinations: Sequence[str]) -> datetime | None:
    """When the next pending row comes due (an index read): how long the worker may rest."""
    found: datetime | None = session.scalar(
        select(func.min(QUEUE.c.due_at)).where(
            QUEUE.c.status == PENDING, QUEUE.c.destination.in_(destinations)
        )
    )
    return found


def oldest_undelivered(session: Session) -> dict[str, datetime]:
    """Per destination, when the oldest change still waiting happened (the lag's start)."""
    rows = session.execute(
        select(QUEUE.c.destination, func.min(QUEUE.c.changed_at))
        .where(QUEUE.c.status.in_((PENDING, SENDING)))
        .group_by(QUEUE.c.destination)
    ).all()
    return {destination: oldest for destination, oldest in rows if oldest is not None}


def retry_failed(session: Session, *, destination: str | None, now: datetime) -> int:
    """Put parked rows back in the queue, due now."""
    statement = update(ExportRow).where(ExportRow.status == FAILED)
    if destination is not None:
        statement = statement.where(ExportRow.destination == destination)
    result = session.execute(statement.values(status=PENDING, due_at=now, attempts=0))
    return int(result.rowcount)
