"""The ingestion API end to end over real HTTP: what an AI app developer sees."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tests.api.support import AUTH, OUTPUT, TABLES, TOKEN, Api, feedback
from tests.support.server import count_rows, make_settings, running_app


async def test_register_output_is_idempotent_on_its_address(api: Api) -> None:
    status, first = await api.post("/api/v1/outputs", OUTPUT)
    again_status, again = await api.post("/api/v1/outputs", {**OUTPUT, "assistant": "other"})
    assert (status, again_status) == (201, 200)
    assert first == {"id": first["id"], "created": True}
    assert again == {"id": first["id"], "created": False}


async def test_acceptance_one_current_rating_and_its_history(api: Api) -> None:
    _, output = await api.post("/api/v1/outputs", OUTPUT)
    up = feedback("ev-1", output_id=output["id"], occurred_at="2026-11-27T09:00:00Z")
    assert (await api.post("/api/v1/feedback", up))[0] == 201
    repeat_status, repeat = await api.post("/api/v1/feedback", {**up, "rating": "down"})
    changed = feedback(
        "ev-2",
        rating="down",
        comment="numbers were from last year",
        output={"channel": "C1", "message_id": "1700.0001"},
        occurred_at="2026-11-27T09:05:00Z",
    )
    assert (await api.post("/api/v1/feedback", changed))[0] == 201
    status, listing = await api.get("/api/v1/feedback")

    assert repeat_status == 200 and repeat["created"] is False
    assert status == 200 and listing["next_cursor"] is None
    history = [(item["rating"], item["current"], item["comment"]) for item in listing["items"]]
    assert history == [("up", False, None), ("down", True, "numbers were from last year")]
    assert listing["items"][0]["superseded_at"] is not None
    assert listing["items"][1]["output"]["assistant"] == "finance-helper"
    assert listing["items"][1]["occurred_at"] == "2026-11-27T09:05:00Z"


async def test_comment_only_feedback_without_output_is_accepted(api: Api) -> None:
    status, body = await api.post(
        "/api/v1/feedback", feedback("c-1", rating=None, comment="please add sources")
    )
    _, listing = await api.get("/api/v1/feedback")
    assert status == 201 and body["created"]
    assert listing["items"][0]["rating"] is None
    assert listing["items"][0]["output"] is None


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"event_id", "platform", "workspace", "user"}),
        (feedback("e", rating="meh"), {"rating"}),
        (feedback("e", rating=None), {"rating"}),
        (feedback("e", ratng="up"), {"ratng"}),
        (feedback("e", platform="discord"), {"platform"}),
        (feedback("e", occurred_at="2026-11-27T09:00:00"), {"occurred_at"}),
        (feedback("e", output_id=1, output={"channel": "C1", "message_id": "1"}), {"output"}),
        (feedback("e", output={"channel": "C1"}), {"output.message_id"}),
        (feedback("", user=""), {"event_id", "user"}),
        (feedback("e", comment="x" * 4001), {"comment"}),
    ],
)
async def test_bad_feedback_names_each_bad_field_and_writes_nothing(
    api: Api, database_url: str, body: dict[str, Any], fields: set[str]
) -> None:
    before = count_rows(database_url, *TABLES)
    status, answer = await api.post("/api/v1/feedback", body)
    assert status == 400
    assert answer["error"] == "invalid_request"
    assert {item["field"] for item in answer["fields"]} == fields
    assert count_rows(database_url, *TABLES) == before


@pytest.mark.parametrize("raw", [b"not json", b"[1, 2]", b"\xff\xfe", b""])
async def test_body_that_is_not_a_json_object_is_400(api: Api, raw: bytes) -> None:
    async with api.http.post(
        api.url + "/api/v1/outputs", data=raw, headers={**AUTH, "Content-Type": "application/json"}
    ) as response:
        body = await response.json()
    assert response.status == 400
    assert body["fields"][0]["field"] == "body"


async def test_unknown_output_is_404_and_writes_nothing(api: Api, database_url: str) -> None:
    before = count_rows(database_url, *TABLES)
    by_id = await api.post("/api/v1/feedback", feedback("e1", output_id=999))
    by_address = await api.post(
        "/api/v1/feedback", feedback("e2", output={"channel": "C9", "message_id": "9.9"})
    )
    assert [by_id[0], by_address[0]] == [404, 404]
    assert by_id[1]["fields"][0]["field"] == "output_id"
    assert by_address[1]["fields"][0]["field"] == "output"
    assert count_rows(database_url, *TABLES) == before


async def test_body_over_64_kib_is_413_and_writes_nothing(api: Api, database_url: str) -> None:
    huge = feedback("big", comment="x" * (65 * 1024))
    status, body = await api.post("/api/v1/feedback", huge)
    assert (status, body["error"]) == (413, "body_too_large")
    assert count_rows(database_url, *TABLES) == {table: 0 for table in TABLES}


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": TOKEN},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": "Bearer "},
    ],
)
async def test_missing_or_wrong_token_is_401(
    api: Api, database_url: str, headers: dict[str, str]
) -> None:
    for status, body in (
        await api.post("/api/v1/outputs", OUTPUT, headers=headers),
        await api.post("/api/v1/feedback", feedback("e"), headers=headers),
        await api.get("/api/v1/feedback", headers=headers),
    ):
        assert (status, body["error"]) == (401, "unauthorized")
    assert count_rows(database_url, *TABLES) == {table: 0 for table in TABLES}


async def test_every_configured_token_is_accepted(api: Api) -> None:
    status, _ = await api.post(
        "/api/v1/outputs", OUTPUT, headers={"Authorization": "Bearer second-token"}
    )
    assert status == 201


async def test_no_tokens_configured_means_api_disabled_not_open(sqlite_url: str) -> None:
    async with running_app(make_settings(sqlite_url)) as (url, _), aiohttp.ClientSession() as http:
        async with http.post(url + "/api/v1/outputs", json=OUTPUT) as response:
            body = await response.json()
    assert response.status == 503
    assert "ingestion API disabled" in body["message"]
    assert count_rows(sqlite_url, *TABLES) == {table: 0 for table in TABLES}


async def test_listing_pages_oldest_first_with_stable_cursor(api: Api) -> None:
    for number in range(7):
        await api.post(
            "/api/v1/feedback", feedback(f"n{number}", rating=None, comment=f"note {number}")
        )
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        query = "/api/v1/feedback?limit=3" + (f"&cursor={cursor}" if cursor else "")
        status, page = await api.get(query)
        assert status == 200
        seen += [item["comment"] for item in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"note {n}" for n in range(7)]
    assert pages == 3


async def test_since_filters_by_when_feedback_happened(api: Api) -> None:
    await api.post(
        "/api/v1/feedback",
        feedback("old", rating=None, comment="old", occurred_at="2026-11-01T00:00:00Z"),
    )
    await api.post(
        "/api/v1/feedback",
        feedback("new", rating=None, comment="new", occurred_at="2026-11-20T00:00:00+01:00"),
    )
    status, page = await api.get("/api/v1/feedback?since=2026-11-10T00:00:00Z")
    assert status == 200
    assert [item["comment"] for item in page["items"]] == ["new"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("since=yesterday", "since"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("cursor=bm9wZQ", "cursor"),
        ("cursor=%%%", "cursor"),
        ("cursor=", "cursor"),
        ("since=0.5", "since"),
        ("since=2026-11-27T09:00:00", "since"),
        ("limit=+5", "limit"),
        ("colour=red", "colour"),
    ],
)
async def test_bad_listing_query_is_400_naming_the_parameter(
    api: Api, query: str, field: str
) -> None:
    status, body = await api.get(f"/api/v1/feedback?{query}")
    assert status == 400
    assert [item["field"] for item in body["fields"]] == [field]


async def test_openapi_document_describes_every_route(api: Api) -> None:
    status, document = await api.get("/api/v1/openapi.json", headers={})
    assert status == 200
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {
        "/api/v1/outputs",
        "/api/v1/feedback",
        "/api/v1/people",
        "/api/v1/feedback/{feedback_id}/questions",
        "/api/v1/questions/{question_id}",
    }
    assert set(document["paths"]["/api/v1/feedback"]) == {"get", "post"}
    schemas = document["components"]["schemas"]
    assert {"OutputIn", "FeedbackIn", "FeedbackListOut", "ErrorOut"} <= set(schemas)
    assert set(schemas["FeedbackIn"]["properties"]["rating"]["anyOf"][0]["enum"]) == {"up", "down"}
    for path in document["paths"].values():
        for operation in path.values():
            for answer in operation["responses"].values():
                schema = answer["content"]["application/json"]["schema"]
                for ref in [schema.get("$ref")] + [one["$ref"] for one in schema.get("anyOf", [])]:
                    assert ref is None or ref.split("/")[-1] in schemas
