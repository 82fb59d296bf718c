"""`groundswell digest --send`: hand the digest to every lead through the outbox; a running
`groundswell serve` delivers it (the outbox is the one way out)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import typer
from rich.console import Console

from adapters.web.server import attach_html_reports
from bot.reports.figures import Digest
from bot.reports.weeks import IsoWeek
from bot.services import build_services
from bot.settings import Settings


def send_digest(settings: Settings, digest: Digest, console: Console) -> None:
    if not settings.core.leads:
        console.print("[red]GROUNDSWELL_LEADS[/red]: no lead is configured to send the digest to")
        raise typer.Exit(2)

    async def decide() -> int:
        services = build_services(settings)
        attach_html_reports(services)  # the same file `serve` shares with the Monday DM
        try:
            assert services.digests is not None
            week = IsoWeek.parse(digest.week)
            return await services.digests.send_week(week, datetime.now(UTC))
        finally:
            await services.close()

    decided = asyncio.run(decide())
    console.print(
        f"digest {digest.week}: queued for {decided} of {len(settings.core.leads)} leads "
        "(the others had it already or have not used Groundswell yet); a running "
        "`groundswell serve` sends it"
    )
