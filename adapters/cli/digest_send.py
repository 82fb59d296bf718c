"""`groundswell digest --send`: hand the digest to every lead through the outbox."""

from __future__ import annotations

import typer
from rich.console import Console

from bot.reports.figures import Digest
from bot.settings import Settings


def send_digest(settings: Settings, digest: Digest, console: Console) -> None:
    if not settings.core.leads:
        console.print("[red]GROUNDSWELL_LEADS[/red]: no lead is configured to send the digest to")
        raise typer.Exit(2)
    console.print("--send: delivery is not built on this branch yet; nothing was sent")
    raise typer.Exit(1)
