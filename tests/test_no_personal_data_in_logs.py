"""Markers (words, user and conversation ids, a service URL, tokens) driven through every
route and failure path never appear in the log, whichever library writes the line.

The log is captured through the handler `groundswell serve` installs, at the configured INFO
level, with every library logger opened to INFO too (their WARNINGs and ERRORs included),
and searched only after the server has stopped, when all acknowledged work has run.
"""

from __future__ import annotations

import io
import json
import logging
import os
from collections.abc import AsyncIterator, Iterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from adapters.logs import configure_logging
from adapters.slack.mount import mount_slack
from adapters.teams.auth import TeamsOptions
from adapters.teams.mount import teams_mounter
from adapters.web.server import build_app
from bot.services import build_services
from bot.settings import CoreSettings, Settings, SlackSettings, TeamsSettings
from tests.fakes.bot_connector import FakeBotConnector
from tests.fakes.slack_signing import signed_event
from tests.fakes.slack_web_api import FakeSlackWebApi
from tests.slack.harness import ASSISTANT, BOT_USER, SECRET, TEAM, payload, reaction_envelope
from tests.slack.harness import Server as SlackServer
from tests.teams.support import APP_ID, TENANT, activity, trusting

TEXT = "zqxWordsOfAPerson"
SLACK_USER = "UZQX0PERSON"
TEAMS_USER = "29:1zqxTeamsPerson"
CHANNEL = "CZQX0CHANNEL"
CONVERSATION = "a:1zqxPersonalConversation"
BOT_TOKEN = "xoxb-0000-zqxBotToken"
API_TOKEN = "zqx-api-token-0123456789abcdef"
WRONG_TOKEN = "zqx-wrong-token-0123456789abcdef"
LIBRARIES = ("slack_bolt", "slack_sdk", "microsoft_agents", "msal", "aiohttp", "alembic", "asyncio")


@pytest.fixture
def captured_log(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    for name in list(os.environ):
        if name.startswith(("SLACK_", "MICROSOFT_")):
            monkeypatch.delenv(name)
    stream = io.StringIO()
    root = logging.getLogger()
    saved = {name: logging.getLogger(name).level for name in ("", *LIBRARIES)}
    handler = configure_logging(CoreSettings(_env_file=None, log_level="INFO"), stream)
    for name in LIBRARIES:  # wider than `serve` opens them: INFO of every library
        logging.getLogger(name).setLevel(logging.INFO)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotConnector]:
    """The Bot Connector, under the name the Teams tests' `trusted` fixture asks for."""
    async with FakeBotConnector() as connector:
        yield connector


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlackWebApi]:
    async with FakeSlackWebApi(bot_user_id=BOT_USER, bot_id="BGROUNDSWELL", team_id=TEAM) as api:
        yield api


@pytest.fixture
def trusted(fake: FakeBotConnector) -> TeamsOptions:
    return trusting(fake)


def settings(database_url: str, slack_api: str, connector: str) -> Settings:
    return Settings(
        core=CoreSettings(_env_file=None, database_url=database_url, api_tokens=[API_TOKEN]),
        slack=SlackSettings(
            _env_file=None,
            signing_secret=SECRET,
            bot_token=BOT_TOKEN,
            api_url=slack_api,
            assistants=[ASSISTANT],
        ),
        teams=TeamsSettings(
            _env_file=None,
            app_id=APP_ID,
            app_password="a-real-looking-secret-value",
            tenant_id=TENANT,
            service_urls=[connector],
        ),
    )


