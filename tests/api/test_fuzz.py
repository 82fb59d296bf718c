"""Whatever is thrown at `/api/v1`, on SQLite and PostgreSQL: never a 5xx, and a refused
request stores nothing. Raw bytes, wrong content types, deep nesting, NUL and lone surrogates,
huge numbers, times at the ends of the calendar, forged cursors."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from adapters.api.cursor import decode_cursor, encode_cursor
from bot.feedback.service import FeedPosition
from tests.api.support import OUTPUT, TABLES, feedback
from tests.support.server import ThreadedApp, count_rows, make_settings

TOKEN = "fuzz-token"
ROUTES = [
    ("POST", "/api/v1/outputs"),
    ("POST", "/api/v1/feedback"),
    ("GET", "/api/v1/feedback"),
    ("GET", "/api/v1/openapi.json"),
]

# Times a parser accepts but UTC cannot hold, or no event ever had.
odd_times = st.sampled_from(
    [
        "0001-01-01T00:00:00+23:59",
        "9999-12-31T23:59:59-23:59",
        "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999Z",
        "2026-02-30T00:00:00Z",
        "2026-11-27T09:00:00+24:00",
        "2026-11-27T09:00:00",
        "2026-11-27",
        "1e308",
    ]
) | st.datetimes(timezones=st.timezones()).map(lambda moment: moment.isoformat())
odd_text = st.text(max_size=20) | st.sampled_from(["\x00", "a\x00b", "\ud800", "\udfff x", ""])
huge_numbers = st.integers(min_value=-(2**80), max_value=2**80) | st.sampled_from(
    [2**31 - 1, 2**31, 2**63 - 1, 2**63, 10**4000]
)
scalars = st.none() | st.booleans() | huge_numbers | st.floats() | odd_text | odd_times
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(odd_text, inner, max_size=4),
    max_leaves=12,
)
known_keys = st.sampled_from(
    [
        "event_id",
        "platform",
        "workspace",
        "user",
        "rating",
        "comment",
        "output_id",
        "output",
        "occurred_at",
        "channel",
        "message_id",
        "assistant",
        "posted_at",
        "trace_id",
        "use_case",
        "reason",
        "post",
    ]
)
near_valid = st.builds(
    lambda base, changes: {**base, **changes},
    st.sampled_from([OUTPUT, feedback("fz"), feedback("fz", output_id=1)]),
    st.dictionaries(
        known_keys,
        json_values | st.sampled_from(["slack", "teams", "up", "down", 1, "C1", {"text": "x"}]),
        max_size=4,
    ),
)


def nested(depth: int) -> bytes:
    return b'{"event_id":' + b"[" * depth + b"]" * depth + b"}"


def dumped(value: Any) -> bytes:
    # allow_nan: NaN and Infinity are what a sloppy client's JSON library may send.
    return json.dumps(value).encode()


bodies = (
    (json_values | near_valid).map(dumped)
    | st.integers(min_value=1, max_value=30_000).map(nested)
    | st.binary(max_size=200)
)
content_types = st.sampled_from(
    [
        "application/json",
        "application/json; charset=x-no-such-charset",
        "text/plain",
        "application/x-www-form-urlencoded",
        "",
    ]
)


def call(
    url: str, method: str, path: str, body: bytes | None, content_type: str = "application/json"
) -> int:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(url + path, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


class App:
    def __init__(self, url: str, database_url: str) -> None:
        self.url = url
        self.database_url = database_url

    def send(
        self, method: str, path: str, body: bytes | None, content_type: str = "application/json"
    ) -> int:
        """The status; a refused request must have stored nothing."""
        before = count_rows(self.database_url, *TABLES)
        status = call(self.url, method, path, body, content_type)
        assert status < 500, (method, path, body[:300] if body else None)
        if status >= 400:
            assert count_rows(self.database_url, *TABLES) == before, (status, body)
        return status


@pytest.fixture
def app(database_url: str) -> Iterator[App]:
    with ThreadedApp(make_settings(database_url, api_tokens=[TOKEN])) as running:
        # One answer to rate, so output_id 1 and the listing have something to work on.
        call(running.url, "POST", "/api/v1/outputs", dumped(OUTPUT))
        yield App(running.url, database_url)


FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(body=bodies, route=st.sampled_from(ROUTES[:2]), content_type=content_types)
@example(body=nested(30_000), route=ROUTES[1], content_type="application/json")
@example(body=dumped(feedback("e", output_id=2**63)), route=ROUTES[1], content_type="")
@example(
    body=dumped(feedback("e", occurred_at="0001-01-01T00:00:00+23:59")),
    route=ROUTES[1],
    content_type="application/json",
)
@example(body=dumped(feedback("e", comment="a\x00b")), route=ROUTES[1], content_type="text/plain")
def test_any_body_on_any_write_route_is_never_a_5xx(
    app: App, body: bytes, route: tuple[str, str], content_type: str
) -> None:
    app.send(*route, body, content_type)


cursors = (
    st.text(max_size=40)
    | st.integers(min_value=0, max_value=2**31 - 1).map(
        lambda seq: encode_cursor(FeedPosition(xact=0, seq=seq))
    )
    | st.binary(max_size=30).map(lambda raw: base64.urlsafe_b64encode(raw).decode())
    | st.text(max_size=20).map(lambda raw: base64.urlsafe_b64encode(f"v1:{raw}".encode()).decode())
)
queries = st.dictionaries(
    st.sampled_from(["since", "limit", "cursor", "x"]),
    odd_times | odd_text | huge_numbers.map(str) | cursors,
    max_size=3,
)


@FUZZ
@given(query=queries)
@example(query={"since": "0001-01-01T00:00:00+23:59"})
@example(query={"limit": str(2**64), "cursor": encode_cursor(FeedPosition(xact=0, seq=7))})
def test_any_listing_query_is_never_a_5xx(app: App, query: dict[str, str]) -> None:
    # A lone surrogate goes as the bytes a careless client would send (ED A0 80).
    encoded = urlencode(query, quote_via=quote, errors="surrogatepass")
    status = app.send("GET", "/api/v1/feedback?" + encoded, None)
    assert status in (200, 400)


@FUZZ
@given(route=st.sampled_from(ROUTES), body=st.none() | st.binary(max_size=50))
def test_any_route_with_any_method_body_is_never_a_5xx(
    app: App, route: tuple[str, str], body: bytes | None
) -> None:
    method, path = route
    for verb in {method, "PUT", "DELETE", "PATCH"}:
        app.send(verb, path, body if verb != "GET" else None)


positions = st.integers(min_value=0, max_value=10**18 - 1)


@given(positions, positions)
def test_cursor_round_trips(xact: int, seq: int) -> None:
    position = FeedPosition(xact, seq)
    assert decode_cursor(encode_cursor(position)) == position


@given(st.text(max_size=40) | st.from_regex(r"v2\.[0-9]{1,25}\.[0-9]{1,25}", fullmatch=True))
def test_foreign_cursors_are_refused_not_crashing(text: str) -> None:
    try:
        decoded = decode_cursor(text)
    except ValueError:
        return  # refused cleanly: the API turns this into a 400 naming `cursor`
    assert 0 <= decoded.xact < 2**63 and 0 <= decoded.seq < 2**63
    assert decode_cursor(encode_cursor(decoded)) == decoded
