"""`groundswell people import FILE.csv`: the people directory from the organisation's list.

    groundswell people import people.csv [--workspace T0123ABCD] [--dry-run]

Columns (a header row in any order, or no header in this order): platform, user id, email,
name, department, timezone, workspace (the Slack team id or Teams tenant id; `--workspace`
fills it for a one-workspace file). Each rejected row is one line on stdout,
`line N: why`, sorted by line; the summary is on stderr. Exit 0: every row stored; 1: some
rows rejected (the rest stored); 2: nothing done (no file, an unusable header, settings, a
database not upgraded); 3: the database could not be reached (batches already stored stay;
running it again finishes the import).
"""

from __future__ import annotations

import asyncio
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from bot.people.csvfile import HeaderProblem, Layout, Rejected, Row, read_records
from bot.people.importing import Importer, ImportReport
from bot.settings import Settings

people_app = typer.Typer(no_args_is_help=True, help="The people directory.")
EXIT_REJECTED = 1
EXIT_UNWORKABLE = 2
EXIT_UNAVAILABLE = 3


def read_text(path: Path) -> str:
    """UTF-8 (a BOM is fine); bytes that are not UTF-8 reject only the rows holding them."""
    return path.read_bytes().decode("utf-8-sig", errors="surrogateescape")


@people_app.command("import")
def import_people(
    file: Annotated[Path, typer.Argument(help="The CSV file.", dir_okay=False)],
    workspace: Annotated[
        str | None,
        typer.Option(
            "--workspace",
            help="The Slack team id or Teams tenant id of every row with no workspace column "
            "(or an empty one).",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and report every row; store nothing.")
    ] = False,
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url", help="Overrides GROUNDSWELL_DATABASE_URL.", show_default=False
        ),
    ] = None,
) -> None:
    """Store or update people from a CSV file; report each rejected row by line."""
    from adapters.cli.main import settings_or_exit

    console = Console(stderr=True, highlight=False, soft_wrap=True)
    if workspace is not None and not workspace.strip():
        fail(console, "--workspace: is empty; give the Slack team id or Teams tenant id")
    if not file.is_file():
        fail(console, f"{file}: no such file")
    settings = settings_or_exit(database_url)
    require_current_schema(settings, console)
    try:
        layout, records = read_records(
            io.StringIO(read_text(file), newline=""),
            workspace=workspace.strip() if workspace else None,
        )
    except HeaderProblem as problem:
        fail(console, f"{file}: {problem}")
    except OSError as error:
        fail(console, f"{file}: cannot be read ({error.strerror or type(error).__name__})")
    if layout.ignored:
        console.print(f"ignored column(s): {escape(', '.join(layout.ignored))}")
    report = asyncio.run(run_import(settings, records, dry_run=dry_run, console=console))
    write_rejections(report)
    summarise(console, report, layout, dry_run=dry_run)
    raise typer.Exit(EXIT_REJECTED if report.rejected else 0)


def fail(console: Console, message: str) -> NoReturn:
    console.print(f"[red]error[/red] {escape(message)}")
    raise typer.Exit(EXIT_UNWORKABLE)


def require_current_schema(settings: Settings, console: Console) -> None:
    from storage.migrate import current_revision, head_revision

    url = settings.core.database_url
    try:
        current = current_revision(url)
    except Exception as error:  # the database cannot be reached: may work later
        console.print(f"[red]error[/red] the database cannot be reached ({type(error).__name__})")
        raise typer.Exit(EXIT_UNAVAILABLE) from None
    if current != head_revision():
        fail(console, "the database schema is not current: run `groundswell db upgrade` first")


async def run_import(
    settings: Settings, records: Iterator[Row | Rejected], *, dry_run: bool, console: Console
) -> ImportReport:
    from bot.secrets import SecretKeyUnavailable, load_server_keys
    from bot.services import build_services
    from storage.availability import DatabaseUnavailable

    try:
        keys = load_server_keys(settings.core)
    except SecretKeyUnavailable as error:
        console.print(f"[red]configuration error[/red] {escape(str(error))}")
        raise typer.Exit(EXIT_UNWORKABLE) from None
    services = build_services(settings, keys)
    try:
        importer = Importer(services.directory, dry_run=dry_run)
        return await importer.run(records)
    except DatabaseUnavailable:
        console.print(
            "[red]error[/red] the database became unavailable; the batches stored so far are "
            "kept, and running the import again finishes it"
        )
        raise typer.Exit(EXIT_UNAVAILABLE) from None
    finally:
        await services.close()


def write_rejections(report: ImportReport) -> None:
    out = sys.stdout
    out.writelines(f"line {item.line}: {item.reason}\n" for item in report.rejected)
    out.flush()


def summarise(console: Console, report: ImportReport, layout: Layout, *, dry_run: bool) -> None:
    verb = "would store" if dry_run else "stored"
    people = "person" if report.stored == 1 else "people"
    parts = [f"{verb} {report.stored:,} {people} ({report.created:,} new, "
             f"{report.updated:,} updated)"]  # fmt: skip
    if report.rejected:
        rows = "row" if len(report.rejected) == 1 else "rows"
        parts.append(f"rejected {len(report.rejected):,} {rows} (listed on stdout by line)")
    console.print("; ".join(parts))
