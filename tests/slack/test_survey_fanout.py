"""A survey run to 2,000 people against the fake Slack Web API, with 429s injected along the
way: every one of them gets exactly one message."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime

import time_machine

from bot.people.entries import DirectoryEntry, Source
from bot.records import PersonRef, Platform
from tests.fakes.slack_web_api import FakeSlackWebApi
from tests.slack.harness import TEAM, running

PEOPLE = 2000
WEDNESDAY_MORNING = datetime(2026, 12, 9, 8, 0, tzinfo=UTC)
WEDNESDAY_EVENING = datetime(2026, 12, 9, 17, 0, tzinfo=UTC)
ZONES = ("UTC", "Europe/London", "Africa/Abidjan")  # all inside 10:00–16:00 UTC-ish today


async def inject_429s(fake: FakeSlackWebApi, at: tuple[int, ...]) -> None:
    """Slack answers 429 (Retry-After 1) a few times once the run is under way."""
    for count in at:
        await fake.wait_for_call("chat.postMessage", count=count, within=120)
        fake.fail_next("chat.postMessage", status=429, retry_after=1, times=3)


async def test_two_thousand_people_get_exactly_one_message_each_despite_429s(
    database_url: str, fake: FakeSlackWebApi
) -> None:
    refs = [
        PersonRef(platform=Platform.SLACK, tenant=TEAM, user_id=f"U{n:05d}") for n in range(PEOPLE)
    ]
    async with running(database_url, fake, send_rate=500, send_burst=20) as server:
        for start in range(0, PEOPLE, 1000):
            await server.services.directory.store(
                [
                    DirectoryEntry(ref=ref, timezone=ZONES[n % len(ZONES)])
                    for n, ref in enumerate(refs[start : start + 1000])
                ],
                source=Source.IMPORT,
            )
        with time_machine.travel(WEDNESDAY_MORNING, tick=True):
            report = await server.services.surveys.send_now("weekly-impact")
        assert len(report.asked) == PEOPLE
        with time_machine.travel(WEDNESDAY_EVENING, tick=True):
            injector = asyncio.create_task(inject_429s(fake, (100, 900, 1700)))
            server.services.dispatcher.wake()
            for _ in range(1800):
                counts = await server.services.outreach.counts()
                if counts.get("sent", 0) >= PEOPLE:
                    break
                await asyncio.sleep(0.1)
            await injector
    assert counts == {"sent": PEOPLE}
    statuses = Counter(call.params.get("channel") for call in fake.calls("chat.postMessage"))
    assert set(statuses) == {ref.user_id for ref in refs}
    delivered = Counter(
        message["metadata"]["event_payload"]["ref_id"] for message in fake.messages()
    )
    assert len(delivered) == PEOPLE and set(delivered.values()) == {1}
    assert len(fake.calls("chat.postMessage")) == PEOPLE + 9  # the nine 429s, each retried
