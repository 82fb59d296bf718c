"""A database outage as clients and operators see it: 503 with Retry-After on every route that
needs the database, one WARNING as it starts and one as it ends, and recovery without a
restart (issue 7: a 30 s PostgreSQL stop gave 882 × 500 and 60,733 log lines)."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Iterator
from typing import Any

import aiohttp
import pytest

from storage.migrate import upgrade
from tests.api.support import AUTH, OUTPUT, TOKEN, feedback
from tests.fakes.bot_connector import FakeBotConnector
from tests.fakes.slack_signing import signed_slash_command
from tests.fakes.slack_web_api import FakeSlackWebApi
from tests.slack.harness import BOT_USER, SECRET, TEAM
from tests.slack.harness import running as running_slack
from tests.support.postgres import ThrowawayPostgres
from tests.support.server import count_rows, make_settings, running_app
from tests.teams.support import activity as teams_activity
from tests.teams.support import running as running_teams
from tests.teams.support import settings_for


@pytest.fixture
def own_postgres() -> Iterator[tuple[ThrowawayPostgres, str]]:
    """A server of this test's own: stopping it must not take the session's server down."""
    server = ThrowawayPostgres()
    url = server.start()
    try:
        upgrade(url)
        yield server, url
    finally:
        server.stop()


async def call(
    http: aiohttp.ClientSession, method: str, url: str, body: Any = None
) -> tuple[int, dict[str, str], Any]:
    async with http.request(method, url, json=body, headers=AUTH) as response:
        return response.status, dict(response.headers), await response.json()


def outage_lines(
    caplog: pytest.LogCaptureFixture, level: int = logging.INFO
) -> list[logging.LogRecord]:
    """Groundswell's log lines (not the access log of the fake platform servers)."""
    return [r for r in caplog.records if r.levelno >= level and r.name != "aiohttp.access"]


def assert_unavailable(answer: tuple[int, dict[str, str], Any]) -> None:
    status, headers, body = answer
    assert status == 503, body
    assert headers["Retry-After"] == "5"
    assert body["error"] == "database_unavailable"


async def drive_outage(
    base: str, http: aiohttp.ClientSession, output_id: int
) -> list[tuple[int, dict[str, str], Any]]:
    """Fifty concurrent requests on every route that needs the database."""
    writes = [
        call(http, "POST", base + "/api/v1/feedback", feedback(f"down-{n}", output_id=output_id))
        for n in range(40)
    ]
    others = [
        call(http, "POST", base + "/api/v1/outputs", {**OUTPUT, "message_id": f"9.{n}"})
        for n in range(5)
    ] + [call(http, "GET", base + "/api/v1/feedback") for _ in range(5)]
    return list(await asyncio.gather(*writes, *others))


async def test_postgres_outage_answers_503_logs_twice_and_recovers_without_restart(
    own_postgres: tuple[ThrowawayPostgres, str], caplog: pytest.LogCaptureFixture
) -> None:
    server, url = own_postgres
    async with (
        running_app(make_settings(url, api_tokens=[TOKEN])) as (base, _services),
        aiohttp.ClientSession() as http,
    ):
        status, _, output = await call(http, "POST", base + "/api/v1/outputs", OUTPUT)
        assert status == 201
        before = await call(
            http, "POST", base + "/api/v1/feedback", feedback("up", output_id=output["id"])
        )
        assert before[0] == 201
        caplog.clear()
        caplog.set_level(logging.INFO)

        server.halt()
        for answer in await drive_outage(base, http, output["id"]):
            assert_unavailable(answer)
        health = await call(http, "GET", base + "/healthz")
        assert (health[0], health[1]["Retry-After"]) == (503, "5")
        during = outage_lines(caplog)

        server.launch()
        after = await call(
            http, "POST", base + "/api/v1/feedback", feedback("back", output_id=output["id"])
        )
        healthy = await call(http, "GET", base + "/healthz")

    assert (after[0], healthy[0]) == (201, 200)
    assert [(r.levelname, r.getMessage().split(" (")[0]) for r in during] == [
        ("WARNING", "database unavailable")
    ]
    lines = outage_lines(caplog)
    assert [r.levelname for r in lines] == ["WARNING", "WARNING"]
    assert "available again" in lines[1].getMessage()
    assert not any(r.exc_info for r in caplog.records)
    assert count_rows(url, "feedback", "ai_outputs") == {"feedback": 2, "ai_outputs": 1}


