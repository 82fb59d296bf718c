"""Slack stops answering chat.postMessage during a fan-out: the log says so once when sends
start failing and once when they work again, not a line per message, and every message still
goes out once."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from bot.outreach.outbox import Send
from bot.records import Budget, PersonRef, Platform
from tests.bot.outreach.test_followups import SURVEY
from tests.fakes.slack_web_api import FakeSlackWebApi
from tests.slack.harness import TEAM, running

PEOPLE = [PersonRef(platform=Platform.SLACK, tenant=TEAM, user_id=f"U{n:04d}") for n in range(6)]


async def test_an_outage_is_one_line_each_way_and_every_message_goes_out_once(
    database_url: str, fake: FakeSlackWebApi, caplog: pytest.LogCaptureFixture
) -> None:
    fake.fail_next("chat.postMessage", status=500, times=len(PEOPLE))
    caplog.set_level(logging.INFO, logger="bot")
    async with running(database_url, fake) as server:
        for person in PEOPLE:
            await server.services.people.see(person)
            await server.services.outreach.decide(
                Send(person=person, message=SURVEY, key=f"s:{person.user_id}", budget=Budget.SURVEY)
            )
        server.services.dispatcher.wake()
        await fake.wait_for_call("chat.postMessage", count=len(PEOPLE), within=10)
        during = [r.getMessage() for r in caplog.records if r.name.startswith("bot.")]
        caplog.clear()
        # Each failed send is retried after its backoff (a minute for the first attempt).
        with time_machine.travel(datetime.now(UTC) + timedelta(minutes=5), tick=True):
            server.services.dispatcher.wake()
            for _ in range(200):
                counts = await server.services.outreach.counts()
                if counts.get("sent", 0) >= len(PEOPLE):
                    break
                await asyncio.sleep(0.05)
        after = [r.getMessage() for r in caplog.records if r.name.startswith("bot.")]
    delivered = [call.params.get("channel") for call in fake.calls("chat.postMessage")]
    assert counts == {"sent": len(PEOPLE)}
    assert len(delivered) == 2 * len(PEOPLE)  # six refused, six sent, none twice
    assert len(during) == 1 and during[0].startswith("sending to slack unavailable")
    assert len(after) == 1 and after[0].startswith("sending to slack works again")
    assert "(6 failed meanwhile)" in after[0]
