"""`groundswell export status` and `groundswell export retry [--destination NAME]`.

Status prints one line per destination: pending, failed (parked after a permanent refusal),
not exportable (no trace id), sent, and the last error. Retry puts failed rows back in the
queue; the running server sends them within a second.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from bot.exports.status import DESTINATIONS, read_status, retry_failed
from bot.settings import Settings
from storage.repositories.export_status import DestinationStatus

export_app = typer.Typer(no_args_is_help=True, help="Exports to Langfuse, LangSmith, webhooks.")
DatabaseUrl = Annotated[
    str | None,
    typer.Option("--database-url", help="Overrides GROUNDSWELL_DATABASE_URL.", show_default=False),
]


@export_app.command("status")
def status(database_url: DatabaseUrl = None) -> None:
    """Pending, failed and last error per destination."""
    settings = checked_settings(database_url)
    found = asyncio.run(_status(settings))
    out = Console(highlight=False, soft_wrap=True)
    if not found:
        out.print(
            "No export destination is configured: set GROUNDSWELL_LANGFUSE_PUBLIC_KEY and "
            "GROUNDSWELL_LANGFUSE_SECRET_KEY, GROUNDSWELL_LANGSMITH_API_KEY, or "
            "GROUNDSWELL_WEBHOOK_URL and GROUNDSWELL_WEBHOOK_SECRET."
        )
        return
    for item in found:
        out.print(
            f"{item.destination}: {item.pending} pending, {item.failed} failed, "
            f"{item.unexportable} not exportable, {item.sent} sent; "
            f"last error: {escape(item.last_error or 'none')}"
        )


@export_app.command("retry")
def retry(
    destination: Annotated[
        str | None,
        typer.Option("--destination", help=f"One of {', '.join(DESTINATIONS)}; all when left out."),
    ] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Send failed exports again."""
    if destination is not None and destination not in DESTINATIONS:
        Console(stderr=True).print(
            f"[red]error[/red] --destination: must be one of {', '.join(DESTINATIONS)}"
        )
        raise typer.Exit(2)
    settings = checked_settings(database_url)
    count = asyncio.run(_retry(settings, destination))
    Console(highlight=False).print(f"{count} failed export(s) queued again.")


def checked_settings(database_url: str | None) -> Settings:
    from adapters.cli.main import settings_or_exit
    from adapters.cli.people import require_current_schema

    settings = settings_or_exit(database_url)
    require_current_schema(settings, Console(stderr=True, highlight=False, soft_wrap=True))
    return settings


async def _status(settings: Settings) -> list[DestinationStatus]:
    from storage.database import Database

    database = Database(settings.core.database_url)
    try:
        return await read_status(database, settings.exports.destinations())
    finally:
        await database.dispose()


async def _retry(settings: Settings, destination: str | None) -> int:
    from storage.database import Database

    database = Database(settings.core.database_url)
    try:
        return await retry_failed(database, destination)
    finally:
        await database.dispose()
