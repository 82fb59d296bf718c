"""/healthz and /metrics, as a load balancer and a Prometheus server see them."""

from __future__ import annotations

import aiohttp

from tests.support.postgres import free_port
from tests.support.server import make_settings, running_app


async def test_healthz_is_ok_when_database_answers(database_url: str) -> None:
    async with (
        running_app(make_settings(database_url)) as (url, _),
        aiohttp.ClientSession() as http,
    ):
        async with http.get(url + "/healthz") as response:
            assert response.status == 200
            assert await response.json() == {"status": "ok", "database": "ok"}


async def test_healthz_is_503_when_database_unreachable() -> None:
    dead = f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/gone"
    async with running_app(make_settings(dead)) as (url, _), aiohttp.ClientSession() as http:
        async with http.get(url + "/healthz") as response:
            assert response.status == 503
            assert (await response.json())["database"] == "unreachable"


async def test_metrics_count_requests_and_feedback_by_rating_and_source(sqlite_url: str) -> None:
    settings = make_settings(sqlite_url, api_tokens=["m-token"])
    auth = {"Authorization": "Bearer m-token"}
    async with running_app(settings) as (url, _), aiohttp.ClientSession() as http:
        for event_id, rating in (("a", "up"), ("b", "up"), ("c", "down"), ("a", "up")):
            await http.post(
                url + "/api/v1/feedback",
                headers=auth,
                json={
                    "event_id": event_id,
                    "platform": "slack",
                    "workspace": "T1",
                    "user": "U1",
                    "rating": rating,
                },
            )
        await http.post(url + "/api/v1/feedback", headers=auth, json={"bad": 1})
        async with http.get(url + "/metrics") as response:
            text = await response.text()
    assert response.headers["Content-Type"].startswith("text/plain")
    assert 'groundswell_feedback_recorded_total{rating="up",source="api"} 2.0' in text
    assert 'groundswell_feedback_recorded_total{rating="down",source="api"} 1.0' in text
    assert (
        'groundswell_http_requests_total{method="POST",route="/api/v1/feedback",status="201"} 3.0'
    ) in text
    assert (
        'groundswell_http_requests_total{method="POST",route="/api/v1/feedback",status="400"} 1.0'
    ) in text