class Everyone:
    """People on Slack, on Teams and behind the API, doing everything, right and wrong."""

    def __init__(self, slack: SlackServer, connector: FakeBotConnector) -> None:
        self.url = slack.url
        self.http = slack.http
        self.slack = slack
        self.connector = connector

    async def post(self, path: str, data: Any, headers: dict[str, str]) -> None:
        async with self.http.post(self.url + path, data=data, headers=headers) as response:
            await response.read()

    async def on_slack(self) -> None:
        slack = self.slack
        await slack.event(reaction_envelope("EvZQX1", user=SLACK_USER, channel=CHANNEL))
        mention = reaction_envelope("EvZQX2")
        mention["event"] = {
            **payload("app_mention_event_callback.json")["event"],
            "text": f"<@{BOT_USER}> {TEXT}",
            "user": SLACK_USER,
            "channel": CHANNEL,
        }
        await slack.event(mention)
        direct = reaction_envelope("EvZQX3")
        direct["event"] = {
            "type": "message",
            "user": SLACK_USER,
            "text": TEXT,
            "channel": CHANNEL,
            "ts": "1700000200.000300",
            "channel_type": "im",
        }
        await slack.event(direct)
        submission = payload("view_submission.json")
        submission.update(user={"id": SLACK_USER, "team_id": TEAM}, team={"id": TEAM})
        submission["view"].update(
            callback_id="zqx_unknown_form",
            private_metadata=CONVERSATION,
            state={"values": {"b": {"a": {"type": "plain_text_input", "value": TEXT}}}},
        )
        await slack.interact(submission)
        click = payload("block_actions_button.json")
        click.update(user={"id": SLACK_USER, "team_id": TEAM}, team={"id": TEAM})
        click["actions"] = [
            {
                "action_id": "zqx_unknown_button",
                "block_id": "b",
                "type": "button",
                "value": TEXT,
                "action_ts": "1700000300.1",
            }
        ]
        await slack.interact(click)
        slack.fake.fail_next("chat.postEphemeral", status=500, times=3)
        for words in (f"feedback {TEXT}", f"zqxverb {TEXT}", f"win {TEXT} saved 2 hours"):
            await slack.command(words, user=SLACK_USER)
        # Forged and malformed: a bad signature, a body that is not JSON, a stale timestamp.
        body, headers = signed_event({"event": {"text": TEXT}}, "not-the-secret")
        await self.post("/slack/events", body, headers)
        body, headers = signed_event({"event": {"text": TEXT}}, SECRET)
        await self.post("/slack/events", body[:-3] + TEXT.encode(), headers)
        body, headers = signed_event({"event": {"text": TEXT}}, SECRET, timestamp=1)
        await self.post("/slack/events", body, headers)

    async def teams(
        self, kind: str, *, headers: dict[str, str] | None = None, **fields: Any
    ) -> None:
        said = activity(self.connector.service_url, kind, **fields)
        said["from"] = {"id": TEAMS_USER, "name": "Zqx Person", "aadObjectId": "zqx-aad"}
        said["conversation"] = {
            "id": CONVERSATION,
            "conversationType": "personal",
            "tenantId": TENANT,
        }
        token = self.connector.sign_token(audience=APP_ID)
        await self.post(
            "/api/messages",
            json.dumps(said),
            {
                "Content-Type": "application/json",
                "Authorization": f"Bearer {token}",
                **(headers or {}),
            },
        )

    async def on_teams(self) -> None:
        await self.teams("message", id="1", text=f"feedback {TEXT}")
        await self.teams("messageUpdate", id="2", text=TEXT)
        await self.teams("messageDelete", id="3")
        await self.teams(
            "invoke",
            id="4",
            name="message/submitAction",
            replyToId="1700000000999",
            value={
                "actionName": "feedback",
                "actionValue": {
                    "reaction": "dislike",
                    "feedback": json.dumps({"feedbackText": TEXT}),
                },
            },
        )
        await self.teams("invoke", id="5", name="composeExtension/query", value={"text": TEXT})
        await self.teams("invoke", id="6", name="message/submitAction", value=TEXT)
        # Connector failures: the reply to each command fails, in each way the connector fails.
        for number, status in enumerate((403, 404, 500, 429)):
            self.connector.fail_next(1, status=status, retry_after=0 if status == 429 else None)
            await self.teams("message", id=f"1{number}", text=f"win {TEXT}")
        self.connector.fail_conversation(CONVERSATION, status=502)
        await self.teams("message", id="20", text="help")
        self.connector.clear_failures()
        # Unauthenticated, with a marker where a token should be.
        async with self.http.post(
            self.url + "/api/messages",
            json={"type": "message", "text": TEXT, "serviceUrl": self.connector.service_url},
            headers={"Authorization": f"Bearer {WRONG_TOKEN}"},
        ) as response:
            await response.read()

    async def on_the_api(self) -> None:
        good = {"Authorization": f"Bearer {API_TOKEN}", "Content-Type": "application/json"}
        output = {
            "platform": "slack",
            "workspace": TEAM,
            "channel": CHANNEL,
            "message_id": "1700000000.000100",
            "assistant": "helper",
        }
        await self.post("/api/v1/outputs", json.dumps(output), good)
        feedback = {
            "event_id": "zqx-event",
            "platform": "teams",
            "workspace": TENANT,
            "user": TEAMS_USER,
            "rating": "down",
            "comment": TEXT,
        }
        await self.post("/api/v1/feedback", json.dumps(feedback), good)
        bad_bodies = [
            f'{{"comment": "{TEXT}"',
            json.dumps({**feedback, "rating": TEXT}),
            json.dumps({**feedback, "output_id": 2**70}),
            json.dumps({**feedback, "occurred_at": f"0001-01-01T00:00:00+23:59 {TEXT}"}),
            json.dumps({**feedback, "comment": f"{TEXT}\x00"}),
            "[" * 30000 + "]" * 30000,
            TEXT.encode("utf-16"),
        ]
        for body in bad_bodies:
            await self.post("/api/v1/feedback", body, good)
        await self.post(
            "/api/v1/feedback", json.dumps(feedback), {"Authorization": f"Bearer {WRONG_TOKEN}"}
        )
        async with self.http.get(
            self.url + f"/api/v1/feedback?cursor={TEXT}&since={TEXT}", headers=good
        ) as response:
            await response.read()


async def test_no_marker_reaches_the_log_from_any_route_or_failure(
    database_url: str,
    captured_log: io.StringIO,
    fake: FakeBotConnector,
    fake_slack: FakeSlackWebApi,
    trusted: TeamsOptions,
) -> None:
    services = build_services(settings(database_url, fake_slack.url, fake.base_url))
    app = await build_app(services, mounters=[mount_slack, teams_mounter(trusted)])
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    try:
        async with aiohttp.ClientSession() as http:
            everyone = Everyone(SlackServer(url, services, fake_slack, http, app), fake)
            await everyone.on_slack()
            await everyone.on_teams()
            await everyone.on_the_api()
    finally:
        await runner.cleanup()  # drains acknowledged work before the database closes
    log = captured_log.getvalue()
    service_host = fake.service_url.split("//", 1)[1].rstrip("/")

    for marker in (
        "zqx",
        "ZQX",
        "Zqx",
        SLACK_USER,
        TEAMS_USER,
        CONVERSATION,
        BOT_TOKEN,
        API_TOKEN,
        WRONG_TOKEN,
        service_host,
    ):
        assert marker not in log, next(line for line in log.splitlines() if marker in line)
    # And the capture really saw the libraries speak (the connector's failures, summarised):
    # Bolt's "Unhandled request" and the SDK's "No route found" no longer happen at all, as
    # unhandled Slack requests and unrouted Teams activities are answered before either.
    assert "microsoft_agents" in log and "…" in log
