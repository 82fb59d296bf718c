"""A running Groundswell with Slack on, over real loopback HTTP, against the fake Web API."""

from __future__ import annotations

import asyncio
import copy
import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from hypothesis import strategies as st

from adapters.platforms import PLATFORMS
from adapters.web.server import build_app
from bot.services import Services, build_services
from bot.settings import CoreSettings, Settings, SlackSettings, TeamsSettings
from tests.fakes.slack_signing import signed_event, signed_interactivity, signed_slash_command
from tests.fakes.slack_web_api import FakeSlackWebApi
from tests.support.fixtures import missing

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-test-token"
API_TOKEN = "test-api-token-0123456789abcdef"
TEAM = "T111"
ASSISTANT = "U0AIBOT"
BOT_USER = "UGROUNDSWELL"


# Any JSON value, nested a little: what a forged or future payload may put in any field.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)


def find_fixtures() -> Path:
    """`../shared/fixtures/slack` next to the checkout (or next to its worktree folder)."""
    given = os.environ.get("GROUNDSWELL_TEST_FIXTURES")
    repo = Path(__file__).resolve().parents[2]
    candidates = [Path(given)] if given else []
    candidates += [parent / "shared" / "fixtures" for parent in repo.parents[:2]]
    found = next((path for path in candidates if path.is_dir()), candidates[0])
    return found / "slack"


FIXTURES = find_fixtures()
PAYLOADS = FIXTURES / "payloads"


def payload(name: str) -> dict[str, Any]:
    """A recorded Slack payload from the shared fixtures (never copied into the repo)."""
    path = PAYLOADS / name
    if not path.is_file():
        missing("Slack payload fixtures", PAYLOADS)
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def reaction_envelope(
    event_id: str,
    *,
    reaction: str = "+1",
    user: str = "U1PERSON",
    item_user: str | None = ASSISTANT,
    channel: str = "C1",
    ts: str = "1700000000.000100",
    removed: bool = False,
) -> dict[str, Any]:
    """The docs' reaction_added envelope with our team, ids and emoji."""
    envelope = copy.deepcopy(payload("docs_reaction_added_envelope.json"))
    envelope["team_id"] = TEAM
    envelope["event_id"] = event_id
    event = envelope["event"]
    event.update(
        type="reaction_removed" if removed else "reaction_added",
        user=user,
        reaction=reaction,
        item={"type": "message", "channel": channel, "ts": ts},
        event_ts="1700000100.000200",
    )
    if item_user is None:
        event.pop("item_user", None)
    else:
        event["item_user"] = item_user
    envelope["authorizations"] = [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}]
    return envelope


def make_settings(database_url: str, fake: FakeSlackWebApi, **slack: Any) -> Settings:
    values: dict[str, Any] = {
        "signing_secret": SECRET,
        "bot_token": BOT_TOKEN,
        "api_url": fake.url,
        "assistants": [ASSISTANT],
    }
    values.update(slack)
    return Settings(
        core=CoreSettings(
            _env_file=None,
            database_url=database_url,
            api_tokens=[API_TOKEN],
            leads=["slack:ULEAD"],
        ),
        slack=SlackSettings(_env_file=None, **{k: v for k, v in values.items() if v is not None}),
        # Teams on too (it is off unless configured): relay tests send the same body to both.
        teams=TeamsSettings(_env_file=None, insecure_local=True),
    )


@dataclass
class Server:
    url: str
    services: Services
    fake: FakeSlackWebApi
    http: aiohttp.ClientSession
    app: web.Application

    async def post_signed(self, body: bytes, headers: dict[str, str]) -> aiohttp.ClientResponse:
        async with self.http.post(f"{self.url}/slack/events", data=body, headers=headers) as r:
            await r.read()
            return r

    async def event(self, envelope: dict[str, Any], **kw: Any) -> aiohttp.ClientResponse:
        return await self.post_signed(*signed_event(envelope, SECRET, **kw))

    async def interact(self, payload: dict[str, Any]) -> aiohttp.ClientResponse:
        return await self.post_signed(*signed_interactivity(payload, SECRET))

    async def command(self, text: str, *, user: str = "U1PERSON") -> tuple[int, dict[str, Any]]:
        fields = payload("slash_command_form_parsed.json")
        fields.update(
            command="/groundswell",
            text=text,
            user_id=user,
            team_id=TEAM,
            channel_id="C1",
            trigger_id=f"trig-{text[:10]}-{user}",
        )
        fields.pop("enterprise_id", None)
        body, headers = signed_slash_command(fields, SECRET)
        async with self.http.post(f"{self.url}/slack/events", data=body, headers=headers) as r:
            text_body = await r.text()
            # Bolt answers a text-only ack as plain text, one with blocks as JSON.
            if r.content_type == "application/json":
                return r.status, json.loads(text_body)
            return r.status, {"text": text_body}

    async def feedback(self) -> list[dict[str, Any]]:
        headers = {"Authorization": f"Bearer {API_TOKEN}"}
        async with self.http.get(f"{self.url}/api/v1/feedback", headers=headers) as response:
            assert response.status == 200
            items: list[dict[str, Any]] = (await response.json())["items"]
            return items

    async def wait_for_feedback(self, count: int, within: float = 5.0) -> list[dict[str, Any]]:
        deadline = asyncio.get_running_loop().time() + within
        while True:
            items = await self.feedback()
            if len(items) >= count or asyncio.get_running_loop().time() > deadline:
                return items
            await asyncio.sleep(0.02)

    async def install_with_oauth(self) -> None:
        """Click through the OAuth install as a workspace admin's browser would."""
        import re

        async with self.http.get(f"{self.url}/slack/install") as page:
            assert page.status == 200
            state = re.search(r"state=([\w-]+)", await page.text())
        assert state is not None
        callback = f"{self.url}/slack/oauth_redirect?code=c-1&state={state.group(1)}"
        # aiohttp will not send the Secure cookie over http: send it as Slack's browser would.
        cookie = {"Cookie": f"slack-app-oauth-state={state.group(1)}"}
        async with self.http.get(callback, headers=cookie) as done:
            assert done.status == 200

    async def drained(self) -> None:
        """Every acknowledged request has been worked: what is not done now will not be."""
        from adapters.slack.mount import APP_SLACK

        await self.app[APP_SLACK].work.join()
        # The profile fetches its listeners queued (users.info) are work done after the ack too.
        await self.app[APP_SLACK].seen.settle()


@asynccontextmanager
async def running(database_url: str, fake: FakeSlackWebApi, **slack: Any) -> AsyncIterator[Server]:
    services = build_services(make_settings(database_url, fake, **slack))
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
