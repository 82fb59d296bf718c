"""`POST /slack/events` against what the internet and a careless signer can send: never a 5xx.

Before the signature: 401 naming the header. After it: 400 naming what Slack would never
send. Either way nothing is stored, nothing reaches Slack's Web API, and the log gets at most
one line, never an error or a traceback, and nothing of the body.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from multidict import CIMultiDict
from slack_bolt.request.internals import parse_body

from adapters.slack.guard import read_as_bolt_does
from adapters.slack.inbox import bolt_readable
from adapters.web.json_body import JsonRefused
from storage.base import Base
from tests.fakes.slack_signing import compute_signature, signed_headers
from tests.slack.harness import SECRET, Server, reaction_envelope
from tests.support.server import count_rows

MARKER = "U7MARKERBODY"  # in every body: it must never reach the log
TABLES = sorted(Base.metadata.tables)
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


def stamp() -> str:
    return str(int(time.time()))


def body_with_marker() -> bytes:
    return json.dumps(reaction_envelope("Ev1", user=MARKER)).encode()


async def send(
    server: Server, database_url: str, caplog: pytest.LogCaptureFixture, body: bytes, headers: Any
) -> tuple[int, dict[str, Any]]:
    """POST as is; assert it stored nothing and logged at most one quiet line."""
    caplog.clear()
    caplog.set_level(logging.INFO)
    before = count_rows(database_url, *TABLES)
    async with server.http.post(f"{server.url}/slack/events", data=body, headers=headers) as r:
        status, answer = r.status, await r.json()
    assert count_rows(database_url, *TABLES) == before
    assert [c.method for c in server.fake.calls() if c.method != "auth.test"] == []
    lines = [record for record in caplog.records if record.levelno >= logging.INFO]
    assert len(lines) <= 1, [record.getMessage() for record in lines]
    assert all(record.levelno < logging.ERROR and not record.exc_info for record in lines)
    assert all(MARKER not in record.getMessage() for record in lines)
    return status, answer


def forged(**changes: str | None) -> dict[str, str]:
    """Headers of a request Slack did not sign, with `changes` (None removes a header)."""
    headers = {
        "Content-Type": JSON,
        "X-Slack-Request-Timestamp": stamp(),
        "X-Slack-Signature": "v0=" + "0" * 64,
    }
    for name, value in changes.items():
        header = name.replace("_", "-")
        if value is None:
            headers.pop(header)
        else:
            headers[header] = value
    return headers


# Built per test, not at import: a stamp taken at collection is stale by the time a long
# suite reaches the case, and would be refused for its age instead of the header named.
PRE_AUTH: dict[str, tuple[Callable[[], dict[str, str]], str]] = {
    "timestamp abc": (lambda: forged(X_Slack_Request_Timestamp="abc"), "X-Slack-Request-Timestamp"),
    "timestamp in Arabic digits": (
        lambda: forged(X_Slack_Request_Timestamp="١٧٠٠٠٠٠٠٠٠"),
        "X-Slack-Request-Timestamp",
    ),
    "timestamp of 5,000 digits": (
        lambda: forged(X_Slack_Request_Timestamp="9" * 5000),
        "X-Slack-Request-Timestamp",
    ),
    "no timestamp": (lambda: forged(X_Slack_Request_Timestamp=None), "X-Slack-Request-Timestamp"),
    "no signature": (lambda: forged(X_Slack_Signature=None), "X-Slack-Signature"),
    "no headers at all": (lambda: {}, "X-Slack-Request-Timestamp"),
    "unknown charset": (
        lambda: forged(Content_Type="application/json; charset=x-no-such-charset"),
        "X-Slack-Signature",
    ),
    "non-ASCII signature": (lambda: forged(X_Slack_Signature="v0=é"), "X-Slack-Signature"),
}


@pytest.mark.parametrize("case", list(PRE_AUTH))
async def test_unsigned_odd_requests_are_401_naming_the_header(
    server: Server, database_url: str, caplog: pytest.LogCaptureFixture, case: str
) -> None:
    headers, named = PRE_AUTH[case]
    status, answer = await send(server, database_url, caplog, body_with_marker(), headers())
    assert status == 401
    assert named in answer["message"]


@pytest.mark.parametrize("raw", [b"\xff\xfe\x00garbage", "caf\u00e9".encode("latin-1")])
async def test_unsigned_body_that_is_not_utf8_is_401(
    server: Server, database_url: str, caplog: pytest.LogCaptureFixture, raw: bytes
) -> None:
    status, _ = await send(server, database_url, caplog, raw, forged())
    assert status == 401


async def test_a_repeated_signature_header_is_401(
    server: Server, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    body = body_with_marker()
    good = signed_headers(SECRET, body, JSON)
    headers = CIMultiDict([*good.items(), ("X-Slack-Request-Timestamp", "abc")])
    status, answer = await send(server, database_url, caplog, body, headers)
    assert (status, answer["message"]) == (401, "X-Slack-Request-Timestamp is repeated")


def nested(depth: int) -> bytes:
    return b'{"type":"event_callback","event":' + b"[" * depth + b"]" * depth + b"}"


SIGNED = {
    "hello world, form": (b"hello world", FORM, "`command`"),
    "hello world, JSON": (b"hello world", JSON, "not valid JSON"),
    "null": (b"null", JSON, "JSON object"),
    "a string": (b'"U7MARKERBODY"', JSON, "JSON object"),
    "empty": (b"", JSON, "empty"),
    "binary": (b"\x00\x01\x02\xff\xfe" + MARKER.encode(), "application/octet-stream", "UTF-8"),
    "no type": (b'{"team_id": "T1", "text": "U7MARKERBODY"}', JSON, "`type`"),
    "nested 20,000 deep": (nested(20_000), JSON, "deeper than 64"),
    "payload nested 20,000 deep": (
        urlencode({"payload": "[" * 20_000 + "]" * 20_000}).encode(),
        FORM,
        "`payload` nests JSON deeper",
    ),
    "payload null": (b"payload=null", FORM, "`payload` must be"),
    "integer beyond 4,300 digits": (b'{"type": ' + b"9" * 5000 + b"}", JSON, "not valid JSON"),
    "NUL in an id": (
        json.dumps(reaction_envelope("Ev1", user="U\x00" + MARKER)).encode(),
        JSON,
        "`event.user`",
    ),
    "lone surrogate in a payload": (
        urlencode({"payload": json.dumps({"type": "block_actions", "x": "\ud800"})}).encode(),
        FORM,
        "`x`",
    ),
    "NUL in a slash command": (
        urlencode({"command": "/groundswell", "text": "win \x00" + MARKER}).encode(),
        FORM,
        "`text`",
    ),
}


@pytest.mark.parametrize("case", list(SIGNED))
async def test_signed_bodies_slack_never_sends_are_400_naming_the_problem(
    server: Server, database_url: str, caplog: pytest.LogCaptureFixture, case: str
) -> None:
    body, content_type, named = SIGNED[case]
    headers = signed_headers(SECRET, body, content_type)
    status, answer = await send(server, database_url, caplog, body, headers)
    assert (status, answer["error"]) == (400, "invalid_request")
    assert named in answer["message"]


async def test_a_declared_charset_does_not_change_how_a_signed_body_is_read(
    server: Server,
) -> None:
    body = json.dumps(reaction_envelope("Ev1")).encode()
    headers = signed_headers(SECRET, body, "application/json; charset=x-no-such-charset")
    response = await server.post_signed(body, headers)
    assert response.status == 200
    assert len(await server.wait_for_feedback(1)) == 1


FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
header_text = st.text(max_size=40) | st.sampled_from(["", "abc", "-1", "1e9", " 1 ", "v0="])
content_types = st.sampled_from([JSON, FORM, "text/plain", "application/json; charset=latin-1"])


@FUZZ
@given(
    body=st.binary(max_size=300),
    timestamp=st.none() | header_text | st.integers(0, 2**40).map(str),
    signature=st.none() | header_text,
    content_type=st.none() | content_types | st.text(max_size=30),
)
@example(body=b"\xff", timestamp="abc", signature="v0=", content_type=None)
async def test_any_unsigned_request_is_401(
    server: Server,
    database_url: str,
    caplog: pytest.LogCaptureFixture,
    body: bytes,
    timestamp: str | None,
    signature: str | None,
    content_type: str | None,
) -> None:
    raw = {
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature,
        "Content-Type": content_type,
    }
    # Only what HTTP can carry: no control characters; other text goes as its UTF-8 bytes.
    headers = {
        name: value.encode("utf-8").decode("latin-1")
        for name, value in raw.items()
        if value is not None and not any(ord(ch) < 32 or ord(ch) == 127 for ch in value)
    }
    status, _ = await send(server, database_url, caplog, body, headers)
    assert status == 401


# Deep, wide, huge and odd JSON, for envelopes and interactivity payloads.
leaves = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["\x00", "\ud800", "event_callback", "block_actions", "U1"])
)
json_like = st.recursive(
    leaves,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=15,
)
depths = st.integers(min_value=1, max_value=30_000)


def deep_json(depth: int) -> str:
    return '{"type":"event_callback","event":' + "[" * depth + "]" * depth + "}"


async def send_signed(
    server: Server,
    database_url: str,
    caplog: pytest.LogCaptureFixture,
    body: bytes,
    headers: dict[str, str],
) -> None:
    """Never a 5xx or an error logged while answering; nothing stored when refused. (What
    an accepted event does after the ack is the listeners' tests' business.)"""
    caplog.clear()
    before = count_rows(database_url, *TABLES)
    async with server.http.post(f"{server.url}/slack/events", data=body, headers=headers) as r:
        status = r.status
    assert status < 500, body[:200]
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    if status >= 400:
        assert count_rows(database_url, *TABLES) == before


@FUZZ
@given(
    document=json_like.map(lambda value: json.dumps(value)) | depths.map(deep_json),
    as_payload=st.booleans(),
    content_type=content_types,
)
async def test_any_signed_json_or_payload_is_never_a_server_error(
    server: Server,
    database_url: str,
    caplog: pytest.LogCaptureFixture,
    document: str,
    as_payload: bool,
    content_type: str,
) -> None:
    body = urlencode({"payload": document}).encode() if as_payload else document.encode()
    headers = signed_headers(SECRET, body, FORM if as_payload else content_type)
    await send_signed(server, database_url, caplog, body, headers)


@FUZZ
@given(body=st.binary(max_size=300), content_type=st.none() | content_types)
async def test_any_signed_bytes_are_never_a_server_error(
    server: Server,
    database_url: str,
    caplog: pytest.LogCaptureFixture,
    body: bytes,
    content_type: str | None,
) -> None:
    timestamp = stamp()
    headers = {
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": compute_signature(SECRET, timestamp, body),
        **({"Content-Type": content_type} if content_type else {}),
    }
    await send_signed(server, database_url, caplog, body, headers)


@settings(max_examples=300)
@given(
    text=st.text(max_size=60)
    | json_like.map(json.dumps)
    | json_like.map(lambda value: urlencode({"payload": json.dumps(value)}))
    | st.dictionaries(st.text(max_size=8), st.text(max_size=8)).map(urlencode),
    content_type=st.none() | st.sampled_from([JSON, FORM, "text/plain"]),
)
@example(text="command=%2Fgroundswell&text=fix+the+payload", content_type=FORM)
@example(text="payload=%7B%22type%22%3A+1%7D", content_type=None)
def test_the_guard_reads_a_body_exactly_as_bolt_does(text: str, content_type: str | None) -> None:
    """`read_as_bolt_does` mirrors Bolt's parse_body: a Bolt upgrade that changes it fails here."""
    try:
        ours: Any = read_as_bolt_does(text, content_type)[1]
    except JsonRefused:
        ours = ValueError
    try:
        # What Bolt reads of the body the receiver hands it (see inbox.bolt_readable).
        theirs: Any = parse_body(bolt_readable(text), content_type)
    except ValueError:
        theirs = ValueError
    assert repr(ours) == repr(theirs)  # repr: a NaN inside is not equal to itself
