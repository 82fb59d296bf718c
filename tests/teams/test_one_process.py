"""Teams, the ingestion API and the health check answer from one `groundswell serve` process."""

from __future__ import annotations

from pathlib import Path

from adapters.platforms import PLATFORMS
from adapters.web.mounting import APP_MOUNTED
from tests.fakes.bot_connector import FakeBotConnector
from tests.teams.serving import serving
from tests.teams.support import API_TOKEN, activity, running, settings_for


async def test_one_app_serves_health_api_and_teams(
    database_url: str, fake: FakeBotConnector
) -> None:
    async with running(settings_for(database_url, fake), mounters=PLATFORMS) as server:
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


async def test_groundswell_serve_answers_on_every_edge(
    tmp_path: Path, fake: FakeBotConnector
) -> None:
    async with serving(
        tmp_path,
        GROUNDSWELL_API_TOKENS=API_TOKEN,
        GROUNDSWELL_TEAMS_INSECURE_LOCAL="true",
        GROUNDSWELL_TEAMS_SERVICE_URLS=fake.base_url,
    ) as served:
        async with served.http.get(f"{served.url}/api/v1/openapi.json") as spec:
            assert spec.status == 200
        async with served.http.post(
            f"{served.url}/api/messages", json=activity(fake.service_url, text="help")
        ) as teams:
            assert teams.status in (200, 202)
        async with served.http.get(
            f"{served.url}/api/v1/feedback", headers={"Authorization": f"Bearer {API_TOKEN}"}
        ) as feedback:
            assert feedback.status == 200
    assert len(fake.sent_activities) == 1
    assert any("INSECURE" in line and "WITHOUT authentication" in line for line in served.output)
