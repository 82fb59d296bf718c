"""Teams, the ingestion API and the health check answer from one `groundswell serve` process."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import time
from pathlib import Path

import aiohttp

from adapters.platforms import PLATFORMS
from adapters.web.mounting import APP_MOUNTED
from tests.fakes.bot_connector import FakeBotConnector
from tests.teams.support import API_TOKEN, activity, running, settings_for

GROUNDSWELL = Path(sys.executable).with_name("groundswell")


async def test_one_app_serves_health_api_and_teams(
    database_url: str, fake: FakeBotConnector
) -> None:
    async with running(settings_for(database_url), mounters=PLATFORMS) as server:
        async with server.http.get(f"{server.url}/healthz") as health:
            assert health.status == 200
        async with server.http.get(f"{server.url}/api/v1/openapi.json") as spec:
            assert spec.status == 200
            assert "/api/v1/feedback" in (await spec.json())["paths"]
        status, _ = await server.post_activity(activity(fake.service_url, text="help"))
        mounted = server.app[APP_MOUNTED]
    assert status in (200, 202)
    assert len(fake.sent_activities) == 1
    assert any(line.startswith("Teams /api/messages") for line in mounted.enabled)
    assert any("WITHOUT authentication" in line for line in mounted.warnings)
    assert any(line.startswith("Slack") for line in mounted.disabled + mounted.warnings)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_groundswell_serve_answers_on_every_edge(
    tmp_path: Path, fake: FakeBotConnector
) -> None:
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GROUNDSWELL_", "MICROSOFT_", "SLACK_"))
    }
    env.update(
        GROUNDSWELL_DATABASE_URL=f"sqlite:///{tmp_path / 'gs.db'}", GROUNDSWELL_API_TOKENS=API_TOKEN
    )
    process = await asyncio.create_subprocess_exec(
        str(GROUNDSWELL),
        "serve",
        "--port",
        str(port),
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as http:
            deadline = time.monotonic() + 30
            while True:
                try:
                    async with http.get(f"{base}/healthz") as health:
                        if health.status == 200:
                            break
                except aiohttp.ClientConnectionError:
                    pass
                assert time.monotonic() < deadline, "groundswell serve did not start"
                await asyncio.sleep(0.2)
            async with http.get(f"{base}/api/v1/openapi.json") as spec:
                assert spec.status == 200
            async with http.post(
                f"{base}/api/messages", json=activity(fake.service_url, text="help")
            ) as teams:
                assert teams.status in (200, 202)
            async with http.get(
                f"{base}/api/v1/feedback", headers={"Authorization": f"Bearer {API_TOKEN}"}
            ) as feedback:
                assert feedback.status == 200
    finally:
        process.terminate()
        raw_output, _ = await asyncio.wait_for(process.communicate(), 30)
    output = raw_output.decode()
    assert len(fake.sent_activities) == 1
    assert "WITHOUT authentication" in output
