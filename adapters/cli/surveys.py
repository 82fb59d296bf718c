"""`groundswell survey list | preview NAME | send-now NAME [--dry-run] | results NAME`.

`preview` and `list` need no database: they show the shipped templates and the operator's
surveys file. Exit 2 names what to fix (an unknown survey, a broken surveys file).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Annotated, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from bot.settings import Settings
from bot.surveys.catalog import SurveyCatalog
from bot.surveys.loading import load_surveys
from bot.surveys.results import render
from bot.surveys.service import SurveyService, UnknownSurvey
from bot.surveys.telling import tell_catalog, tell_run, tell_survey

survey_app = typer.Typer(no_args_is_help=True, help="Pulse surveys.")
console = Console(stderr=True, highlight=False, soft_wrap=True)
T = TypeVar("T")

DatabaseUrl = Annotated[
    str | None,
    typer.Option("--database-url", help="Overrides GROUNDSWELL_DATABASE_URL.", show_default=False),
]


def fail(message: str) -> NoReturn:
    console.print(f"[red]error[/red] {escape(message)}")
    raise typer.Exit(2)


def settings_for(database_url: str | None) -> Settings:
    from adapters.cli.main import settings_or_exit

    return settings_or_exit(database_url)


def catalog_of(settings: Settings) -> SurveyCatalog:
    found = load_surveys(settings.surveys.surveys_file)
    if not isinstance(found, SurveyCatalog):
        fail("GROUNDSWELL_SURVEYS_FILE:\n" + "\n".join(found.lines()))
    return found


def with_service(settings: Settings, work: Callable[[SurveyService], Awaitable[T]]) -> T:
    from adapters.cli.people import require_current_schema
    from bot.services import build_services

    require_current_schema(settings, console)

    async def run() -> T:
        services = build_services(settings)
        try:
            return await work(services.surveys)
        except UnknownSurvey as error:
            fail(str(error))
        finally:
            await services.close()

    return asyncio.run(run())


@survey_app.command("list")
def list_surveys(database_url: DatabaseUrl = None) -> None:
    """Every survey: the shipped templates and the surveys file's, on or off."""
    typer.echo(tell_catalog(catalog_of(settings_for(database_url))))


@survey_app.command("preview")
def preview(
    name: Annotated[str, typer.Argument(help="The survey's name (see `survey list`).")],
    database_url: DatabaseUrl = None,
) -> None:
    """The survey's questions, schedule, window and audience, as people will see them."""
    catalog = catalog_of(settings_for(database_url))
    survey = catalog.get(name)
    if survey is None:
        fail(f"no survey named {name!r} (known: {', '.join(s.name for s in catalog.surveys)})")
    typer.echo(tell_survey(survey))


@survey_app.command("send-now")
def send_now(
    name: Annotated[str, typer.Argument(help="The survey's name.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say who would be asked when; send nothing.")
    ] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Start a run now: each person is still asked inside their own window."""
    settings = settings_for(database_url)
    catalog_of(settings)
    report = with_service(settings, lambda surveys: surveys.send_now(name, dry_run=dry_run))
    typer.echo(tell_run(report, dry_run=dry_run))


@survey_app.command("results")
def results(
    name: Annotated[str, typer.Argument(help="The survey's name.")],
    run: Annotated[
        int | None, typer.Option("--run", help="A run id (default: the latest).", min=1)
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Response rate, answer counts and free text, with small groups suppressed."""
    settings = settings_for(database_url)
    catalog_of(settings)
    found = with_service(settings, lambda surveys: surveys.results(name, run_id=run))
    if found is None:
        fail(f"{name} has no run" + (f" {run}" if run else " yet"))
    typer.echo(json.dumps(found.as_json(), indent=2) if as_json else render(found))
