"""Inputs that once answered 500 (issue 7): each is now a 400 naming the field, stores
nothing and logs no error, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from tests.api.support import OUTPUT, TABLES, Api, feedback
from tests.support.server import count_rows

# Offsets that push a date out of the range a datetime can hold once converted to UTC.
BEYOND_UTC = ["0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59"]
# Times that convert, but no feedback or answer ever happened then.
ABSURD = ["0001-01-01T00:00:00Z", "1999-12-31T23:59:59Z", "9999-12-31T00:00:00Z"]


def assert_quiet(caplog: pytest.LogCaptureFixture) -> None:
    """No error, and no traceback at any level: a refusal is the client's mistake."""
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert [r.getMessage() for r in caplog.records if r.exc_info] == []


async def refused(
    api: Api, database_url: str, caplog: pytest.LogCaptureFixture, path: str, body: Any
) -> list[str]:
    """POST `body`; assert 400 and no write; the fields the answer names."""
    caplog.set_level(logging.INFO)
    before = count_rows(database_url, *TABLES)
    if isinstance(body, bytes):
        status, answer = await api.post_raw(path, body)
    else:
        status, answer = await api.post(path, body)
    assert status == 400, answer
    assert count_rows(database_url, *TABLES) == before
    assert_quiet(caplog)
    return [item["field"] for item in answer["fields"]]


@pytest.mark.parametrize("output_id", [2**31, 2**63, 2**64 + 1, 10**30])
async def test_output_id_beyond_the_id_column_is_400(
    api: Api, database_url: str, caplog: pytest.LogCaptureFixture, output_id: int
) -> None:
    body = feedback("big-id", output_id=output_id)
    assert await refused(api, database_url, caplog, "/api/v1/feedback", body) == ["output_id"]


async def test_output_id_at_the_column_limit_is_an_unknown_output(api: Api) -> None:
    status, answer = await api.post("/api/v1/feedback", feedback("max-id", output_id=2**31 - 1))
    assert (status, answer["fields"][0]["field"]) == (404, "output_id")


async def test_openapi_document_says_how_large_an_id_may_be(api: Api) -> None:
    _, document = await api.get("/api/v1/openapi.json", headers={})
    output_id = document["components"]["schemas"]["FeedbackIn"]["properties"]["output_id"]
    assert output_id["anyOf"][0]["maximum"] == 2**31 - 1


@pytest.mark.parametrize("moment", BEYOND_UTC + ABSURD)
async def test_event_times_beyond_utc_or_absurd_are_400(
    api: Api, database_url: str, caplog: pytest.LogCaptureFixture, moment: str
) -> None:
    rating = feedback("when", occurred_at=moment)
    answer = {**OUTPUT, "posted_at": moment}
    assert await refused(api, database_url, caplog, "/api/v1/feedback", rating) == ["occurred_at"]
    assert await refused(api, database_url, caplog, "/api/v1/outputs", answer) == ["posted_at"]


async def test_event_time_is_stored_in_utc_whatever_its_offset(api: Api) -> None:
    body = feedback("late", occurred_at="2999-12-31T23:30:00-05:00")
    assert (await api.post("/api/v1/feedback", body))[0] == 201
    _, page = await api.get("/api/v1/feedback")
    assert page["items"][0]["occurred_at"] == "3000-01-01T04:30:00Z"


@pytest.mark.parametrize("moment", BEYOND_UTC)
async def test_listing_since_beyond_utc_is_clamped_not_refused(
    api: Api, caplog: pytest.LogCaptureFixture, moment: str
) -> None:
    """A valid RFC 3339 time that UTC cannot hold is taken as the nearest instant it can: the
    OpenAPI document promises a date-time, and a schema-valid query is never refused."""
    caplog.set_level(logging.INFO)
    await api.post("/api/v1/feedback", feedback("one", occurred_at="2026-11-27T09:00:00Z"))
    status, answer = await api.get(f"/api/v1/feedback?since={moment.replace('+', '%2B')}")
    assert (status, len(answer["items"])) == (200, 1 if moment.startswith("0001") else 0)
    assert_quiet(caplog)


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"])
async def test_listing_since_at_either_end_of_time_is_fine(api: Api, moment: str) -> None:
    await api.post("/api/v1/feedback", feedback("one", occurred_at="2026-11-27T09:00:00Z"))
    status, page = await api.get(f"/api/v1/feedback?since={moment}")
    assert status == 200
    assert len(page["items"]) == (1 if moment.startswith("0001") else 0)


