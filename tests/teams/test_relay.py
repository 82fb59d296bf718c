"""Relay mode for Teams over HTTP: `POST /api/v1/outputs` with `post` and `platform: teams`
posts through the fake Bot Connector with the feedback loop, and the click comes back."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import text

from adapters.slack.mount import mount_slack
from tests.fakes.bot_connector import FakeBotConnector
from tests.teams.support import (
    API_TOKEN,
    PERSONAL_CHAT,
    TENANT,
    USER,
    Running,
    activity,
    channel_install,
    fixture_payload,
    install_activity,
    running,
    settings_for,
)

HEADERS = {"Authorization": f"Bearer {API_TOKEN}"}
AI_LABEL = {
    "type": "https://schema.org/Message",
    "@type": "Message",
    "@context": "https://schema.org",
    "@id": "",
    "additionalType": ["AIGeneratedContent"],
}


def relay_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "platform": "teams",
        "workspace": TENANT,
        "channel": PERSONAL_CHAT,
        "assistant": "finance-bot",
        "use_case": "reporting",
        "trace_id": "trace-7",
        "post": {"text": "Q3 revenue was *4.2 M€*.\n\n- up 3 %"},
    }
    body.update(changes)
    return body


async def post_output(server: Running, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    async with server.http.post(f"{server.url}/api/v1/outputs", json=body, headers=HEADERS) as r:
        answer: dict[str, Any] = await r.json()
        return r.status, answer


async def count_outputs(server: Running) -> int:
    found: int = await server.services.database.run(
        lambda session: session.scalar(text("SELECT count(*) FROM ai_outputs"))
    )
    return found


async def test_relay_posts_with_feedback_loop_and_the_click_comes_back_as_a_rating(
    database_url: str, fake: FakeBotConnector
) -> None:
    async with running(settings_for(database_url, fake)) as server:
        assert (await server.post_activity(install_activity(fake.service_url)))[0] in (200, 202)
        fake.reset()
        status, answer = await post_output(server, relay_body())
        [sent] = fake.sent_activities
        documented = fixture_payload("invoke_message_submitAction_feedback.docs_example.json")
        documented["value"]["actionValue"] = {
            "reaction": "dislike",
            "feedback": json.dumps({"feedbackText": "Q3 was 4.0 M€."}),
        }
        invoke = activity(
            fake.service_url,
            "invoke",
            id="f:relay-feedback-1",
            name=documented["name"],
            value=documented["value"],
            replyToId=answer["message_id"],
        )
        clicked = await server.post_activity(invoke)
        again = await server.post_activity(invoke)
        [item] = await server.feedback_items()

    assert status == 201
    assert answer["message_id"] == sent.response["id"]
    assert (answer["channel"], answer["created"]) == (PERSONAL_CHAT, True)
    assert sent.method == "POST" and sent.conversation_id == PERSONAL_CHAT
    assert sent.activity_id is None  # a new message, not a reply
    assert sent.json["channelData"]["feedbackLoop"] == {"type": "default"}
    assert sent.json["entities"] == [AI_LABEL]
    # The AI app's Markdown arrives as it wrote it.
    assert sent.json["text"] == "Q3 revenue was *4.2 M€*.\n\n- up 3 %"
    assert clicked == again == (200, {})
    assert (item["rating"], item["comment"], item["user"]) == ("down", "Q3 was 4.0 M€.", USER)
    assert item["output"]["id"] == answer["id"]
    assert (item["output"]["assistant"], item["output"]["trace_id"]) == ("finance-bot", "trace-7")


async def test_relay_into_a_channel_thread_and_as_a_reply_in_a_chat(
    database_url: str, fake: FakeBotConnector
) -> None:
    installed, channel, tenant = channel_install(fake.service_url)
    async with running(settings_for(database_url, fake)) as server:
        assert (await server.post_activity(installed))[0] in (200, 202)
        assert (await server.post_activity(install_activity(fake.service_url)))[0] in (200, 202)
        fake.reset()
        thread = {"text": "a", "thread_ts": "1700000000123"}
        in_thread = relay_body(workspace=tenant, channel=channel, post=thread)
        status, answer = await post_output(server, in_thread)
        reply = relay_body(post={"text": "b", "thread_ts": "f:question-1"})
        reply_status, _ = await post_output(server, reply)
    assert (status, reply_status) == (201, 201)
    threaded, replied = fake.sent_activities
    assert threaded.conversation_id == f"{channel};messageid=1700000000123"
    assert answer["channel"] == channel  # stored where feedback will name it
    assert (replied.conversation_id, replied.activity_id) == (PERSONAL_CHAT, "f:question-1")


async def test_relay_refusals_name_the_field_and_write_nothing(
    database_url: str, fake: FakeBotConnector
) -> None:
    async with running(settings_for(database_url, fake)) as server:
        unknown = await post_output(server, relay_body(channel="a:never-met"))
        assert (await server.post_activity(install_activity(fake.service_url)))[0] in (200, 202)
        fake.reset()
        blocks = await post_output(
            server, relay_body(post={"text": "x", "blocks": [{"type": "divider"}]})
        )
        other_tenant = await post_output(server, relay_body(workspace="another-tenant"))
        bad_thread = await post_output(server, relay_body(post={"text": "x", "thread_ts": "a/b"}))
        fake.fail_conversation(PERSONAL_CHAT, status=403)
        removed = await post_output(server, relay_body())
        fake.clear_failures()
        fake.fail_next(4, status=429, retry_after=0)
        throttled = await post_output(server, relay_body())
        written = await count_outputs(server)

    def summary(result: tuple[int, dict[str, Any]]) -> tuple[int, str, list[str]]:
        status, body = result
        return status, body["error"], [field["field"] for field in body["fields"]]

    assert summary(unknown) == (404, "unknown_conversation", ["channel"])
    assert summary(other_tenant) == (404, "unknown_conversation", ["channel"])
    assert summary(blocks) == (400, "invalid_request", ["post.blocks"])
    assert summary(bad_thread) == (400, "invalid_request", ["post.thread_ts"])
    assert summary(removed) == (409, "unreachable", ["channel"])
    assert "BotNotInConversationRoster" in removed[1]["fields"][0]["message"]
    assert summary(throttled) == (503, "throttled", ["post"])
    assert written == 0
    assert fake.sent_activities == []


async def test_relay_to_teams_without_teams_is_a_clear_409_naming_post(
    database_url: str, fake: FakeBotConnector
) -> None:
    # Slack alone (and not even configured): the API is there, no Teams relay.
    async with running(settings_for(database_url, fake), mounters=[mount_slack]) as server:
        status, body = await post_output(server, relay_body())
        written = await count_outputs(server)
    assert (status, body["error"], body["fields"][0]["field"]) == (409, "relay_unavailable", "post")
    assert "teams" in body["message"]
    assert written == 0
    assert fake.calls == []
