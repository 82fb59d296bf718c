"""kill -9 `groundswell serve` in the middle of a survey fan-out, restart it: nobody is asked
twice and nobody is missed.

Kill points: right after the first messages, half way through, and while Slack has posted
messages whose answers have not reached us yet (the restart must find those in the DM's
history, by the metadata every message carries, instead of posting them again).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from bot.people.entries import DirectoryEntry, Source
from bot.records import PersonRef, Platform
from bot.services import build_services
from storage.migrate import upgrade
from storage.tables import OutboxRow
from tests.fakes.slack_web_api import FakeSlackWebApi
from tests.slack.harness import API_TOKEN, BOT_TOKEN, SECRET
from tests.support.process import ServeProcess, clean_environment, unsent_messages
from tests.support.server import make_settings

PEOPLE = 150
TEAM = "T111"


async def survey_planned(url: str) -> None:
    """A run of the weekly pulse, written before serve starts, every message due now."""
    services = build_services(make_settings(url))
    try:
        await services.directory.store(
            [
                DirectoryEntry(
                    ref=PersonRef(platform=Platform.SLACK, tenant=TEAM, user_id=f"U{n:05d}"),
                    timezone="UTC",
                )
                for n in range(PEOPLE)
            ],
            source=Source.IMPORT,
        )
        report = await services.surveys.send_now("weekly-impact")
        assert len(report.asked) == PEOPLE
        due = datetime.now(UTC) - timedelta(minutes=1)
        # The people's windows have come (the clock of a subprocess cannot be travelled).
        await services.database.run(
            lambda session: session.execute(update(OutboxRow).values(due_at=due))
        )
    finally:
        await services.close()


async def all_sent(database: Path, within: float = 60.0) -> None:
    deadline = time.monotonic() + within
    while unsent_messages(database):
        assert time.monotonic() < deadline, f"{unsent_messages(database)} messages never went out"
        await asyncio.sleep(0.2)


@pytest.mark.parametrize("kill_point", ["first_messages", "half_way", "answers_in_flight"])
async def test_a_fan_out_killed_mid_way_asks_everyone_exactly_once(
    tmp_path: Path, kill_point: str
) -> None:
    database = tmp_path / "gs.db"
    url = f"sqlite:///{database}"
    upgrade(url)
    await survey_planned(url)
    async with FakeSlackWebApi(bot_user_id="UGROUNDSWELL", team_id=TEAM) as fake:
        if kill_point == "answers_in_flight":
            fake.delay("chat.postMessage", 0.5)  # posted at once, answered late
        env = clean_environment(
            GROUNDSWELL_DATABASE_URL=url,
            GROUNDSWELL_API_TOKENS=API_TOKEN,
            SLACK_SIGNING_SECRET=SECRET,
            SLACK_BOT_TOKEN=BOT_TOKEN,
            GROUNDSWELL_SLACK_API_URL=fake.url,
            GROUNDSWELL_SLACK_SEND_RATE="200",
        )
        serve = ServeProcess(env, tmp_path)
        await serve.start()
        kill_after = {"first_messages": 1, "half_way": PEOPLE // 2, "answers_in_flight": 20}
        await fake.wait_for_call("chat.postMessage", count=kill_after[kill_point], within=60)
        serve.kill_hard()
        await serve.wait_dead()
        assert unsent_messages(database), "the fan-out finished before the kill"
        fake.delay("chat.postMessage", 0)
        restarted = ServeProcess(env, tmp_path, port=serve.port)
        await restarted.start()
        try:
            await all_sent(database)
        finally:
            await restarted.stop()
        per_person = Counter(call.params["channel"] for call in fake.calls("chat.postMessage"))
        delivered = Counter(
            message["metadata"]["event_payload"]["ref_id"] for message in fake.messages()
        )
        looked = len(fake.calls("conversations.history"))
    if kill_point == "answers_in_flight":
        assert looked, "the restart resent without looking in the DMs first"
    assert len(per_person) == PEOPLE  # nobody missed
    assert len(delivered) == PEOPLE and set(delivered.values()) == {1}  # nobody asked twice
