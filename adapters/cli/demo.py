"""`groundswell demo`: a fresh demo database, six weeks of programme, then its digest."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from sqlalchemy import create_engine, inspect, text

from adapters.reports.html import render_html
from adapters.reports.terminal import print_digest
from bot.configure import SettingsError, load_settings
from bot.people.groups import AudienceGroups
from bot.reports.build import DigestBuilder, Thresholds
from bot.reports.demo import play_demo
from bot.reports.figures import Digest
from bot.reports.programme import parse_programme
from bot.reports.weeks import IsoWeek
from bot.services import build_services
from bot.surveys.problems import SurveyProblems
from storage import migrate
from storage.database import sync_url

DEMO_PROGRAMME = """
pulse_response_rate: 0.5
assistants:
  - name: finance-copilot
    criteria: {helpful_rate: 0.8}
    use_cases:
      - name: expense-policy
        criteria: {wins_per_month: 10, hours_saved_per_month: 10}
      - name: invoice-queries
  - name: helpdesk
    criteria: {helpful_rate: 0.75}
    use_cases:
      - name: password-reset
      - name: vpn-setup
  - name: writer
    criteria: {helpful_rate: 0.8, hours_saved_per_month: 20}
    use_cases:
      - name: drafting
      - name: summaries
"""


def refuse_unless_fresh(url: str, console: Console) -> None:
    """Never the production database, never one with anything in it."""
    try:
        production = load_settings(Path(".env")).core.database_url
    except SettingsError:
        production = None
    if production is not None and sync_url(production) == sync_url(url):
        console.print(
            "[red]--database-url[/red] is GROUNDSWELL_DATABASE_URL: the demo only writes to a "
            "database of its own (e.g. sqlite:///groundswell-demo.db)"
        )
        raise typer.Exit(2)
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as connection:
            tables = inspect(connection).get_table_names()
            used = "people" in tables and connection.scalar(text("SELECT count(*) FROM people"))
    finally:
        engine.dispose()
    if used or (tables and "people" not in tables):
        console.print(
            f"[red]--database-url[/red] {escape(url)} is not empty: the demo needs a new "
            "database (delete the demo file or name another)"
        )
        raise typer.Exit(2)


def run_demo(url: str, output: Path, console: Console) -> None:
    started = time.monotonic()
    refuse_unless_fresh(url, console)
    settings = load_settings(None, database_url=url)
    migrate.upgrade(url)
    programme = parse_programme(DEMO_PROGRAMME, source="demo programme")
    assert not isinstance(programme, SurveyProblems)
    last_week = IsoWeek.last_complete(datetime.now(UTC))
    # The demo names its IT department, so the digest can tell it from the business.
    groups = AudienceGroups(it=frozenset({"it"}))

    async def play() -> Digest:
        services = build_services(settings)
        try:
            await play_demo(services, last_week)
            builder = DigestBuilder(
                services.database, programme=programme, groups=groups, thresholds=Thresholds()
            )
            return await builder.build(last_week)
        finally:
            await services.close()

    digest = asyncio.run(play())
    print_digest(digest, Console(highlight=False))
    output.write_text(render_html(digest), encoding="utf-8")
    console.print(
        f"demo database {escape(url)} ready in {time.monotonic() - started:.1f} s; "
        f"HTML report in {escape(str(output))}. Try: groundswell digest --week {last_week} "
        f"--format json --database-url {escape(url)}"
    )
