"""Whatever arrives on /api/messages, the answer is never a server error (only 501 for an
invoke we do not handle), and the translator never raises."""

from __future__ import annotations

import asyncio
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from adapters.teams.contact import timezone_of
from adapters.teams.translate import translate
from bot.chat.answers import Answer
from bot.chat.events import ChatEvent
from bot.records import Platform
from tests.fakes.bot_connector import FakeBotConnector
from tests.teams.support import (
    API_TOKEN,
    BOT_ID,
    PERSONAL_CHAT,
    TENANT,
    USER,
    install_activity,
    running,
    settings_for,
)

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
TYPES = st.sampled_from(
    ["message", "invoke", "messageReaction", "conversationUpdate", "installationUpdate", "event"]
)
NAMES = st.sampled_from(["message/submitAction", "adaptiveCard/action", "message/fetchTask", ""])


def mostly(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Usually a well-formed value (so activities reach the handlers), sometimes junk."""
    return st.one_of(valid, valid, valid, JSON)


def activities(service_url: str) -> st.SearchStrategy[dict[str, Any]]:
    feedback = st.fixed_dictionaries(
        {"actionName": mostly(st.sampled_from(["feedback", "other"])),
         "actionValue": mostly(st.fixed_dictionaries(
             {"reaction": mostly(st.sampled_from(["like", "dislike", "heart"])),
              "feedback": mostly(st.text(max_size=30) | st.builds(
                  lambda t: json.dumps({"feedbackText": t}), JSON))}))}
    )  # fmt: skip
    card = st.fixed_dictionaries(
        {"action": mostly(st.fixed_dictionaries({"verb": mostly(st.text(max_size=12)), "data":
            st.dictionaries(st.sampled_from(["gs_action", "gs_value", "text", "minutes", "x"]),
                            mostly(st.text(max_size=20)))}))}
    )  # fmt: skip
    fields = {
        "type": mostly(TYPES),
        "id": mostly(st.text(min_size=1, max_size=300)),
        "name": mostly(NAMES),
        "text": mostly(st.text(max_size=200)),
        "value": st.one_of(feedback, card, JSON),
        "from": mostly(st.fixed_dictionaries({"id": st.just(USER) | st.text(max_size=300)})),
        "replyToId": mostly(st.text(max_size=40)),
        "timestamp": mostly(st.sampled_from(["2026-11-27T09:00:00Z", "yesterday", "2026-13-01"])),
        "localTimezone": mostly(st.sampled_from(["Europe/Berlin", "Mars/Base", "../x", ""])),
        "channelData": mostly(st.fixed_dictionaries({"tenant": st.fixed_dictionaries(
            {"id": mostly(st.text(max_size=300))})})),
        "reactionsAdded": mostly(st.lists(st.fixed_dictionaries({"type": mostly(st.text())}))),
        "reactionsRemoved": mostly(st.lists(st.fixed_dictionaries({"type": mostly(st.text())}))),
        "membersAdded": mostly(st.lists(st.fixed_dictionaries({"id": st.just(BOT_ID) | JSON}))),
        "action": mostly(st.sampled_from(["add", "remove", "add-upgrade"])),
    }  # fmt: skip
    base = {
        "type": "message",
        "id": "1",
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": {"id": USER},
        "recipient": {"id": BOT_ID},
        "conversation": {"id": PERSONAL_CHAT, "conversationType": "personal", "tenantId": TENANT},
    }
    return st.fixed_dictionaries({}, optional=fields).map(lambda extra: {**base, **extra})


class ServerThread:
    """The real app and the fake connector on their own event loop, for sync hypothesis tests."""

    def __init__(self, database_url: str) -> None:
        self._database_url = database_url
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self.url = self.service_url = ""
        self._thread = threading.Thread(target=self._loop.run_until_complete, args=(self._run(),))

    async def _run(self) -> None:
        self._stop = asyncio.Event()
        async with FakeBotConnector() as fake, running(settings_for(self._database_url)) as server:
            self.url, self.service_url = server.url, fake.service_url
            self._ready.set()
            await self._stop.wait()

    def __enter__(self) -> ServerThread:
        self._thread.start()
        assert self._ready.wait(30)
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._stop is not None
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(30)
        self._loop.close()

    def post(self, body: bytes, path: str = "/api/messages", token: str | None = None) -> int:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(f"{self.url}{path}", data=body, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            return int(error.code)


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Iterator[ServerThread]:
    from tests.support.databases import clone_sqlite

    url = clone_sqlite(sqlite_template, tmp_path_factory.mktemp("fuzz"))
    with ServerThread(url) as running_server:
        yield running_server


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_random_activities_never_get_a_5xx(server: ServerThread, data: st.DataObject) -> None:
    body = data.draw(activities(server.service_url))
    status = server.post(json.dumps(body).encode())
    event(f"HTTP {status}")
    # 501 is the one designed 5xx: an invoke we do not handle.
    assert status < 500 or (status == 501 and body["type"] == "invoke"), body


@settings(max_examples=50, deadline=None)
@given(body=st.binary(max_size=200) | JSON.map(lambda value: json.dumps(value).encode()))
def test_random_bodies_never_get_a_5xx(server: ServerThread, body: bytes) -> None:
    assert server.post(body) in (400, 401, 413)


@settings(max_examples=300, deadline=None)
@given(raw=st.dictionaries(st.sampled_from(
    ["type", "id", "name", "value", "from", "conversation", "channelData", "replyToId", "text",
     "timestamp", "reactionsAdded", "reactionsRemoved", "membersAdded", "recipient", "action"]),
    JSON | TYPES))  # fmt: skip
def test_the_translator_never_raises(raw: dict[str, Any]) -> None:
    incoming = translate(raw)
    assert incoming is None or isinstance(incoming, ChatEvent | Answer)
    if incoming is not None:  # whoever the domain hears from is a Teams person
        assert incoming.person.platform is Platform.TEAMS


@given(st.text(max_size=80) | st.sampled_from(["Europe/Berlin", "../../etc/passwd", "UTC"]))
def test_only_real_iana_time_zones_are_kept(zone: str) -> None:
    kept = timezone_of({"localTimezone": zone})
    assert kept is None or (kept == zone and ".." not in zone and ZoneInfo(zone).key == zone)


RELAY_POSTS = st.fixed_dictionaries(
    {"text": st.text(max_size=50).map(lambda text: "answer " + text)},
    optional={"thread_ts": st.sampled_from(["1700000000123", "f:x", "a/b", "", "1.2"])},
)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    # Junk JSON in any field is the ingestion fuzz test's job; here the values reach Teams.
    workspace=st.sampled_from([TENANT, "other-tenant", ""]),
    channel=st.sampled_from([PERSONAL_CHAT, "19:never@thread.tacv2", "a:x/../y"]),
    post=mostly(RELAY_POSTS),
)
def test_random_teams_relay_requests_never_get_a_5xx(
    server: ServerThread, workspace: Any, channel: Any, post: Any
) -> None:
    # Alice's chat is known, so well-formed requests really post through the fake connector.
    assert server.post(json.dumps(install_activity(server.service_url)).encode()) in (200, 202)
    body = {"platform": "teams", "workspace": workspace, "channel": channel, "assistant": "a"}
    status = server.post(json.dumps({**body, "post": post}).encode(), "/api/v1/outputs", API_TOKEN)
    event(f"HTTP {status}")
    assert status in (201, 400, 404), (body, post)
