"""GET /api/v1/feedback is a change feed: a consumer that pages to the end and comes back
later sees every new row and every change to a row it already read, and never skips one,
even while many writers commit out of order on PostgreSQL."""

from __future__ import annotations

import asyncio
import random
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest
from sqlalchemy import Connection, create_engine, text

from bot.records import FeedbackEvent, FeedbackSource, PersonRef, Platform, Rating
from storage.database import sync_url
from storage.repositories import feedback as feedback_repo
from storage.repositories import people as people_repo
from tests.support import databases
from tests.support.secrets import FINGERPRINT_KEY
from tests.support.server import make_settings, running_app

TOKEN = "feed-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@dataclass
class Api:
    url: str
    http: aiohttp.ClientSession
    services: Any

    async def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        async with self.http.post(self.url + path, json=body, headers=AUTH) as response:
            assert response.status in (200, 201), await response.text()
            answer: dict[str, Any] = await response.json()
            return answer

    async def page(self, cursor: str | None, limit: int = 100) -> dict[str, Any]:
        query = f"?limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        async with self.http.get(f"{self.url}/api/v1/feedback{query}", headers=AUTH) as response:
            assert response.status == 200, await response.text()
            answer: dict[str, Any] = await response.json()
            return answer


@dataclass
class Consumer:
    """Reads the feed as a client would: pages until caught up, keeps its resume cursor."""

    api: Api
    limit: int = 100
    cursor: str | None = None
    seen: list[dict[str, Any]] = field(default_factory=list)

    async def catch_up(self) -> list[dict[str, Any]]:
        read: list[dict[str, Any]] = []
        while True:
            page = await self.api.page(self.cursor, self.limit)
            read += page["items"]
            assert position(page["resume_cursor"]) >= position(self.cursor)
            self.cursor = page["resume_cursor"]
            if page["next_cursor"] is None:
                break
            assert page["next_cursor"] == page["resume_cursor"]
        self.seen += read
        return read


def position(cursor: str | None) -> tuple[int, int]:
    if cursor is None:
        return (0, 0)
    _, xact, seq = cursor.split(".")
    return (int(xact), int(seq))


def feedback(event_id: str, output_id: int, user: str, rating: str, minute: int) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "platform": "slack",
        "workspace": "T1",
        "user": user,
        "rating": rating,
        "output_id": output_id,
        "occurred_at": (T0 + timedelta(minutes=minute)).isoformat(),
    }


def output(message_id: str) -> dict[str, Any]:
    return {
        "platform": "slack",
        "workspace": "T1",
        "channel": "C1",
        "message_id": message_id,
        "assistant": "helpdesk",
    }


@asynccontextmanager
async def start_api(database_url: str) -> AsyncIterator[Api]:
    async with (
        running_app(make_settings(database_url, api_tokens=[TOKEN])) as (url, services),
        aiohttp.ClientSession() as http,
    ):
        yield Api(url, http, services)


@pytest.fixture
async def api(database_url: str) -> AsyncIterator[Api]:
    async with start_api(database_url) as started:
        yield started


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    url, name = databases.clone_postgres(postgres_server)
    yield url
    databases.drop_postgres(postgres_server, name)


@pytest.fixture
async def postgres_api(postgres_url: str) -> AsyncIterator[Api]:
    async with start_api(postgres_url) as started:
        yield started


def final_state(database_url: str) -> dict[int, tuple[bool, bool]]:
    """Every feedback row as stored: id → (superseded, retracted)."""
    engine = create_engine(sync_url(database_url))
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT id, superseded_at IS NOT NULL, retracted_at IS NOT NULL FROM feedback")
            )
            return {row[0]: (bool(row[1]), bool(row[2])) for row in rows}
    finally:
        engine.dispose()


def latest_views(seen: list[dict[str, Any]]) -> dict[int, tuple[bool, bool]]:
    return {
        item["id"]: (item["superseded_at"] is not None, item["retracted_at"] is not None)
        for item in seen
    }


