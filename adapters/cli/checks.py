"""Database checks shared by `check`, `db upgrade` and `serve`."""

from __future__ import annotations

import typer
from rich.console import Console
from sqlalchemy.engine import make_url

from bot.secrets import SecretKeyUnavailable, load_server_keys
from bot.settings import Settings
from storage.migrate import current_revision, head_revision, upgrade


def safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def token_key_or_exit(settings: Settings, console: Console) -> bytes:
    """Migrations seal stored tokens with the server's key: no key, one line, exit 2."""
    try:
        return load_server_keys(settings.core).tokens
    except SecretKeyUnavailable as error:
        console.print(f"[red]configuration error[/red] {error}")
        raise typer.Exit(2) from None


def apply_migrations(settings: Settings, console: Console, revision: str = "head") -> None:
    url = settings.core.database_url
    token_key = token_key_or_exit(settings, console)
    try:
        upgrade(url, revision, token_key=token_key)
    except Exception as exc:
        console.print(
            f"[red]cannot migrate[/red] {safe_url(url)}: {type(exc).__name__}: {first_line(exc)}"
        )
        raise typer.Exit(1) from None
    console.print(f"database {safe_url(url)} at revision {current_revision(url)}")


def first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else ""


def run_checks(settings: Settings, console: Console) -> bool:
    url = settings.core.database_url
    console.print("settings: ok")
    try:
        current = current_revision(url)
    except Exception as exc:
        console.print(f"[red]database unreachable[/red] {safe_url(url)}: {first_line(exc)}")
        return False
    console.print(f"database: reachable ({safe_url(url)})")
    head = head_revision()
    if current != head:
        console.print(
            f"[red]migrations pending[/red]: at {current or 'empty'}, code expects {head}; "
            "run `groundswell db upgrade`"
        )
        return False
    console.print(f"migrations: up to date ({head})")
    return True
