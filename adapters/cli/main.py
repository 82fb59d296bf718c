"""`groundswell`: serve, db upgrade, check, version — settings are built here, once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from adapters.cli.advocates import advocates_app
from adapters.cli.exports import export_app
from adapters.cli.manifests import manifest_app
from adapters.cli.people import people_app
from adapters.cli.surveys import survey_app
from adapters.cli.wins import wins_app
from adapters.logs import configure_logging
from bot import __version__
from bot.configure import SettingsError, check_serving, load_settings
from bot.settings import Settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Groundswell: feedback, surveys, advocates and impact digests for your AI assistant.",
)
db_app = typer.Typer(no_args_is_help=True, help="Database migrations.")
app.add_typer(db_app, name="db")
app.add_typer(manifest_app, name="manifest")
app.add_typer(wins_app, name="wins")
app.add_typer(people_app, name="people")
app.add_typer(survey_app, name="survey")
app.add_typer(advocates_app, name="advocates")
app.add_typer(export_app, name="export")
console = Console(stderr=True, highlight=False, soft_wrap=True)

MAX_PORT = 65535

DatabaseUrl = Annotated[
    str | None,
    typer.Option("--database-url", help="Overrides GROUNDSWELL_DATABASE_URL.", show_default=False),
]


def settings_or_exit(
    database_url: str | None, *, serving: bool = False, socket_mode: bool = False
) -> Settings:
    """Build the settings tree, or stop with one line per problem naming the variable.

    `serving`: also refuse what only `serve` cannot work with (it knows about Socket Mode)."""
    from adapters.cli.checks import database_url_problem

    overrides = {"database_url": database_url} if database_url else {}
    try:
        settings = load_settings(Path(".env"), **overrides)
        if socket_mode:
            settings.slack.socket_mode = True
        problems = check_serving(settings) if serving else []
        problem = database_url_problem(settings.core.database_url, "GROUNDSWELL_DATABASE_URL")
        problems += [problem] if problem else []
        if problems:
            raise SettingsError(problems)
        return settings
    except SettingsError as error:
        for problem in error.problems:
            if database_url:  # the operator typed the flag, not the variable
                problem = problem.replace("GROUNDSWELL_DATABASE_URL:", "--database-url:", 1)
            console.print(f"[red]configuration error[/red] {escape(problem)}")
        raise typer.Exit(2) from None


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port to listen on (0: any free port).")] = 3000,
    database_url: DatabaseUrl = None,
    socket_mode: Annotated[
        bool, typer.Option("--socket-mode", help="Reach Slack over Socket Mode (SLACK_APP_TOKEN).")
    ] = False,
) -> None:
    """Run the server: Slack, Teams, the ingestion API, /healthz and /metrics."""
    from adapters.cli.serving import run_server

    if not 0 <= port <= MAX_PORT:
        console.print(f"[red]--port {port}[/red]: must be between 1 and {MAX_PORT}")
        raise typer.Exit(2)
    settings = settings_or_exit(database_url, serving=True, socket_mode=socket_mode)
    configure_logging(settings.core)
    run_server(settings, host=host, port=port, console=console)


# `db downgrade -1`: without this, click reads the relative revision as an unknown option.
REVISION_ARGUMENT = {"ignore_unknown_options": True}


@db_app.command("upgrade", context_settings=REVISION_ARGUMENT)
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
    database_url: DatabaseUrl = None,
) -> None:
    """Apply pending migrations."""
    from adapters.cli.checks import apply_migrations

    settings = settings_or_exit(database_url)
    apply_migrations(settings, console, revision)


@db_app.command("downgrade", context_settings=REVISION_ARGUMENT)
def db_downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision, e.g. -1 or base.")],
    database_url: DatabaseUrl = None,
) -> None:
    """Revert migrations down to a revision."""
    from adapters.cli.checks import apply_migrations

    settings = settings_or_exit(database_url)
    apply_migrations(settings, console, revision, down=True)


@app.command()
def check(
    database_url: DatabaseUrl = None,
    socket_mode: Annotated[
        bool, typer.Option("--socket-mode", help="Check as `serve --socket-mode` would run.")
    ] = False,
) -> None:
    """Validate settings, database reachability and migration state; non-zero exit on a problem."""
    from adapters.cli.checks import run_checks

    settings = settings_or_exit(database_url, serving=True, socket_mode=socket_mode)
    raise typer.Exit(0 if run_checks(settings, console) else 1)


@app.command()
def version(database_url: DatabaseUrl = None) -> None:
    """Print the Groundswell version."""
    typer.echo(f"groundswell {__version__}")


def main() -> None:
    app(prog_name="groundswell")


@app.command()
def digest(
    week: Annotated[
        str | None,
        typer.Option("--week", help="ISO week, e.g. 2026-W47 (default: the last complete one)."),
    ] = None,
    form: Annotated[
        str, typer.Option("--format", help="terminal, markdown, html or json.")
    ] = "terminal",
    send: Annotated[
        bool, typer.Option("--send", help="Also send it to every lead through the outbox.")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", help="Write to this file instead of stdout.")
    ] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """The weekly impact digest: criteria, ratings, wins, pulse, themes, advocates, flags."""
    from adapters.cli.digest import run_digest_command

    settings = settings_or_exit(database_url)
    run_digest_command(settings, week=week, form=form, send=send, output=output, console=console)


@app.command()
def demo(
    database_url: Annotated[
        str, typer.Option("--database-url", help="A new, empty database for the demo.")
    ] = "sqlite:///groundswell-demo.db",
    output: Annotated[
        Path, typer.Option("--output", help="Where to write the HTML report.")
    ] = Path("groundswell-demo.html"),
) -> None:
    """A six-week demo programme in a fresh database, then its digest (terminal and HTML)."""
    from adapters.cli.demo import run_demo

    run_demo(database_url, output, console)
