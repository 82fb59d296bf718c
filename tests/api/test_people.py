"""PUT /api/v1/people as an HR script sees it, on each database: an upsert with a per-item
report of what was not stored, a 400 naming the item and field that stores nothing, and no
body of any shape answered with a 5xx."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.records import PersonRef, Platform
from tests.api.support import AUTH, Api
from tests.support.server import ThreadedApp, count_rows, make_settings

PATH = "/api/v1/people"


def person(user: str, **fields: Any) -> dict[str, Any]:
    return {"platform": "slack", "workspace": "T1", "user": user, **fields}


async def put(api: Api, body: Any, headers: dict[str, str] | None = None) -> tuple[int, Any]:
    async with api.http.put(
        api.url + PATH, json=body, headers=AUTH if headers is None else headers
    ) as response:
        return response.status, await response.json()


async def test_people_are_upserted_with_a_report_of_what_was_not_stored(api: Api) -> None:
    body = [
        person("U1", email="ann@example.com", name="Ann", department="Finance",
               timezone="Europe/Berlin"),
        person("U2", department="IT"),
        person("U1", department="Legal"),
    ]  # fmt: skip
    status, answer = await put(api, body)
    assert status == 200
    assert answer == {
        "stored": 2,
        "created": 2,
        "updated": 0,
        "not_stored": [
            {
                "index": 2,
                "reason": "duplicate",
                "message": "the same person as item 0, which was stored",
            }
        ],
    }
    status, answer = await put(api, [person(" U1 ", department="Legal"), person("U3")])
    assert (status, answer["created"], answer["updated"]) == (200, 1, 1)


async def test_a_person_who_asked_to_be_forgotten_is_reported_and_not_stored(
    database_url: str,
) -> None:
    import aiohttp

    from tests.support.server import running_app

    settings_ = make_settings(database_url, api_tokens=["people-token-0123456789"])
    async with running_app(settings_) as (url, services), aiohttp.ClientSession() as http:
        gone = PersonRef(platform=Platform.SLACK, tenant="T1", user_id="UGONE")
        await services.people.see(gone)
        await services.people.forget(gone)
        headers = {"Authorization": "Bearer people-token-0123456789"}
        async with http.put(url + PATH, json=[person("U1"), person("UGONE")], headers=headers) as r:
            status, answer = r.status, await r.json()
        assert status == 200
        assert answer["stored"] == 1
        assert answer["not_stored"] == [
            {
                "index": 1,
                "reason": "forgotten",
                "message": "this person asked to be forgotten: not stored",
            }
        ]
        assert await services.directory.find(gone) is None


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ([person("U1"), person("U2", timezone="Mars/Olympus")], ["1.timezone"]),
        ([person("U1", email="not-an-address", platform="fax")], ["0.email", "0.platform"]),
        ([person("U1", department="D" * 256)], ["0.department"]),
        ([person(" ")], ["0.user"]),
        ([person("U1", shoe_size=44)], ["0.shoe_size"]),
        ([person("U1")] * 501, ["body"]),
        ({"people": []}, ["body"]),
        (["U1"], ["0"]),
    ],
)
async def test_a_bad_item_is_named_and_nothing_is_stored(
    api: Api, database_url: str, body: Any, fields: list[str]
) -> None:
    status, answer = await put(api, body)
    assert status == 400
    assert sorted({item["field"] for item in answer["fields"]}) == fields
    assert count_rows(database_url, "people") == {"people": 0}


async def test_the_api_tokens_guard_the_directory(api: Api, database_url: str) -> None:
    status, answer = await put(api, [person("U1")], headers={})
    assert (status, answer["error"]) == (401, "unauthorized")
    assert count_rows(database_url, "people") == {"people": 0}


async def test_the_openapi_document_describes_the_route(api: Api) -> None:
    status, document = await api.get("/api/v1/openapi.json")
    assert status == 200
    operation = document["paths"][PATH]["put"]
    assert operation["requestBody"]["content"]["application/json"]["schema"]["maxItems"] == 500
    assert set(operation["responses"]) == {"200", "400", "401", "413", "503"}
    zone = document["components"]["schemas"]["PersonIn"]["properties"]["timezone"]
    assert "Europe/Berlin" in zone["anyOf"][0]["enum"]


TOKEN = "people-fuzz-token-0123456789"
text = st.text(max_size=12) | st.sampled_from(["", " ", "\x00", "\ud800", "a@b.c", "UTC"])
values = st.none() | st.booleans() | st.integers() | st.floats() | text
items = st.fixed_dictionaries(
    {
        "platform": st.sampled_from(["slack", "teams", "Slack"]) | values,
        "workspace": values,
        "user": st.sampled_from(["U1", "U2", "29:x"]) | values,
    },
    optional={
        "email": values,
        "name": values,
        "department": values,
        "timezone": st.sampled_from(["UTC", "Europe/Berlin", "Mars/X"]) | values,
        "extra": values,
    },
)
bodies = (
    st.lists(items | values, max_size=6).map(json.dumps)
    | st.dictionaries(text, values, max_size=3).map(json.dumps)
    | st.binary(max_size=40).map(lambda raw: raw.decode("latin-1"))
)


@pytest.fixture
def threaded(database_url: str) -> Iterator[str]:
    with ThreadedApp(make_settings(database_url, api_tokens=[TOKEN])) as running:
        yield running.url


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=bodies)
def test_any_body_is_never_a_5xx_and_a_refusal_stores_nothing(
    threaded: str, database_url: str, body: str
) -> None:
    before = count_rows(database_url, "people")
    request = urllib.request.Request(
        threaded + PATH,
        data=body.encode("utf-8", errors="surrogatepass"),
        method="PUT",
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status = int(response.status)
            answer = json.loads(response.read())
    except urllib.error.HTTPError as error:
        status = int(error.code)
        answer = json.loads(error.read())
    assert status in (200, 400), (status, body)
    if status == 400:
        assert count_rows(database_url, "people") == before
        assert answer["fields"]
    else:
        assert answer["stored"] + len(answer["not_stored"]) == len(json.loads(body))


async def test_names_and_emails_never_reach_the_log(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    marker = "zqxPersonalName"
    body = [
        person("U1", name=marker, email=f"{marker}@example.com", department="Finance"),
        person("U2", name=marker, timezone="Mars/Olympus"),
    ]
    assert (await put(api, body))[0] == 400
    assert (await put(api, body[:1] * 2))[0] == 200
    assert marker not in caplog.text
