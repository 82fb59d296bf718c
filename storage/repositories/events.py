"""Platform event ids already handled: the second delivery of an event changes nothing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from storage.base import utcnow
from storage.repositories.upsert import insert_unless_exists
from storage.tables import ProcessedEventRow


async def claim_event(session: AsyncSession, *, platform: str, event_id: str) -> bool:
    """True the first time this event id is seen, False for every retry or duplicate."""
    new_id = await insert_unless_exists(
        session,
        ProcessedEventRow,
        values={"platform": platform, "event_id": event_id, "received_at": utcnow()},
        unique_on=("platform", "event_id"),
    )
    return new_id is not None


async def prune_events(session: AsyncSession, *, older_than: datetime) -> int:
    result = await session.execute(
        delete(ProcessedEventRow).where(ProcessedEventRow.received_at < older_than)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
