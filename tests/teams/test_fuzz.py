"""Whatever arrives on /api/messages, in insecure local mode and with tokens checked, on both
databases: never a server error, and a refused request stores nothing and logs no warning.
The translator never raises."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from adapters.teams.contact import timezone_of
from adapters.teams.translate import translate
from bot.chat.answers import Answer
from bot.chat.events import ChatEvent
from bot.records import Platform
from tests.fakes.bot_connector import FakeBotConnector
from tests.support.server import count_rows
from tests.teams.support import (
    API_TOKEN,
    APP_ID,
    BOT_ID,
    PERSONAL_CHAT,
    TENANT,
    USER,
    activity,
    install_activity,
    running,
    settings_for,
    trusting,
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
NAMES = st.sampled_from(["message/submitAction", "adaptiveCard/action", "message/fetchTask"])
# Texts the SDK's model accepts where it wants a non-empty string; JSON junk covers the rest.
WORDS = st.text(min_size=1, max_size=40)


def mostly(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Usually a well-formed value (so activities reach the handlers), sometimes junk."""
    return st.one_of(*[valid] * 9, JSON)


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
        "type": mostly(TYPES | st.sampled_from(["messageUpdate", "messageDelete", "typing"])),
        "id": mostly(st.text(min_size=1, max_size=300)),
        "name": mostly(NAMES),
        "text": mostly(st.text(min_size=1, max_size=200)),
        "value": st.one_of(feedback, card, JSON),
        "from": mostly(st.fixed_dictionaries({"id": st.just(USER) | st.text(max_size=300)})),
        "replyToId": mostly(WORDS),
        "timestamp": mostly(st.sampled_from(["2026-11-27T09:00:00Z", "2026-11-27T09:00:00+14:00"])),
        "localTimezone": mostly(st.sampled_from(["Europe/Berlin", "Mars/Base", "../x", "UTC"])),
        "channelData": mostly(st.fixed_dictionaries({"tenant": st.fixed_dictionaries(
            {"id": mostly(st.text(max_size=300))})})),
        "reactionsAdded": mostly(st.lists(st.fixed_dictionaries({"type": mostly(WORDS)}))),
        "reactionsRemoved": mostly(st.lists(st.fixed_dictionaries({"type": mostly(WORDS)}))),
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


MODES = ["insecure-local", "authenticated"]
TABLES = ("people", "conversations", "feedback", "processed_events", "wins", "ai_outputs")
ATTACKER = "http://127.0.0.1:9/"  # never allowed: refused before anything is stored


class ServerThread:
    """The real app and the fake connector on their own event loop, for sync hypothesis tests;
    Teams in insecure local mode or with tokens checked against the fake's issuer."""

    def __init__(self, database_url: str, mode: str) -> None:
        self.database_url = database_url
        self.authenticated = mode == "authenticated"
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self.url = self.service_url = self.token = ""
        self.fake: FakeBotConnector | None = None
        self._thread = threading.Thread(target=self._loop.run_until_complete, args=(self._run(),))

    async def _run(self) -> None:
        self._stop = asyncio.Event()
        async with FakeBotConnector() as fake:
            app_id = APP_ID if self.authenticated else None
            settings = settings_for(self.database_url, fake, app_id=app_id)
            async with running(settings, trusting(fake)) as server:
                self.url, self.service_url, self.fake = server.url, fake.service_url, fake
                self.token = fake.sign_token(audience=APP_ID, expires_in=6 * 3600)
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

    def post(
        self,
        body: bytes,
        path: str = "/api/messages",
        token: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> int:
        """POST raw bytes; on /api/messages with authentication on, a valid token unless
        `headers` says otherwise."""
        sent = {"Content-Type": "application/json"}
        if token:
            sent["Authorization"] = f"Bearer {token}"
        elif path == "/api/messages" and self.authenticated:
            sent["Authorization"] = f"Bearer {self.token}"
        sent.update(headers or {})
        request = urllib.request.Request(f"{self.url}{path}", data=body, headers=sent)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            return int(error.code)

    def rows(self) -> dict[str, int]:
        return count_rows(self.database_url, *TABLES)


@pytest.fixture(params=MODES)
def server(request: pytest.FixtureRequest, database_url: str) -> Iterator[ServerThread]:
    with ServerThread(database_url, request.param) as running_server:
        yield running_server


def assert_refusal_changed_nothing(
    server: ServerThread, status: int, before: dict[str, int], caplog: pytest.LogCaptureFixture
) -> None:
    """Never a 5xx; a refused request stores nothing and logs no warning or traceback."""
    assert status < 500
    if status >= 400:
        assert server.rows() == before
        loud = [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]
        assert loud == [], [r.getMessage()[:200] for r in loud]


FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
HEADER_VALUES = st.sampled_from(
    ["application/json", "application/json; charset=x-no-such-charset", "text/plain",
     "application/json; charset=utf-16", "multipart/form-data; boundary=x", "", "\t"]
)  # fmt: skip
AUTHORIZATIONS = st.sampled_from(
    ["", "Bearer", "Bearer ", "Bearer a.b.c", "Basic Zm9vOmJhcg==", "Bearer e30.e30.", "x" * 300]
) | st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=60)
DEEP = st.integers(65, 40_000).map(lambda depth: b"[" * depth + b"]" * depth)
BODIES = (
    st.binary(max_size=300)
    | JSON.map(lambda value: json.dumps(value).encode())
    | DEEP
    | st.sampled_from([b"", b"null", b"NaN", b"[1e999]", b'{"type": "message\\u0000"}',
                       b'"\\ud800"', b"9" * 5000, "\u00e9t\u00e9".encode("latin-1")])
)  # fmt: skip


