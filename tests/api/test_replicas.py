"""Two `groundswell serve` replicas on one PostgreSQL, under the same load at the same time.

What an operator scaling out relies on: a click delivered to both replicas (a retry landing
elsewhere) is stored once, a person's changing ratings leave exactly one standing, and a
replica killed with -9 has lost no write it acknowledged.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import create_engine, text

from storage.database import sync_url
from tests.api.support import OUTPUT, feedback
from tests.support.process import ServeProcess, clean_environment

PEOPLE = 30
TOKEN = "replica-test-token-0123456789"  # serve refuses tokens under 16 characters
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def stored(postgres_url: str, query: str) -> list[tuple[Any, ...]]:
    engine = create_engine(sync_url(postgres_url))
    try:
        with engine.begin() as connection:
            return [tuple(row) for row in connection.execute(text(query))]
    finally:
        engine.dispose()


@pytest.fixture
async def replicas(postgres_url: str, tmp_path: Path) -> AsyncIterator[list[ServeProcess]]:
    env = clean_environment(GROUNDSWELL_DATABASE_URL=postgres_url, GROUNDSWELL_API_TOKENS=TOKEN)
    started = [ServeProcess(env, tmp_path), ServeProcess(env, tmp_path)]
    try:
        for replica in started:
            await replica.start()
        yield started
    finally:
        for replica in started:
            replica.kill_hard()
            await replica.wait_dead()


async def post(http: aiohttp.ClientSession, url: str, body: dict[str, Any]) -> int | None:
    """The status a client saw, or None when the replica died before answering."""
    try:
        async with http.post(f"{url}/api/v1/feedback", json=body, headers=AUTH) as response:
            await response.read()
            return response.status
    except aiohttp.ClientError:
        return None


async def test_both_replicas_take_the_same_clicks_and_each_is_counted_once(
    replicas: list[ServeProcess], postgres_url: str
) -> None:
    first, second = replicas
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{first.url}/api/v1/outputs", json=OUTPUT, headers=AUTH) as r:
            output_id = (await r.json())["id"]
        # Each person rates up, then down; every event goes to both replicas at once.
        sends = []
        for round_, rating in enumerate(("up", "down")):
            for person in range(PEOPLE):
                body = feedback(
                    f"Ev{round_}-{person}",
                    user=f"U{person:03d}",
                    rating=rating,
                    output_id=output_id,
                    occurred_at=f"2026-12-01T09:0{round_}:00Z",
                )
                sends += [post(http, first.url, body), post(http, second.url, body)]
        statuses = await asyncio.gather(*sends)
    assert set(statuses) <= {200, 201}, statuses
    assert statuses.count(201) == 2 * PEOPLE  # each event created once, the copy a repeat
    assert stored(postgres_url, "SELECT count(*) FROM feedback") == [(2 * PEOPLE,)]
    standing = stored(
        postgres_url,
        "SELECT rating, count(*) FROM feedback WHERE superseded_at IS NULL "
        "AND retracted_at IS NULL GROUP BY rating",
    )
    assert standing == [("down", PEOPLE)]  # the later click stands, once per person
    assert stored(postgres_url, "SELECT count(*) FROM people") == [(PEOPLE,)]


async def test_a_replica_killed_mid_stream_lost_no_acknowledged_write(
    replicas: list[ServeProcess], postgres_url: str
) -> None:
    first, second = replicas
    acknowledged: list[str] = []
    enough = asyncio.Event()

    async def send(http: aiohttp.ClientSession, number: int) -> None:
        replica = first if number % 2 else second
        body = feedback(f"EvKill{number:04d}", user=f"U{number:04d}")
        if await post(http, replica.url, body) in (200, 201):
            acknowledged.append(f"api:slack:T1:EvKill{number:04d}")
            if len(acknowledged) >= 60:
                enough.set()

    async with aiohttp.ClientSession() as http:
        stream = asyncio.gather(*(send(http, number) for number in range(400)))
        await asyncio.wait_for(enough.wait(), 60)
        first.kill_hard()
        await first.wait_dead()
        await stream
    keys = {row[0] for row in stored(postgres_url, "SELECT event_key FROM feedback")}
    assert len(acknowledged) >= 60
    assert set(acknowledged) <= keys
