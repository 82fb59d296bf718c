"""A pulse survey in Teams from end to end: the outbox sends the whole survey as one Adaptive
Card; Alice fills it in and presses Send; the card turns into the thanks and one answer is
stored."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from bot.people.entries import DirectoryEntry, Source
from storage.tables import OutboxRow, ResponseRow
from tests.fakes.bot_connector import FakeBotConnector
from tests.teams.support import ALICE, install_activity, running, settings_for
from tests.teams.test_proactive import execute_invoke


async def test_alice_answers_the_weekly_pulse_on_one_card(
    database_url: str, fake: FakeBotConnector
) -> None:
    async with running(settings_for(database_url, fake)) as server:
        await server.post_activity(install_activity(fake.service_url))
        services = server.services
        await services.directory.store(
            [DirectoryEntry(ref=ALICE, timezone="Europe/Berlin")], source=Source.IMPORT
        )
        report = await services.surveys.send_now("weekly-impact")
        assert [ref for ref, _ in report.asked] == [ALICE]
        due = datetime.now(UTC) - timedelta(minutes=1)  # her window has come
        await services.database.run(
            lambda session: session.execute(update(OutboxRow).values(due_at=due))
        )
        fake.reset()
        services.dispatcher.wake()
        for _ in range(100):
            if fake.sent_activities:
                break
            await asyncio.sleep(0.05)
        [sent] = fake.sent_activities
        card = sent.json["attachments"][0]["content"]
        assert card["version"] == "1.5"
        [send] = card["actions"]
        # Teams merges the inputs into the action's data.
        data: dict[str, Any] = {
            **send["data"],
            "helped": "yes",
            "what": "Summarised the audit findings",
            "time_saved": "1_3h",
        }
        pressed = {"type": "Action.Execute", "title": send["title"], "data": data}
        status, body = await server.post_activity(
            execute_invoke(fake.service_url, sent.response["id"], pressed)
        )
        again, _ = await server.post_activity(
            execute_invoke(fake.service_url, sent.response["id"], pressed)
        )
        rows = await services.database.run(
            lambda session: session.execute(select(ResponseRow.answers)).all()
        )
    assert status == 200 and again == 200
    assert "Thanks — recorded." in str(body["value"])
    assert "Summarised the audit findings" in str(body["value"])
    assert [row.answers for row in rows] == [
        {"helped": "yes", "what": "Summarised the audit findings", "time_saved": "1_3h"}
    ]