async def test_sqlite_locked_by_another_process_answers_503_then_recovers(
    sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """The embedded database is unwritable while another process holds its write lock (a
    backup, a `sqlite3` shell left in a transaction, a second server on the same file)."""
    async with (
        running_app(make_settings(sqlite_url, api_tokens=[TOKEN])) as (base, _services),
        aiohttp.ClientSession() as http,
    ):
        assert (await call(http, "POST", base + "/api/v1/feedback", feedback("a")))[0] == 201
        caplog.clear()
        caplog.set_level(logging.INFO)
        other = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # holds the write lock
            assert_unavailable(await call(http, "POST", base + "/api/v1/feedback", feedback("b")))
        finally:
            other.execute("ROLLBACK")
            other.close()
        recovered = await call(http, "POST", base + "/api/v1/feedback", feedback("c"))

    assert recovered[0] == 201
    lines = outage_lines(caplog)
    assert [(r.levelname, r.getMessage().split(" (")[0].split(" after")[0]) for r in lines] == [
        ("WARNING", "database unavailable"),
        ("WARNING", "database available again"),
    ]
    assert "SQLite database is busy" in lines[0].getMessage()
    assert count_rows(sqlite_url, "feedback") == {"feedback": 2}


class WriteLock:
    """Another process holding the SQLite file's write lock until released."""

    def __init__(self, database_url: str) -> None:
        self._connection = sqlite3.connect(
            database_url.removeprefix("sqlite:///"), isolation_level=None
        )

    def __enter__(self) -> WriteLock:
        self._connection.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, *_exc: object) -> None:
        self._connection.execute("ROLLBACK")
        self._connection.close()


async def test_a_slash_command_needing_the_database_answers_503_during_an_outage(
    sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Its answer is the ack itself, so the outage is the ack's status; Bolt's error line
    stays out of the log."""
    fields = {
        "command": "/groundswell",
        "text": "optout",
        "team_id": TEAM,
        "channel_id": "C1",
        "user_id": "U1PERSON",
        "trigger_id": "1.2.outage",
        "response_url": "https://hooks.slack.com/commands/T111/1/x",
    }
    async with FakeSlackWebApi(bot_user_id=BOT_USER, team_id=TEAM) as fake:
        async with running_slack(sqlite_url, fake) as server:
            caplog.set_level(logging.INFO)
            with WriteLock(sqlite_url):
                body, headers = signed_slash_command(fields, SECRET)
                async with server.http.post(
                    f"{server.url}/slack/events", data=body, headers=headers
                ) as response:
                    answer = (response.status, dict(response.headers), await response.json())
            during = outage_lines(caplog)
            status, _ = await server.command("optout")
    assert_unavailable(answer)
    assert status == 200
    assert [r.levelname for r in during] == ["WARNING"]
    assert not any(r.exc_info for r in caplog.records)


async def test_a_teams_message_needing_the_database_answers_503_during_an_outage(
    sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Bot Framework retries a 5xx; the SDK's own error line with its traceback is dropped."""
    async with (
        FakeBotConnector() as connector,
        running_teams(settings_for(sqlite_url, connector)) as teams,
    ):
        caplog.set_level(logging.INFO)
        with WriteLock(sqlite_url):
            async with teams.http.post(
                f"{teams.url}/api/messages",
                json=teams_activity(connector.service_url, text="optout"),
            ) as response:
                answer = (response.status, dict(response.headers), await response.json())
        # The SDK also says "Calling error handler ... for error: <its text>" at INFO.
        during = outage_lines(caplog, logging.WARNING)
        status, _ = await teams.post_activity(teams_activity(connector.service_url, text="optout"))
    assert_unavailable(answer)
    assert status < 300
    # Once when it starts; "available again" may follow while the lock is still held: the
    # outbox's poll only reads, and reads work beside another process's write lock (WAL).
    lines = [(r.levelname, r.getMessage().split(" (")[0].split(" after")[0]) for r in during]
    assert lines[:1] == [("WARNING", "database unavailable")]
    assert lines[1:] in ([], [("WARNING", "database available again")])
    assert not any(r.exc_info for r in caplog.records)