async def test_changes_to_feedback_already_read_come_again(api: Api) -> None:
    registered = await api.post("/api/v1/outputs", output("1700.0001"))
    consumer = Consumer(api)
    await api.post("/api/v1/feedback", feedback("ev-1", registered["id"], "U1", "up", 0))
    first = await consumer.catch_up()
    # The person changes their mind: the 👍 they gave is superseded by a 👎.
    await api.post("/api/v1/feedback", feedback("ev-2", registered["id"], "U1", "down", 5))
    changed = await consumer.catch_up()
    # Then takes the 👎 back.
    person = PersonRef(platform=Platform.SLACK, tenant="T1", user_id="U1")
    await api.services.feedback.retract(
        person=person,
        output_id=registered["id"],
        rating=Rating.DOWN,
        source=FeedbackSource.API.value,
        at=T0 + timedelta(minutes=9),
    )
    retracted = await consumer.catch_up()
    nothing_new = await consumer.catch_up()

    assert [(item["key"], item["current"]) for item in first] == [("api:slack:T1:ev-1", True)]
    assert [(item["rating"], item["current"]) for item in changed] == [
        ("up", False),
        ("down", True),
    ]
    assert changed[0]["id"] == first[0]["id"] and changed[0]["superseded_at"] is not None
    # Retracting the 👎 leaves the 👍 standing again: both rows changed.
    assert {(item["rating"], item["current"]) for item in retracted} == {
        ("down", False),
        ("up", True),
    }
    assert nothing_new == []


async def test_feedback_after_the_newest_row_was_forgotten_is_not_skipped(api: Api) -> None:
    """Erasing the row that holds the newest position must not let the next change reuse
    it: a consumer standing exactly there would never see that change."""
    registered = await api.post("/api/v1/outputs", output("1700.0004"))
    consumer = Consumer(api)
    await api.post("/api/v1/feedback", feedback("kept", registered["id"], "U-kept", "up", 0))
    await api.post("/api/v1/feedback", feedback("gone", registered["id"], "U-gone", "up", 1))
    assert [item["user"] for item in await consumer.catch_up()] == ["U-kept", "U-gone"]
    gone = PersonRef(platform=Platform.SLACK, tenant="T1", user_id="U-gone")
    assert await api.services.people.forget(gone)
    await api.post("/api/v1/feedback", feedback("next", registered["id"], "U-next", "up", 2))
    assert [item["user"] for item in await consumer.catch_up()] == ["U-next"]


async def test_cursors_of_the_id_listing_and_forged_ones_are_400_or_empty(api: Api) -> None:
    old = "djE6MTI"  # base64 of "v1:12", as the listing before the feed handed out
    async with api.http.get(f"{api.url}/api/v1/feedback?cursor={old}", headers=AUTH) as r:
        refused = (r.status, await r.json())
    far = await api.page("v2.999999999999999999.999999999999999999")
    assert refused[0] == 400
    assert [f["field"] for f in refused[1]["fields"]] == ["cursor"]
    assert "before the change feed" in refused[1]["fields"][0]["message"]
    assert (far["items"], far["next_cursor"]) == ([], None)


async def test_a_row_committed_late_is_not_skipped(postgres_api: Api, postgres_url: str) -> None:
    """PostgreSQL hands out ids before commit: a row with a lower id can commit after one
    with a higher id that a consumer already read past. The feed waits for it instead."""
    registered = await postgres_api.post("/api/v1/outputs", output("1700.0002"))
    consumer = Consumer(postgres_api)
    engine = create_engine(sync_url(postgres_url))
    try:
        with engine.connect() as slow:
            transaction = slow.begin()
            early = write_feedback(slow, "slow-1", registered["id"], "U-slow")
            late = await postgres_api.post(
                "/api/v1/feedback", feedback("fast-1", registered["id"], "U-fast", "up", 1)
            )
            while_open = await consumer.catch_up()
            transaction.commit()
        after_commit = await consumer.catch_up()
    finally:
        engine.dispose()

    assert early < late["id"]
    assert while_open == []  # the committed later row waits for the earlier transaction
    assert [item["id"] for item in after_commit] == [early, late["id"]]


