"""Platform event ids already handled: the second delivery of an event changes nothing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete

from storage.base import utcnow
from storage.database import Session
from storage.repositories.upsert import insert_unless_exists
from storage.tables import ProcessedEventRow


def claim_event(session: Session, *, platform: str, event_id: str) -> bool:
    """True the first time this event id is seen, False for every retry or duplicate."""
    new_id = insert_unless_exists(
        session,
        ProcessedEventRow,
        values={"platform": platform, "event_id": event_id, "received_at": utcnow()},
        unique_on=("platform", "event_id"),
    )
    return new_id is not None


def prune_events(session: Session, *, older_than: datetime) -> int:
    result = session.execute(
        delete(ProcessedEventRow).where(ProcessedEventRow.received_at < older_than)
    )
    return int(result.rowcount)
