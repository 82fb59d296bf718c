"""Teams' native feedback loop on answers Groundswell relays, end to end over HTTP."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.feedback.relay import Relay
from tests.fakes.bot_connector import FakeBotConnector
from tests.teams.support import (
    ALICE,
    PERSONAL_CHAT,
    Running,
    activity,
    fixture_payload,
    install_activity,
    running,
    settings_for,
)


async def relay_answer(server: Running, fake: FakeBotConnector) -> tuple[int, str]:
    """Alice installs the app, then an AI answer is relayed to her; returns (output, msg id)."""
    status, _ = await server.post_activity(install_activity(fake.service_url))
    assert status in (200, 202)
    relay = Relay(server.messenger, server.services.outputs)
    output_id = await relay.to_person(ALICE, "Q3 revenue was 4.2 M€.", assistant="finance-bot")
    return output_id, fake.sent_activities[-1].response["id"]


def feedback_invoke(fake: FakeBotConnector, reply_to: str, **action_value: Any) -> dict[str, Any]:
    """The documented message/submitAction invoke, in Alice's chat, for our message."""
    documented = fixture_payload("invoke_message_submitAction_feedback.docs_example.json")
    value = documented["value"]
    value["actionValue"] = action_value
    return activity(
        fake.service_url,
        "invoke",
        id="f:feedback-invoke-1",
        name=documented["name"],
        value=value,
        replyToId=reply_to,
    )


async def test_relayed_answer_carries_feedback_loop_and_ai_label(
    database_url: str, fake: FakeBotConnector
) -> None:
    async with running(settings_for(database_url, fake)) as server:
        await relay_answer(server, fake)
    sent = fake.sent_activities[-1]
    assert sent.conversation_id == PERSONAL_CHAT
    assert sent.json["channelData"]["feedbackLoop"] == {"type": "default"}
    assert "feedbackLoopEnabled" not in sent.json["channelData"]
    assert sent.json["entities"] == [
        {
            "type": "https://schema.org/Message",
            "@type": "Message",
            "@context": "https://schema.org",
            "@id": "",
            "additionalType": ["AIGeneratedContent"],
        }
    ]


async def test_dislike_with_text_is_stored_once_and_answered_200_empty_object(
    database_url: str, fake: FakeBotConnector
) -> None:
    async with running(settings_for(database_url, fake)) as server:
        output_id, message_id = await relay_answer(server, fake)
        invoke = feedback_invoke(
            fake,
            message_id,
            reaction="dislike",
            feedback=json.dumps({"feedbackText": "It used last year's numbers."}),
        )
        calls_before = len(fake.calls)

        first = await server.post_activity(invoke)
        second = await server.post_activity(invoke)
        items = await server.feedback_items()

    assert first == (200, {})
    assert second == (200, {})
    assert len(fake.calls) == calls_before  # nothing posted into the chat
    assert len(items) == 1
    [item] = items
    assert item["rating"] == "down"
    assert item["comment"] == "It used last year's numbers."
    assert item["source"] == "button"
    assert item["output"]["id"] == output_id
    assert item["user"] == ALICE.user_id


async def test_like_then_dislike_leaves_the_dislike_standing(
    database_url: str, fake: FakeBotConnector
) -> None:
    async with running(settings_for(database_url, fake)) as server:
        _, message_id = await relay_answer(server, fake)
        like = feedback_invoke(fake, message_id, reaction="like")
        dislike = feedback_invoke(fake, message_id, reaction="dislike")
        dislike["id"] = "f:feedback-invoke-2"
        dislike["timestamp"] = "2026-11-27T09:05:00.000Z"
        assert await server.post_activity(like) == (200, {})
        assert await server.post_activity(dislike) == (200, {})
        items = await server.feedback_items()
    assert [(i["rating"], i["current"]) for i in items] == [("up", False), ("down", True)]


@pytest.mark.parametrize(
    ("action_value", "stored"),
    [
        ({"reaction": "like", "feedback": "test feedback"}, ("up", "test feedback")),
        ({"reaction": "like"}, ("up", None)),
        ({"reaction": "heart", "feedback": '{"feedbackText": "lovely"}'}, (None, "lovely")),
        ({"reaction": "dislike", "feedback": "{not json"}, ("down", "{not json")),
        ({"reaction": "dislike", "feedback": 42}, ("down", None)),
        ({"reaction": ["odd"], "feedback": '{"feedbackText": 7}'}, None),
        ({}, None),
    ],
)
async def test_odd_feedback_values_are_stored_as_far_as_they_make_sense(
    database_url: str,
    fake: FakeBotConnector,
    action_value: dict[str, Any],
    stored: tuple[str | None, str | None] | None,
) -> None:
    async with running(settings_for(database_url, fake)) as server:
        _, message_id = await relay_answer(server, fake)
        status, body = await server.post_activity(feedback_invoke(fake, message_id, **action_value))
        items = await server.feedback_items()
    assert (status, body) == (200, {})
    assert [(i["rating"], i["comment"]) for i in items] == ([stored] if stored else [])


async def test_feedback_for_an_unknown_message_keeps_the_words_without_a_link(
    database_url: str, fake: FakeBotConnector
) -> None:
    async with running(settings_for(database_url, fake)) as server:
        invoke = feedback_invoke(fake, "999", reaction="dislike", feedback="wrong")
        assert await server.post_activity(invoke) == (200, {})
        [item] = await server.feedback_items()
    assert (item["rating"], item["comment"], item["output"]) == ("down", "wrong", None)