@pytest.mark.parametrize("path", ["/api/v1/outputs", "/api/v1/feedback"])
# As deep as fits in the 64 KiB a body may have (objects take more bytes per level).
@pytest.mark.parametrize(("opening", "depth"), [(b"[", 30_000), (b'{"":', 12_000)])
async def test_json_nested_30000_deep_is_400(
    api: Api,
    database_url: str,
    caplog: pytest.LogCaptureFixture,
    path: str,
    opening: bytes,
    depth: int,
) -> None:
    closing = b"]" if opening == b"[" else b"}"
    deep = opening * depth + b"1" + closing * depth
    assert await refused(api, database_url, caplog, path, deep) == ["body"]


async def test_blocks_nested_deep_inside_a_valid_body_are_400(
    api: Api, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    block: dict[str, Any] = {"type": "section"}
    for _ in range(100):
        block = {"type": "section", "inner": block}
    body = {**OUTPUT, "message_id": None, "post": {"text": "hi", "blocks": [block]}}
    assert await refused(api, database_url, caplog, "/api/v1/outputs", body) == ["body"]


# Every string a caller can send, as (route, body with the bad text at that field, field).
def with_text(bad: str) -> list[tuple[str, dict[str, Any], str]]:
    cases: list[tuple[str, dict[str, Any], str]] = []
    for name in ("workspace", "channel", "message_id", "assistant", "use_case", "trace_id"):
        cases.append(("/api/v1/outputs", {**OUTPUT, name: f"x{bad}y"}, name))
    post = {"text": "answer", "blocks": [{"type": "section", "text": {"text": "ok"}}]}
    relay = {**OUTPUT, "message_id": None}
    # Block Kit blocks are Slack's to judge (never stored here): not checked by us.
    cases.append(("/api/v1/outputs", {**relay, "post": {**post, "text": f"a{bad}"}}, "post.text"))
    for name in ("event_id", "workspace", "user", "comment", "reason"):
        cases.append(("/api/v1/feedback", {**feedback("nul"), name: f"x{bad}y"}, name))
    address = {"channel": "C1", "message_id": f"1{bad}"}
    cases.append(("/api/v1/feedback", feedback("nul", output=address), "output.message_id"))
    return cases


@pytest.mark.parametrize(("path", "body", "field"), with_text("\x00"))
async def test_nul_in_any_string_is_400_naming_it(
    api: Api,
    database_url: str,
    caplog: pytest.LogCaptureFixture,
    path: str,
    body: dict[str, Any],
    field: str,
) -> None:
    assert await refused(api, database_url, caplog, path, body) == [field]


async def test_a_lone_surrogate_is_stored_as_a_replacement_character(api: Api) -> None:
    """Valid JSON that no database can store, and that the schema cannot forbid: kept, with
    the broken character shown as U+FFFD, as a UTF-8 decoder shows a broken byte."""
    body = feedback("surrogate", comment="half a pair \ud800 here")
    assert (await api.post("/api/v1/feedback", body))[0] == 201
    _, page = await api.get("/api/v1/feedback")
    assert page["items"][0]["comment"] == "half a pair \ufffd here"


async def test_nul_in_a_listing_parameter_is_400(api: Api) -> None:
    status, answer = await api.get("/api/v1/feedback?cursor=v1%00")
    assert (status, [item["field"] for item in answer["fields"]]) == (400, ["cursor"])
