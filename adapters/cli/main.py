"""`groundswell`: serve, db upgrade, check, version — settings are built here, once."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from adapters.cli.manifests import manifest_app
from adapters.cli.wins import wins_app
from bot import __version__
from bot.configure import SettingsError, check_combinations, load_settings
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
console = Console(stderr=True, highlight=False, soft_wrap=True)

DatabaseUrl = Annotated[
    str | None,
    typer.Option("--database-url", help="Overrides GROUNDSWELL_DATABASE_URL.", show_default=False),
]


def settings_or_exit(database_url: str | None, *, slack_socket_mode: bool = False) -> Settings:
    """Build the settings tree, or stop with one line per problem naming the variable."""
    overrides = {"database_url": database_url} if database_url else {}
    try:
        settings = load_settings(Path(".env"), **overrides)
        if slack_socket_mode:
            settings.slack.socket_mode = True
            problems = check_combinations(settings)
            if problems:
                raise SettingsError(problems)
        return settings
    except SettingsError as error:
        for problem in error.problems:
            console.print(f"[red]configuration error[/red] {problem}")
        raise typer.Exit(2) from None


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.core.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # The SDKs log request bodies at DEBUG, and bodies hold people's words.
    for noisy in ("slack_bolt", "slack_sdk", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(max(logging.INFO, logging.getLogger().level))
    # The Agents SDK dumps its connection settings at INFO, and Alembic narrates each step;
    # `serve` prints what matters itself.
    for chatty in ("microsoft_agents", "alembic"):
        logging.getLogger(chatty).setLevel(max(logging.WARNING, logging.getLogger().level))


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port to listen on.")] = 3000,
    database_url: DatabaseUrl = None,
    socket_mode: Annotated[
        bool, typer.Option("--socket-mode", help="Reach Slack over Socket Mode (SLACK_APP_TOKEN).")
    ] = False,
) -> None:
    """Run the server: Slack, Teams, the ingestion API, /healthz and /metrics."""
    from adapters.cli.serving import run_server

    settings = settings_or_exit(database_url, slack_socket_mode=socket_mode)
    configure_logging(settings)
    run_server(settings, host=host, port=port, console=console)


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
    database_url: DatabaseUrl = None,
) -> None:
    """Apply pending migrations."""
    from adapters.cli.checks import apply_migrations

    settings = settings_or_exit(database_url)
    apply_migrations(settings, console, revision)


@db_app.command("downgrade")
def db_downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision, e.g. -1 or base.")],
    database_url: DatabaseUrl = None,
) -> None:
    """Revert migrations down to a revision."""
    from storage.migrate import downgrade

    settings = settings_or_exit(database_url)
    downgrade(settings.core.database_url, revision)
    console.print(f"database downgraded to {revision}")


@app.command()
def check(database_url: DatabaseUrl = None) -> None:
    """Validate settings, database reachability and migration state; non-zero exit on a problem."""
    from adapters.cli.checks import run_checks

    settings = settings_or_exit(database_url)
    raise typer.Exit(0 if run_checks(settings, console) else 1)


@app.command()
def version(database_url: DatabaseUrl = None) -> None:
    """Print the Groundswell version."""
    typer.echo(f"groundswell {__version__}")


def main() -> None:
    app(prog_name="groundswell")
