"""Relay mode posts an answer once per key: racing duplicates, retries after a post that was
not confirmed, and a retry after the server died between posting and recording."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import create_engine, text

from storage.database import sync_url
from tests.fakes.bot_connector import FakeBotConnector
from tests.fakes.slack_web_api import FakeSlackWebApi
from tests.slack.harness import API_TOKEN, BOT_TOKEN, BOT_USER, SECRET, TEAM, running
from tests.support.process import ServeProcess, clean_environment
from tests.teams import support as teams

AUTH = {"Authorization": f"Bearer {API_TOKEN}"}
GROUNDSWELL = str(Path(sys.executable).with_name("groundswell"))


def relay_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "platform": "slack",
        "workspace": TEAM,
        "channel": "C1",
        "assistant": "helpdesk",
        "post": {"text": "Your leave balance is 12 days."},
    }
    body.update(changes)
    return body


async def relay(
    http: aiohttp.ClientSession,
    url: str,
    body: dict[str, Any],
    key: str | None = None,
    token: str = API_TOKEN,
) -> tuple[int, dict[str, Any], Any]:
    headers = {"Authorization": f"Bearer {token}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    async with http.post(f"{url}/api/v1/outputs", json=body, headers=headers) as response:
        return response.status, await response.json(), response.headers


def database_rows(database_url: str, query: str) -> list[tuple[Any, ...]]:
    engine = create_engine(sync_url(database_url))
    try:
        with engine.begin() as connection:
            result = connection.execute(text(query))
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        engine.dispose()


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlackWebApi]:
    async with FakeSlackWebApi(bot_user_id=BOT_USER, bot_id="BGROUNDSWELL", team_id=TEAM) as api:
        yield api


@pytest.mark.parametrize("keyed_by", ["header", "trace_id"])
async def test_twenty_identical_concurrent_relays_post_once(
    database_url: str, fake: FakeSlackWebApi, keyed_by: str
) -> None:
    fake.delay("chat.postMessage", 0.2)  # the first post is still in flight as the rest arrive
    body = relay_body(trace_id="trace-7") if keyed_by == "trace_id" else relay_body()
    key = "0b7f7c1e-relay-1" if keyed_by == "header" else None
    async with running(database_url, fake) as server:
        racing = [relay(server.http, server.url, body, key) for _ in range(20)]
        answers = await asyncio.gather(*racing)

    statuses = sorted(status for status, _, _ in answers)
    assert statuses == [200] * 19 + [201]
    assert len(fake.calls("chat.postMessage")) == 1
    posted = fake.messages("C1")[0]["ts"]
    assert {(a["id"], a["message_id"], a["channel"]) for _, a, _ in answers} == {
        (answers[0][1]["id"], posted, "C1")
    }
    assert database_rows(database_url, "SELECT count(*) FROM ai_outputs") == [(1,)]


async def test_a_relay_without_a_key_is_posted_every_time(
    database_url: str, fake: FakeSlackWebApi
) -> None:
    async with running(database_url, fake) as server:
        first = await relay(server.http, server.url, relay_body())
        second = await relay(server.http, server.url, relay_body())
    assert (first[0], second[0]) == (201, 201)
    assert first[1]["message_id"] != second[1]["message_id"]
    assert len(fake.calls("chat.postMessage")) == 2


async def test_a_key_used_again_for_a_different_answer_is_refused(
    database_url: str, fake: FakeSlackWebApi
) -> None:
    async with running(database_url, fake) as server:
        first = await relay(server.http, server.url, relay_body(), key="k-1")
        other = relay_body(post={"text": "Your leave balance is 14 days."})
        reused = await relay(server.http, server.url, other, key="k-1")
        elsewhere = await relay(server.http, server.url, relay_body(channel="C2"), key="k-1")
    assert first[0] == 201
    assert (reused[0], reused[1]["error"]) == (409, "idempotency_key_reused")
    assert [field["field"] for field in reused[1]["fields"]] == ["Idempotency-Key"]
    assert elsewhere[0] == 201  # a key is scoped to where the answer goes
    assert [call.params["channel"] for call in fake.calls("chat.postMessage")] == ["C1", "C2"]


@pytest.mark.parametrize("key", ["", "has space", "é", "x" * 256])
async def test_a_malformed_idempotency_key_is_400_naming_it(
    database_url: str, fake: FakeSlackWebApi, key: str
) -> None:
    async with running(database_url, fake) as server:
        headers = {**AUTH, "Idempotency-Key": key}
        async with server.http.post(
            f"{server.url}/api/v1/outputs", json=relay_body(), headers=headers
        ) as response:
            answer = await response.json()
    assert response.status == 400
    assert [field["field"] for field in answer["fields"]] == ["Idempotency-Key"]
    assert fake.calls("chat.postMessage") == []


async def test_an_unconfirmed_post_is_found_in_its_thread_not_posted_again(
    database_url: str, fake: FakeSlackWebApi
) -> None:
    """Slack posted the answer but failed to say so: the retry finds it by its metadata."""
    fake.add_message("C1", {"ts": "1700000000.000100", "text": "the question"})
    body = relay_body(post={"text": "answer", "thread_ts": "1700000000.000100"})
    fake.lose_next_answer("chat.postMessage")
    async with running(database_url, fake) as server:
        lost = await relay(server.http, server.url, body, key="k-lost")
        again = await relay(server.http, server.url, body, key="k-lost")

    assert (lost[0], lost[1]["error"], lost[2]["Retry-After"]) == (503, "relay_unconfirmed", "5")
    [posted] = [m for m in fake.messages("C1") if m.get("thread_ts")]
    assert again[0] == 200
    assert (again[1]["message_id"], again[1]["created"]) == (posted["ts"], False)
    assert len(fake.calls("chat.postMessage")) == 1
    [looked] = fake.calls("conversations.replies")
    assert looked.params["ts"] == "1700000000.000100"
    assert str(looked.params["include_all_metadata"]).lower() in ("1", "true")
    assert database_rows(database_url, "SELECT message_id FROM ai_outputs") == [(posted["ts"],)]


async def test_a_retry_after_a_crash_between_post_and_registration_does_not_post_again(
    database_url: str, fake: FakeSlackWebApi, tmp_path: Path
) -> None:
    serve = ServeProcess(
        clean_environment(
            GROUNDSWELL_DATABASE_URL=database_url,
            GROUNDSWELL_API_TOKENS=API_TOKEN,
            SLACK_SIGNING_SECRET=SECRET,
            SLACK_BOT_TOKEN=BOT_TOKEN,
            GROUNDSWELL_SLACK_API_URL=fake.url,
        ),
        tmp_path,
    )
    body = relay_body(trace_id="trace-crash")
    async with aiohttp.ClientSession() as http:
        await serve.start()
        answered = fake.hold("chat.postMessage")  # posted at Slack; the answer never arrives
        first = asyncio.create_task(relay(http, serve.url, body))
        await fake.wait_for_call("chat.postMessage")
        serve.kill_hard()  # kill -9 between the post and its registration
        await serve.wait_dead()
        with pytest.raises(aiohttp.ClientError):
            await first
        answered.set()
        assert database_rows(database_url, "SELECT status FROM relays") == [("pending",)]
        assert database_rows(database_url, "SELECT count(*) FROM ai_outputs") == [(0,)]

        async with running(database_url, fake) as server:
            # Restarted at once: the crashed attempt still holds its lease.
            busy = await relay(server.http, server.url, body)
            # Its lease runs out (2 minutes), as if that much time had passed.
            database_rows(database_url, "UPDATE relays SET lease_until = claimed_at")
            again = await relay(server.http, server.url, body)

    assert (busy[0], busy[1]["error"]) == (409, "relay_in_progress")
    assert int(busy[2]["Retry-After"]) >= 1
    [posted] = fake.messages("C1")
    assert again[0] == 200
    assert (again[1]["message_id"], again[1]["created"]) == (posted["ts"], False)
    assert len(fake.calls("chat.postMessage")) == 1
    [looked] = fake.calls("conversations.history")
    assert str(looked.params["include_all_metadata"]).lower() in ("1", "true")
    assert database_rows(database_url, "SELECT status FROM relays") == [("registered",)]
    assert database_rows(database_url, "SELECT message_id, trace_id FROM ai_outputs") == [
        (posted["ts"], "trace-crash")
    ]


async def test_teams_cannot_be_asked_so_an_unconfirmed_relay_is_not_posted_again(
    database_url: str,
) -> None:
    """Teams has no history a bot can read: the retry says so instead of risking a double."""
    async with (
        FakeBotConnector() as connector,
        teams.running(teams.settings_for(database_url, connector)) as server,
    ):
        await server.post_activity(teams.install_activity(connector.service_url))
        connector.reset()
        body = relay_body(platform="teams", workspace=teams.TENANT, channel=teams.PERSONAL_CHAT)
        connector.fail_next(status=502, retry_after=None, code="BadGateway")
        token = teams.API_TOKEN
        lost = await relay(server.http, server.url, body, key="teams-1", token=token)
        again = await relay(server.http, server.url, body, key="teams-1", token=token)
        fresh = await relay(server.http, server.url, body, key="teams-2", token=token)

    assert (lost[0], lost[1]["error"]) == (503, "relay_unconfirmed")
    assert (again[0], again[1]["error"]) == (409, "relay_outcome_unknown")
    assert fresh[0] == 201
    calls = connector.calls
    posts = [call for call in calls if call.method == "POST" and call.path.endswith("/activities")]
    assert len(posts) == 2  # the lost attempt and the fresh key's post, nothing more
