"""Checks shared by `check`, `db upgrade|downgrade` and `serve`: one line each."""

from __future__ import annotations

import importlib
from pathlib import Path

import typer
from alembic.script import ScriptDirectory
from alembic.script.revision import ResolutionError
from alembic.util import CommandError
from rich.console import Console
from rich.markup import escape
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.secrets import SecretKeyUnavailable, load_server_keys
from bot.settings import Settings
from storage import migrate
from storage.migrate import alembic_config, current_revision, head_revision

POSTGRES_EXTRA = (
    "install the PostgreSQL extra: pip install 'groundswell[postgres]' "
    "(from a checkout: pip install '.[postgres]')"
)


# Exit codes: 2 = a setting, flag or revision that cannot work (a restart will not help);
# 1 = something outside that may come back (the database, the port, Slack).
EXIT_UNWORKABLE = 2
EXIT_UNAVAILABLE = 1


class CannotStart(Exception):
    """One line for the operator, and whether trying again later could help."""

    def __init__(self, message: str, *, retry: bool) -> None:
        super().__init__(message)
        self.exit_code = EXIT_UNAVAILABLE if retry else EXIT_UNWORKABLE


def safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def token_key_or_exit(settings: Settings, console: Console) -> bytes:
    """Migrations seal stored tokens with the server's key: no key, one line, exit 2."""
    try:
        return load_server_keys(settings.core).tokens
    except SecretKeyUnavailable as error:
        console.print(f"[red]configuration error[/red] {escape(str(error))}")
        raise typer.Exit(EXIT_UNWORKABLE) from None


def database_url_problem(url: str, source: str) -> str | None:
    """What would otherwise surface as a traceback from deep in SQLAlchemy or the driver."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return f"{source}: is not a database URL; e.g. sqlite:///groundswell.db"
    if parsed.get_backend_name() == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            return (
                f"{source}: an in-memory SQLite database keeps nothing; "
                "name a file, e.g. sqlite:///groundswell.db"
            )
        folder = Path(parsed.database).parent
        if not folder.is_dir():
            return f"{source}: the folder {folder} does not exist; create it first"
        return None
    try:
        importlib.import_module("psycopg")
    except ImportError:
        return f"{source}: PostgreSQL needs the psycopg driver, not installed: {POSTGRES_EXTRA}"
    return None


def known_revisions() -> str:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    ids = [revision.revision for revision in reversed(list(script.walk_revisions()))]
    return ", ".join(["base", *ids[:-1], f"{ids[-1]} (head)"])


def apply_migrations(
    settings: Settings, console: Console, revision: str = "head", *, down: bool = False
) -> None:
    url = settings.core.database_url
    token_key = token_key_or_exit(settings, console)
    try:
        (migrate.downgrade if down else migrate.upgrade)(url, revision, token_key=token_key)
    except CommandError as exc:
        if isinstance(exc.__cause__, ResolutionError):
            console.print(
                f"[red]unknown revision[/red] {escape(repr(revision))}: "
                f"choose one of {known_revisions()}, or a relative step such as -1"
            )
        else:
            console.print(
                f"[red]cannot migrate to[/red] {escape(repr(revision))}: {escape(first_line(exc))}"
            )
        raise typer.Exit(EXIT_UNWORKABLE) from None
    except Exception as exc:
        console.print(
            f"[red]cannot migrate[/red] {escape(safe_url(url))}: "
            f"{type(exc).__name__}: {escape(first_line(exc))}"
        )
        raise typer.Exit(EXIT_UNAVAILABLE) from None
    console.print(f"database {escape(safe_url(url))} at revision {current_revision(url) or 'base'}")


def first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else ""


def run_checks(settings: Settings, console: Console) -> bool:
    url = settings.core.database_url
    console.print("settings: ok")
    try:
        current = current_revision(url)
    except Exception as exc:
        console.print(
            f"[red]database unreachable[/red] {escape(safe_url(url))}: {escape(first_line(exc))}"
        )
        return False
    console.print(f"database: reachable ({escape(safe_url(url))})")
    head = head_revision()
    if current != head:
        console.print(
            f"[red]migrations pending[/red]: at {current or 'empty'}, code expects {head}; "
            "run `groundswell db upgrade`"
        )
        return False
    console.print(f"migrations: up to date ({head})")
    return True
