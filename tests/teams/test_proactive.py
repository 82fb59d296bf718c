"""Proactive messages from stored references, after a restart, and the answers coming back."""

from __future__ import annotations

import time
from typing import Any

import pytest

from adapters.teams.messenger import TeamsMessenger
from bot.chat.answers import SURVEY_ANSWER, Answer
from bot.chat.commands import Reply
from bot.chat.messenger import Choice, Outgoing, Unreachable
from bot.records import PersonRef, Platform
from tests.fakes.bot_connector import FakeBotConnector
from tests.teams.support import (
    ALICE,
    BOT_ID,
    CHANNEL,
    PERSONAL_CHAT,
    TENANT,
    activity,
    channel_install,
    fixture_payload,
    install_activity,
    running,
    settings_for,
)

QUESTION = Outgoing(
    kind="survey",
    ref_id="run-7",
    text="Did the assistant save you time this week?",
    choices=(
        Choice(label="Yes", action=SURVEY_ANSWER, value="run-7:yes", primary=True),
        Choice(label="No", action=SURVEY_ANSWER, value="run-7:no"),
    ),
)


def execute_invoke(service_url: str, reply_to: str, action: dict[str, Any]) -> dict[str, Any]:
    """Alice presses the button: shaped like the real adaptiveCard/action capture."""
    raw = fixture_payload("invoke_adaptiveCard_action_execute.real_capture.json")
    raw.update(
        serviceUrl=service_url,
        replyToId=reply_to,
        recipient={"id": BOT_ID, "name": "Groundswell"},
        conversation={"id": PERSONAL_CHAT, "conversationType": "personal", "tenantId": TENANT},
        channelData={"tenant": {"id": TENANT}, "source": {"name": "message"}},
    )
    raw["from"] = {"id": ALICE.user_id, "name": "Alice Example", "aadObjectId": "aad-alice"}
    raw["value"] = {"action": action, "trigger": "manual"}
    return raw


async def test_card_from_stored_reference_after_restart_and_its_answer_reaches_the_domain(
    database_url: str, fake: FakeBotConnector
) -> None:
    settings = settings_for(database_url, fake)
    async with running(settings) as first:
        status, _ = await first.post_activity(install_activity(fake.service_url))
        assert status in (200, 202)

    received: list[Answer] = []

    async def on_survey_answer(answer: Answer) -> Reply:
        received.append(answer)
        return Reply(text="Thanks, noted.")

    async with running(settings) as second:  # a new process on the same database
        second.services.answers.on(SURVEY_ANSWER, on_survey_answer)
        fake.reset()
        sent = await second.messenger.send_dm(ALICE, QUESTION)

        [call] = fake.sent_activities
        assert call.path == f"/v3/conversations/{PERSONAL_CHAT}/activities"
        assert sent.message_id == call.response["id"]
        [attachment] = call.json["attachments"]
        assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
        card = attachment["content"]
        assert card["version"] == "1.5"
        yes = card["actions"][0]
        assert yes["type"] == "Action.Execute"
        assert yes["fallback"]["type"] == "Action.Submit"

        # Teams sends the action back with the card's data (and no verb, like the capture).
        pressed = {"type": "Action.Execute", "title": yes["title"], "data": yes["data"]}
        status, body = await second.post_activity(
            execute_invoke(fake.service_url, sent.message_id, pressed)
        )

    assert status == 200
    assert body["statusCode"] == 200
    assert body["type"] == "application/vnd.microsoft.card.adaptive"
    assert "Thanks, noted." in body["value"]["body"][0]["text"]
    assert "actions" not in body["value"]  # answered: no buttons left to press twice
    [answer] = received
    assert answer.action == SURVEY_ANSWER
    assert answer.value == "run-7:yes"
    assert answer.person == ALICE
    assert answer.message is not None and answer.message.message_id == sent.message_id


