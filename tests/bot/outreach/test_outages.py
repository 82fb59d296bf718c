"""A platform that stops answering during a fan-out is one log line when sends start failing
and one when they work again, not a line per message; every message still goes out once."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from bot.outreach.budget import BudgetLimits
from bot.outreach.outbox import Outreach, Send
from bot.people.service import PeopleService
from bot.records import Budget, OutboxStatus, PersonRef, Platform
from storage.database import Database
from tests.bot.outreach.test_followups import SURVEY
from tests.support.messenger import RecordingMessenger
from tests.support.secrets import FINGERPRINT_KEY

PEOPLE = [PersonRef(platform=Platform.SLACK, tenant="T1", user_id=f"U{n}") for n in range(6)]


async def test_an_outage_is_one_line_each_way_and_every_message_goes_out_once(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    people = PeopleService(database, [], fingerprint_key=FINGERPRINT_KEY)
    outreach = Outreach(database, BudgetLimits(messages=100))
    slack = RecordingMessenger(down=True)
    outreach.use(Platform.SLACK, slack)
    for person in PEOPLE:
        await people.see(person)
        send = Send(person=person, message=SURVEY, key=f"s:{person.user_id}", budget=Budget.SURVEY)
        await outreach.decide(send)
    caplog.set_level(logging.INFO, logger="bot")

    failed = [await outreach.deliver(item) for item in await outreach.claim_due(20)]
    during = [r.getMessage() for r in caplog.records]
    caplog.clear()
    slack.down = False
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=5), tick=True):
        sent = [await outreach.deliver(item) for item in await outreach.claim_due(20)]
    after = [r.getMessage() for r in caplog.records]

    assert failed == [OutboxStatus.PENDING] * len(PEOPLE)
    assert sent == [OutboxStatus.SENT] * len(PEOPLE)
    assert sorted(d.person.user_id for d in slack.delivered) == sorted(p.user_id for p in PEOPLE)
    assert len(during) == 1 and during[0].startswith("sending to slack unavailable")
    assert len(after) == 1 and after[0].startswith("sending to slack works again")
    assert "(6 failed meanwhile)" in after[0]
