"""`groundswell digest`: a week's impact digest in the terminal, as Markdown, HTML or JSON.

groundswell digest [--week 2026-W47] [--format terminal|markdown|html|json] [--output FILE]
"""

from __future__ import annotations

import asyncio
import json
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from bot.reports.figures import Digest
from bot.reports.markdown import render_markdown
from bot.reports.setup import ProgrammeProblems, build_digest_builder
from bot.reports.weeks import IsoWeek
from bot.settings import Settings
from storage.database import Database


class Format(StrEnum):
    TERMINAL = "terminal"
    MARKDOWN = "markdown"
    HTML = "html"
    JSON = "json"


def parse_week(text: str | None, console: Console) -> IsoWeek:
    from datetime import UTC, datetime

    if text is None:
        return IsoWeek.last_complete(datetime.now(UTC))
    try:
        return IsoWeek.parse(text)
    except ValueError as error:
        console.print(f"[red]--week[/red]: {escape(str(error))}")
        raise typer.Exit(2) from None


def build_digest(settings: Settings, week: IsoWeek, console: Console) -> Digest:
    database = Database(settings.core.database_url)

    async def run() -> Digest:
        try:
            return await build_digest_builder(settings, database).build(week)
        finally:
            await database.dispose()

    try:
        return asyncio.run(run())
    except ProgrammeProblems as problems:
        for line in problems.lines:
            console.print(f"[red]GROUNDSWELL_PROGRAMME_FILE[/red] {escape(line)}")
        raise typer.Exit(2) from None


def render(digest: Digest, form: Format) -> str:
    if form is Format.JSON:
        return json.dumps(digest.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    if form is Format.HTML:
        from adapters.reports.html import render_html

        return render_html(digest)
    return render_markdown(digest) + "\n"


def show(digest: Digest, form: Format, output: Path | None) -> None:
    if form is Format.TERMINAL and output is None:
        from adapters.reports.terminal import print_digest

        print_digest(digest, Console(highlight=False))
        return
    text = render(digest, Format.MARKDOWN if form is Format.TERMINAL else form)
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


def run_digest_command(
    settings: Settings,
    *,
    week: str | None,
    form: str,
    send: bool,
    output: Path | None,
    console: Console,
) -> None:
    try:
        chosen = Format(form)
    except ValueError:
        console.print(
            f"[red]--format[/red] {escape(form)!r}: choose terminal, markdown, html or json"
        )
        raise typer.Exit(2) from None
    digest = build_digest(settings, parse_week(week, console), console)
    show(digest, chosen, output)
    if send:
        from adapters.cli.digest_send import send_digest

        send_digest(settings, digest, console)
