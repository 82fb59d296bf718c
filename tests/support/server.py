"""Run the real Groundswell aiohttp app on a loopback port chosen by the OS."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from aiohttp import web

from adapters.platforms import PLATFORMS
from adapters.web.server import build_app
from bot.services import Services, build_services
from bot.settings import CoreSettings, Settings, SlackSettings, TeamsSettings


def make_settings(
    database_url: str,
    *,
    slack: dict[str, Any] | None = None,
    teams: dict[str, Any] | None = None,
    **core: Any,
) -> Settings:
    """Settings as `main()` would build them, from explicit values only (no .env, no os.environ
    beyond what a test sets itself)."""
    return Settings(
        core=CoreSettings(_env_file=None, database_url=database_url, **core),
        slack=SlackSettings(_env_file=None, **(slack or {})),
        teams=TeamsSettings(_env_file=None, **(teams or {})),
    )


@asynccontextmanager
async def running_app(settings: Settings) -> AsyncIterator[tuple[str, Services]]:
    services = build_services(settings)
    app = await build_app(services, mounters=PLATFORMS)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    server = site._server
    assert server is not None
    port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}", services
    finally:
        await runner.cleanup()


def repo_root() -> Path:
    return Path(__file__).resolve().parents[2]


class ThreadedApp:
    """The same app on its own event loop in a thread, for synchronous tests (hypothesis)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self.url = ""

    def __enter__(self) -> ThreadedApp:
        import asyncio
        import threading

        ready = threading.Event()
        self._loop = asyncio.new_event_loop()

        async def start() -> None:
            self._context = running_app(self._settings)
            self.url, _ = await self._context.__aenter__()
            ready.set()

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(start())
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        if not ready.wait(30):
            raise RuntimeError("app did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        import asyncio

        stop = asyncio.run_coroutine_threadsafe(
            self._context.__aexit__(None, None, None), self._loop
        )
        stop.result(30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(30)
        self._loop.close()


def count_rows(database_url: str, *tables: str) -> dict[str, int]:
    """Row counts straight from the database, to prove a refused request wrote nothing."""
    from sqlalchemy import create_engine, text

    from storage.database import sync_url

    engine = create_engine(sync_url(database_url))
    try:
        with engine.connect() as connection:
            return {
                table: int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
                for table in tables
            }
    finally:
        engine.dispose()
