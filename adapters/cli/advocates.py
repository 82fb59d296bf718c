"""`groundswell advocates list`: the advocate candidates and champions, with their evidence.

    groundswell advocates list [--status candidate] [--json] [--rescore]

Ranked the way a lead reads them: business users first, then IT, then the AI team; highest
score first within each. `--rescore` recomputes every score before listing (the scheduler
does it on its own in `serve`). Exit 2 on an unknown status or unusable settings.
"""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:  # the CLI starts fast: the database layer loads only when it is used
    from bot.settings import Settings
    from storage.repositories.advocates import AdvocateEntry

advocates_app = typer.Typer(no_args_is_help=True, help="Advocate candidates and champions.")


def as_json(entry: AdvocateEntry) -> dict[str, Any]:
    return {
        "person": {
            "platform": entry.ref.platform.value,
            "workspace": entry.ref.tenant,
            "user": entry.ref.user_id,
        },
        "name": entry.name,
        "department": entry.department,
        "audience": entry.audience,
        "status": entry.status,
        "score": entry.score,
        "explanation": entry.explanation,
        "quotes": entry.evidence.get("quotes", []),
        "proposed_at": entry.proposed_at.isoformat() if entry.proposed_at else None,
        "reviewer": entry.reviewer,
        "reviewed_at": entry.reviewed_at.isoformat() if entry.reviewed_at else None,
    }


@advocates_app.command("list")
def list_advocates(
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status", help="Only these statuses (repeat the option).", show_default=False
        ),
    ] = None,
    as_lines: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    rescore: Annotated[
        bool, typer.Option("--rescore", help="Recompute every score first.")
    ] = False,
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url", help="Overrides GROUNDSWELL_DATABASE_URL.", show_default=False
        ),
    ] = None,
) -> None:
    """List advocates with the one-line explanation and quotes behind each."""
    from adapters.cli.main import settings_or_exit
    from adapters.cli.people import fail, require_current_schema
    from bot.advocacy.advocates import STATUSES

    console = Console(stderr=True, highlight=False, soft_wrap=True)
    unknown = sorted(set(status or ()) - set(STATUSES))
    if unknown:
        fail(console, f"--status: unknown {', '.join(unknown)}; use one of {', '.join(STATUSES)}")
    settings = settings_or_exit(database_url)
    require_current_schema(settings, console)
    entries = asyncio.run(load(settings, status or None, rescore=rescore))
    out = sys.stdout
    if as_lines:
        out.writelines(json.dumps(as_json(entry), ensure_ascii=False) + "\n" for entry in entries)
        return
    if not entries:
        console.print("no advocates")
        return
    printer = Console(highlight=False, soft_wrap=True)
    for rank, entry in enumerate(entries, 1):
        who = entry.name or f"{entry.ref.platform.value}:{entry.ref.user_id}"
        printer.print(
            f"{rank:>3}. {escape(who)} ({escape(entry.department or 'no department')}; "
            f"{entry.audience or 'business'}) {entry.status}, score {entry.score:.1f}"
        )
        printer.print(f"     {escape(entry.explanation)}")
        for quote in entry.evidence.get("quotes", []):
            printer.print(f'     "{escape(str(quote))}"')


async def load(
    settings: Settings, statuses: list[str] | None, *, rescore: bool
) -> list[AdvocateEntry]:
    from bot.services import build_services

    services = build_services(settings)
    try:
        if rescore:
            await services.advocacy.service.rescore(datetime.now(UTC))
        return await services.advocacy.service.list(statuses)
    finally:
        await services.close()
