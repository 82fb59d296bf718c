"""A running Groundswell with Slack on and exports switched on, against fake destinations."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
from aiohttp import web

from adapters.platforms import PLATFORMS
from adapters.web.server import build_app
from bot.services import build_services
from bot.settings import ExportSettings
from storage.repositories import export_status as export_status_repo
from storage.repositories.export_status import DestinationStatus
from tests.fakes import langfuse
from tests.fakes.slack_web_api import FakeSlackWebApi
from tests.slack.harness import API_TOKEN, TEAM, Server, make_settings

WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def export_settings(**values: Any) -> ExportSettings:
    """Quick retries, so an outage in a test lasts seconds, not minutes."""
    base: dict[str, Any] = {"export_backoff_seconds": 0.05, "export_backoff_cap_seconds": 0.5}
    return ExportSettings(_env_file=None, **(base | values))


def langfuse_settings(url: str, **values: Any) -> dict[str, Any]:
    return {
        "langfuse_host": url,
        "langfuse_public_key": langfuse.PUBLIC_KEY,
        "langfuse_secret_key": langfuse.SECRET_KEY,
    } | values


@asynccontextmanager
async def exporting(
    database_url: str, fake: FakeSlackWebApi, exports: ExportSettings
) -> AsyncIterator[Server]:
    settings = make_settings(database_url, fake).model_copy(update={"exports": exports})
    services = build_services(settings)
    app = await build_app(services, mounters=PLATFORMS)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        async with aiohttp.ClientSession() as http:
            yield Server(f"http://127.0.0.1:{port}", services, fake, http, app)
    finally:
        await runner.cleanup()


async def register_answer(
    server: Server, *, trace_id: str | None, ts: str = "1700000000.000100", channel: str = "C1"
) -> int:
    body: dict[str, Any] = {
        "platform": "slack",
        "workspace": TEAM,
        "channel": channel,
        "message_id": ts,
        "assistant": "helpdesk",
        "use_case": "hr",
    }
    if trace_id is not None:
        body["trace_id"] = trace_id
    headers = {"Authorization": f"Bearer {API_TOKEN}"}
    async with server.http.post(f"{server.url}/api/v1/outputs", json=body, headers=headers) as r:
        assert r.status == 201, await r.text()
        found: int = (await r.json())["id"]
        return found


async def give_feedback(
    server: Server, *, output_id: int, user: str, rating: str, key: str, comment: str | None = None
) -> None:
    """What an AI app forwards to `POST /api/v1/feedback` (the quickest way to rate)."""
    body: dict[str, Any] = {
        "output_id": output_id,
        "platform": "slack",
        "workspace": TEAM,
        "user": user,
        "rating": rating,
        "event_id": key,
    }
    if comment is not None:
        body["comment"] = comment
    headers = {"Authorization": f"Bearer {API_TOKEN}"}
    async with server.http.post(f"{server.url}/api/v1/feedback", json=body, headers=headers) as r:
        assert r.status in (200, 201), await r.text()


async def wait_for_metric(server: Server, line: str, within: float = 5.0) -> str:
    """/metrics once it shows `line` (the worker counts after each round)."""
    deadline = time.monotonic() + within
    while True:
        async with server.http.get(f"{server.url}/metrics") as response:
            text = await response.text()
        if line in text:
            return text
        if time.monotonic() > deadline:
            raise AssertionError(f"{line!r} not in /metrics:\n{text}")
        await asyncio.sleep(0.05)


async def wait_for_status(
    server: Server, reached: Callable[[DestinationStatus], bool], within: float = 5.0
) -> DestinationStatus:
    """The one destination's queue counts, once `reached` says so."""
    deadline = time.monotonic() + within
    while True:
        [status] = await server.services.database.run(export_status_repo.count_by_destination)
        if reached(status):
            return status
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached within {within} s: {status}")
        await asyncio.sleep(0.02)
