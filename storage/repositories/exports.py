"""The export queue (storage/tables/exports.py): note a change, claim due rows, finish them,
and read an opinion as it stands now."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, select, update
from sqlalchemy.dialects import postgresql, sqlite

from storage.database import Session
from storage.tables import ExportRow

QUEUE = ExportRow.__table__

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
