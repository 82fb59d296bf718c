"""With a model configured, `serve` asks it about every free text: its answer decides, and a
slow model gives way to the rules in time for Slack's 3-second ack."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from bot.records import PersonRef, Platform
from bot.settings import LlmSettings
from tests.api.support import OUTPUT, TOKEN, Api, feedback
from tests.fakes.openai_compatible import FakeOpenAI
from tests.support.server import make_settings, running_app

RULES_WIN = "it drafted the board paper and it went out a day early"


@pytest.fixture
async def fake() -> AsyncIterator[FakeOpenAI]:
    async with FakeOpenAI() as server:
        yield server


async def stored_wins(services: Any, user: str) -> list[dict[str, Any]]:
    exported = await services.people.export(
        PersonRef(platform=Platform.SLACK, tenant="T1", user_id=user)
    )
    wins: list[dict[str, Any]] = json.loads(exported).get("wins", [])
    return wins


async def test_the_model_decides_and_a_slow_one_gives_way_to_the_rules(
    database_url: str, fake: FakeOpenAI
) -> None:
    settings = make_settings(database_url, api_tokens=[TOKEN])
    settings.llm = LlmSettings(_env_file=None, url=fake.url, model="judge-1", timeout_seconds=5)
    async with running_app(settings) as (url, services), aiohttp.ClientSession() as http:
        api = Api(url, http)
        _, output = await api.post("/api/v1/outputs", OUTPUT)
        said = "the report is done, saved me 2 hours, ask <@U777> how"
        await api.post("/api/v1/feedback", feedback("e1", output_id=output["id"], comment=said))
        await api.post(
            "/api/v1/feedback", feedback("e2", user="U2", output_id=output["id"], comment=RULES_WIN)
        )
        fake.next_delay(3.0)
        started = time.monotonic()
        await api.post(
            "/api/v1/feedback", feedback("e3", user="U3", output_id=output["id"], comment=RULES_WIN)
        )
        waited = time.monotonic() - started
        by_model = await stored_wins(services, "U1")
        model_said_no = await stored_wins(services, "U2")
        by_rules = await stored_wins(services, "U3")
    assert [(w["evidence"]["read_by"], w["minutes_saved"]) for w in by_model] == [("model", 120)]
    assert "U777" not in fake.requests[0].message  # names never leave
    assert model_said_no == []  # the rules alone would have called it a win: the model decides
    assert [w["evidence"]["read_by"] for w in by_rules] == ["rules"]
    assert waited < 2.5


async def test_a_model_that_stops_answering_is_one_line_each_way_and_counted(
    database_url: str, fake: FakeOpenAI, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(database_url, api_tokens=[TOKEN])
    settings.llm = LlmSettings(_env_file=None, url=fake.url, model="judge-1", timeout_seconds=5)
    caplog.set_level(logging.INFO, logger="adapters.llm")
    async with running_app(settings) as (url, _services), aiohttp.ClientSession() as http:
        api = Api(url, http)
        _, output = await api.post("/api/v1/outputs", OUTPUT)
        for _ in range(6):
            fake.next_status(503)
        down = [
            await api.post(
                "/api/v1/feedback",
                feedback(f"e{n}", user=f"U{n}", output_id=output["id"], comment=RULES_WIN),
            )
            for n in range(6)
        ]
        back = await api.post(
            "/api/v1/feedback", feedback("e9", user="U9", output_id=output["id"], comment="ok")
        )
        async with http.get(url + "/metrics") as response:
            metrics = await response.text()
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("adapters.llm")]
    assert [status for status, _ in [*down, back]] == [201] * 7
    assert len(lines) == 2, lines
    assert lines[0].startswith("win model unavailable (http_5xx)")
    assert lines[1].startswith("win model works again") and "(6 failed meanwhile)" in lines[1]
    assert 'groundswell_win_model_fallbacks_total{reason="http_5xx"} 6.0' in metrics