@FUZZ
@given(body=BODIES, content_type=HEADER_VALUES, authorization=st.none() | AUTHORIZATIONS)
def test_raw_bodies_and_headers_never_get_a_5xx_and_store_nothing(
    server: ServerThread,
    caplog: pytest.LogCaptureFixture,
    body: bytes,
    content_type: str,
    authorization: str | None,
) -> None:
    before = server.rows()
    caplog.clear()
    headers = {"Content-Type": content_type}
    if authorization is not None:
        headers["Authorization"] = authorization
    status = server.post(body, headers=headers)
    event(f"HTTP {status}")
    assert_refusal_changed_nothing(server, status, before, caplog)
    assert status in (400, 401, 413)


SERVICE_URLS = st.sampled_from(["fake", "fake", "fake", ATTACKER, "https://evil.example/", ""])


@FUZZ
@given(data=st.data())
def test_random_activities_never_get_a_5xx_and_refusals_store_nothing(
    server: ServerThread, caplog: pytest.LogCaptureFixture, data: st.DataObject
) -> None:
    body = data.draw(activities(server.service_url))
    service_url = data.draw(SERVICE_URLS)
    body["serviceUrl"] = server.service_url if service_url == "fake" else service_url
    before = server.rows()
    caplog.clear()
    status = server.post(json.dumps(body).encode())
    event(f"HTTP {status}")
    assert_refusal_changed_nothing(server, status, before, caplog)
    if body["serviceUrl"] != server.service_url:
        assert status in (400, 403), body


TOKEN_HEADERS = st.fixed_dictionaries(
    {},
    optional={"alg": st.sampled_from(["RS256", "none", "HS256", "ES256", "RS512"]) | JSON,
              "kid": st.sampled_from(["fake-connector-key", "", "other"]) | JSON,
              "typ": st.just("JWT") | JSON},
)  # fmt: skip
TOKEN_CLAIMS = st.fixed_dictionaries(
    {},
    optional={"aud": st.sampled_from([APP_ID, "someone-else"]) | JSON,
              "iss": st.sampled_from(["fake", "https://api.botframework.com", "x"]) | JSON,
              "exp": st.integers() | JSON, "nbf": st.integers() | JSON,
              "serviceurl": st.sampled_from(["fake", ATTACKER]) | JSON},
)  # fmt: skip


def encoded(part: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(part).encode()).decode().rstrip("=")


@FUZZ
@given(header=TOKEN_HEADERS, claims=TOKEN_CLAIMS, signature=st.sampled_from(["", "c2ln", "!!"]))
# Microsoft's own issuer with no real signature: refused before any key fetch (none is
# possible here; a 503 for "keys unavailable" would be the wrong answer to junk).
@example(
    header={"alg": "RS256", "kid": "fake-connector-key"},
    claims={"iss": "https://api.botframework.com", "aud": APP_ID},
    signature="",
)
def test_forged_tokens_are_401_and_store_nothing(
    server: ServerThread,
    caplog: pytest.LogCaptureFixture,
    header: dict[str, Any],
    claims: dict[str, Any],
    signature: str,
) -> None:
    assert server.fake is not None
    swap = {"fake": server.fake.issuer if "iss" in claims else server.service_url}
    claims = {key: swap.get(value, value) if isinstance(value, str) else value
              for key, value in claims.items()}  # fmt: skip
    token = f"{encoded(header)}.{encoded(claims)}.{signature}"
    before = server.rows()
    caplog.clear()
    status = server.post(
        json.dumps(activity(server.service_url, text="help")).encode(), token=token
    )
    assert_refusal_changed_nothing(server, status, before, caplog)
    # Unsigned by the fake's key, none of these is a real token.
    assert status == (401 if server.authenticated else 202)


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


@FUZZ
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
