"""`groundswell serve`: migrate the embedded default, build the app, print what is on, run."""

from __future__ import annotations

import asyncio

import typer
from aiohttp import web
from rich.console import Console

from adapters.cli.checks import apply_migrations, run_checks, safe_url
from adapters.platforms import PLATFORMS
from adapters.teams.auth import insecure_refusal
from adapters.web.mounting import APP_MOUNTED
from adapters.web.server import build_app
from bot.services import build_services
from bot.settings import Settings
from storage.database import is_sqlite


def run_server(settings: Settings, *, host: str, port: int, console: Console) -> None:
    refusal = insecure_refusal(settings.teams, host)
    if refusal is not None:
        console.print(refusal, markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    url = settings.core.database_url
    if is_sqlite(url):
        # The embedded default needs no set-up step: bring its schema up to date ourselves.
        apply_migrations(settings, console)
    elif not run_checks(settings, console):
        raise typer.Exit(1)

    async def make_app() -> web.Application:
        app = await build_app(build_services(settings), mounters=PLATFORMS)
        mounted = app[APP_MOUNTED]
        console.print(f"Groundswell listening on http://{host}:{port}  (database {safe_url(url)})")
        for line in mounted.enabled:
            console.print(f"  [green]on[/green]   {line}")
        for line in mounted.disabled:
            console.print(f"  [dim]off[/dim]  {line}")
        for line in mounted.warnings:
            console.print(f"  [yellow bold]warning[/yellow bold] {line}")
        return app

    # Access logs carry client IPs and paths: personal data we do not need.
    web.run_app(
        make_app(), host=host, port=port, print=None, access_log=None, loop=asyncio.new_event_loop()
    )
