"""What `groundswell export status` and `export retry` read and change."""

from __future__ import annotations

from datetime import UTC, datetime

from storage.database import Database
from storage.repositories import export_status as export_status_repo
from storage.repositories.export_status import DestinationStatus

DESTINATIONS = ("langfuse", "langsmith", "webhook")


async def read_status(database: Database, configured: tuple[str, ...]) -> list[DestinationStatus]:
    """Every configured destination, and any other that still has rows, in a fixed order."""
    found = {
        status.destination: status
        for status in await database.run(export_status_repo.count_by_destination)
    }
    names = [name for name in DESTINATIONS if name in configured or name in found]
    return [
        found.get(
            name,
            DestinationStatus(name, pending=0, failed=0, unexportable=0, sent=0, last_error=None),
        )
        for name in names
    ]


async def retry_failed(database: Database, destination: str | None) -> int:
    """Parked rows due again now; how many."""
    now = datetime.now(UTC)
    return await database.run(
        lambda session: export_status_repo.retry_failed(session, destination=destination, now=now)
    )
