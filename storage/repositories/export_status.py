"""The export queue's state per destination: `groundswell export status`, `export retry`,
the lag in /metrics and how long the worker may rest."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update

from storage.database import Session
from storage.repositories.exports import FAILED, PENDING, SENDING, SENT, UNEXPORTABLE
from storage.tables import ExportRow

QUEUE = ExportRow.__table__


@dataclass(frozen=True)
class DestinationStatus:
    destination: str
    pending: int
    failed: int
    unexportable: int
    sent: int
    last_error: str | None


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