def write_feedback(connection: Connection, event_id: str, output_id: int, user: str) -> int:
    """A write through the same repositories the service uses, on a connection of our own
    (another replica, another worker thread)."""
    ref = PersonRef(platform=Platform.SLACK, tenant="T1", user_id=user)
    person_id = people_repo.admit_person(connection, ref=ref, fingerprint_key=FINGERPRINT_KEY)
    assert person_id is not None
    event = FeedbackEvent(
        key=f"api:slack:T1:{event_id}",
        person=ref,
        output_id=output_id,
        rating=Rating.NONE,
        comment=f"note {event_id}",
        source=FeedbackSource.API,
        occurred_at=T0,
    )
    new_id = feedback_repo.insert_feedback(
        connection, event=event, person_id=person_id, superseded=False
    )
    assert new_id is not None
    return new_id


async def test_ten_writers_and_a_consumer_paging_meanwhile_see_everything_once(
    api: Api, database_url: str
) -> None:
    """Ten clients rate (and re-rate, superseding) at once while a consumer pages in small
    pages; once the writers stop, its view of every row is the stored one."""
    outputs = [
        (await api.post("/api/v1/outputs", output(f"1700.1{n:03d}")))["id"] for n in range(3)
    ]
    consumer = Consumer(api, limit=7)
    writing = True

    async def writer(number: int) -> None:
        for step in range(15):
            # A few people re-rate the same answers, so rows change after they were read.
            user = f"U{number}-{step % 4}"
            rating = "up" if (number + step) % 3 else "down"
            body = feedback(f"w{number}-{step}", outputs[step % 3], user, rating, step)
            await api.post("/api/v1/feedback", body)

    async def read_meanwhile() -> None:
        while writing:
            await consumer.catch_up()

    reader = asyncio.create_task(read_meanwhile())
    await asyncio.gather(*(writer(number) for number in range(10)))
    writing = False
    await reader
    await consumer.catch_up()

    stored = final_state(database_url)
    assert len(stored) == 150
    assert latest_views(consumer.seen) == stored
    # Once per change: no state of a row was handed out twice.
    states = [(item["id"], item["superseded_at"]) for item in consumer.seen]
    assert len(states) == len(set(states))


async def test_ten_threads_committing_out_of_order_are_all_seen(
    postgres_api: Api, postgres_url: str
) -> None:
    """Ten writer threads on their own connections hold their transactions open a random
    moment before committing, so commits land out of id order while the consumer pages:
    once when all have written half (the consumer reads there for sure), then throughout."""
    registered = await postgres_api.post("/api/v1/outputs", output("1700.0003"))
    consumer = Consumer(postgres_api, limit=5)
    engine = create_engine(sync_url(postgres_url), pool_size=10)
    halfway = threading.Event()
    resume = threading.Event()
    meet = threading.Barrier(10, action=halfway.set)
    done = threading.Event()

    def writer(number: int) -> None:
        chance = random.Random(number)
        with engine.connect() as connection:
            for step in range(20):
                if step == 10:
                    meet.wait(30)
                    resume.wait(30)
                with connection.begin():
                    write_feedback(connection, f"t{number}-{step}", registered["id"], f"T{number}")
                    connection.execute(text("SELECT pg_sleep(:s)"), {"s": chance.random() / 100})

    def run_writers() -> None:
        threads = [threading.Thread(target=writer, args=(n,)) for n in range(10)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        done.set()

    loop = asyncio.get_running_loop()
    writing = loop.run_in_executor(None, run_writers)
    try:
        assert await loop.run_in_executor(None, halfway.wait, 30)
        midway = await consumer.catch_up()
        resume.set()
        while not done.is_set():
            await consumer.catch_up()
        await writing
        await consumer.catch_up()
    finally:
        resume.set()
        engine.dispose()

    stored = final_state(postgres_url)
    assert len(stored) == 200
    assert len(midway) == 100  # everything committed by then, nothing more
    assert sorted(item["id"] for item in consumer.seen) == sorted(stored)
