"""Platform deliveries already handled: a retried or duplicated event changes nothing."""

from __future__ import annotations

from storage.database import Database, Session
from storage.repositories import events as events_repo


async def claim_delivery(database: Database, *, platform: str, event_id: str) -> bool:
    """True the first time this platform event id is seen; False for every repeat."""

    def work(session: Session) -> bool:
        return events_repo.claim_event(session, platform=platform, event_id=event_id)

    return await database.run(work)
