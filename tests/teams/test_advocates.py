"""The advocate flow in Teams, against the fake Bot Connector: a lead's `advocates` in the 1:1
chat brings candidate cards, Approve sends the invitation card, the person accepts."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.advocacy.wins import WinReport
from bot.records import FeedbackSource
from tests.fakes.bot_connector import FakeBotConnector, RecordedCall
from tests.teams.support import ALICE, BOT_ID, TENANT, activity, running, settings_for
from tests.teams.test_feedback_loop import feedback_invoke, relay_answer

LEAD = "29:1lead-teams-user"
LEAD_CHAT = "a:1personal-chat-with-lead"


def from_lead(service_url: str, **fields: Any) -> dict[str, Any]:
    return activity(
        service_url,
        **{
            "from": {"id": LEAD, "name": "Lee Lead", "aadObjectId": "aad-lead"},
            "recipient": {"id": BOT_ID, "name": "Groundswell"},
            "conversation": {"id": LEAD_CHAT, "conversationType": "personal", "tenantId": TENANT},
            **fields,
        },
    )


async def sent(fake: FakeBotConnector, count: int, within: float = 5.0) -> list[RecordedCall]:
    """The first `count` activities sent, once they all are (the outbox sends after the reply)."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        found = fake.sent_activities
        if len(found) >= count or asyncio.get_running_loop().time() > deadline:
            return found[:count]
        await asyncio.sleep(0.02)


def card_of(call: RecordedCall) -> dict[str, Any]:
    content: dict[str, Any] = call.json["attachments"][0]["content"]
    return content


def press(card: dict[str, Any], action: str) -> dict[str, Any]:
    """The fields of the invoke Teams sends when a card's button is pressed."""
    chosen = next(a for a in card["actions"] if a["data"]["gs_action"] == action)
    return {
        "type": "invoke",
        "name": "adaptiveCard/action",
        "value": {
            "action": {"type": "Action.Execute", "verb": chosen["verb"], "data": chosen["data"]}
        },
    }


async def test_lead_approves_in_teams_and_the_person_accepts(
    database_url: str, fake: FakeBotConnector
) -> None:
    settings = settings_for(database_url, fake)
    settings.core.leads = [f"teams:{LEAD}"]
    url = fake.service_url
    async with running(settings) as server:
        await server.services.wins.record(
            WinReport(
                key="earlier",
                person=ALICE,
                source=FeedbackSource.COMMAND,
                text="the assistant drafted the supplier letter and it went out that day",
                occurred_at=datetime.now(UTC) - timedelta(days=4),
            )
        )
        won = activity(url, id="1", text="win reconciled the March accounts, saved me 3 hours")
        await server.post_activity(won)
        await server.post_activity(from_lead(url, id="2", text="advocates"))
        won_reply, listed, review = await sent(fake, 3)
        approve = press(card_of(review), "advocate_approve")
        status, approved = await server.post_activity(from_lead(url, id="3", **approve))
        invitation = (await sent(fake, 4))[-1]
        accept = press(card_of(invitation), "champion_accept")
        status2, welcomed = await server.post_activity(activity(url, id="4", **accept))
        [champion] = await server.services.advocacy.service.list(("champion",))
    assert "Your win is recorded" in won_reply.json["text"]
    assert "1 advocate candidate" in listed.json["text"]
    assert review.conversation_id == LEAD_CHAT and "2 wins on 2 days" in str(card_of(review))
    assert (status, status2) == (200, 200)
    assert approved["value"]["body"][0]["text"].startswith("✅ Approved")
    assert invitation.conversation_id != LEAD_CHAT
    assert "Champion the AI assistant?" in str(card_of(invitation))
    assert "Welcome aboard" in str(welcomed["value"])
    assert (champion.ref, champion.reviewer) == (ALICE, f"teams:{LEAD}")


async def test_a_win_told_in_the_teams_feedback_form_is_stored_as_one(
    database_url: str, fake: FakeBotConnector
) -> None:
    words = "It drafted the supplier reply and I sent it within minutes, saved me an hour"
    async with running(settings_for(database_url, fake)) as server:
        _, message_id = await relay_answer(server, fake)
        liked = feedback_invoke(
            fake, message_id, reaction="like", feedback=json.dumps({"feedbackText": words})
        )
        assert (await server.post_activity(liked))[0] == 200
        [win] = await server.services.wins.list_for(ALICE)
    assert (win.text, win.source.value, win.detected, win.minutes_saved) == (
        words,
        "button",
        True,
        60,
    )
    assert win.evidence and win.evidence in words