async def test_throttling_slows_the_sender_and_then_delivers(
    database_url: str, fake: FakeBotConnector
) -> None:
    async with running(settings_for(database_url, fake)) as server:
        await server.post_activity(install_activity(fake.service_url))
        fake.reset()
        fake.fail_next(1, status=429, retry_after=1)
        started = time.monotonic()
        sent = await server.messenger.send_dm(ALICE, Outgoing(kind="note", text="hello"))
        elapsed = time.monotonic() - started
    assert elapsed >= 1.0
    assert [c.status for c in fake.calls_to("POST")] == [429, 201]
    assert sent.message_id == fake.sent_activities[0].response["id"]


async def test_a_person_who_removed_the_app_is_unreachable_and_not_retried(
    database_url: str, fake: FakeBotConnector
) -> None:
    async with running(settings_for(database_url, fake)) as server:
        await server.post_activity(install_activity(fake.service_url))
        fake.reset()
        fake.fail_conversation(PERSONAL_CHAT, status=403)
        with pytest.raises(Unreachable) as raised:
            await server.messenger.send_dm(ALICE, Outgoing(kind="note", text="hello"))
    assert raised.value.person == ALICE
    assert "BotNotInConversationRoster" in raised.value.reason
    assert len(fake.calls) == 1


async def test_a_person_never_met_is_unreachable_without_any_call(
    database_url: str, fake: FakeBotConnector
) -> None:
    stranger = PersonRef(platform=Platform.TEAMS, tenant=TENANT, user_id="29:stranger")
    async with running(settings_for(database_url, fake)) as server:
        with pytest.raises(Unreachable) as raised:
            await server.messenger.send_dm(stranger, Outgoing(kind="note", text="hello"))
    assert "not installed" in raised.value.reason
    assert fake.calls == []


async def test_person_met_in_a_channel_gets_a_new_1to1_chat_or_is_unreachable(
    database_url: str, fake: FakeBotConnector
) -> None:
    bob = PersonRef(platform=Platform.TEAMS, tenant=TENANT, user_id="29:bob")
    carol = PersonRef(platform=Platform.TEAMS, tenant=TENANT, user_id="29:carol")
    async with running(settings_for(database_url, fake)) as server:
        for person, activity_id in ((bob, "1"), (carol, "2")):
            said = activity(
                fake.service_url,
                id=activity_id,
                text="<at>Groundswell</at> help",
                conversation={"id": CHANNEL, "conversationType": "channel", "isGroup": True},
            )
            said["from"] = {"id": person.user_id}
            assert (await server.post_activity(said))[0] in (200, 202)
        fake.reset()
        fake.fail_user(carol.user_id, status=403)

        sent = await server.messenger.send_dm(bob, Outgoing(kind="note", text="hi Bob"))
        with pytest.raises(Unreachable):
            await server.messenger.send_dm(carol, Outgoing(kind="note", text="hi Carol"))
        again = await server.messenger.send_dm(bob, Outgoing(kind="note", text="again"))

    created, refused = [c for c in fake.calls if c.path == "/v3/conversations"]
    assert (created.status, refused.status) == (201, 403)
    assert created.json["members"] == [{"id": bob.user_id}]
    assert created.json["tenantId"] == TENANT
    # The new 1:1 chat was kept: the second message to Bob opened no new conversation.
    assert sent.channel == again.channel == created.response["id"]


async def test_post_to_channel_and_update_the_card(
    database_url: str, fake: FakeBotConnector
) -> None:
    installed, channel, tenant = channel_install(fake.service_url)
    async with running(settings_for(database_url, fake)) as server:
        assert (await server.post_activity(installed))[0] in (200, 202)
        fake.reset()
        messenger: TeamsMessenger = server.messenger
        posted = await messenger.post_to_channel(tenant, channel, QUESTION)
        reply = await messenger.post_to_channel(
            tenant, channel, Outgoing(kind="note", text="in thread"), thread=posted.message_id
        )
        await messenger.update_message(posted, Outgoing(kind="note", text="closed"))
    first, second = fake.sent_activities
    assert first.conversation_id == channel
    assert second.conversation_id == f"{channel};messageid={posted.message_id}"
    assert reply.channel == channel
    [put] = fake.calls_to("PUT")
    assert put.activity_id == posted.message_id
    assert put.json["text"] == "closed"
