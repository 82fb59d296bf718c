"""Reactions on AI answers become ratings; everything else is ignored cheaply."""

from __future__ import annotations

import asyncio

from tests.fakes.slack_web_api import FakeSlackWebApi
from tests.slack.harness import API_TOKEN, Server, reaction_envelope


async def test_thumbs_up_with_skin_tone_on_assistant_answer_is_an_up_rating(server: Server) -> None:
    response = await server.event(reaction_envelope("Ev1", reaction="+1::skin-tone-2"))
    assert response.status == 200
    items = await server.wait_for_feedback(1)
    assert [(i["rating"], i["source"], i["user"], i["current"]) for i in items] == [
        ("up", "reaction", "U1PERSON", True)
    ]
    assert items[0]["output"]["assistant"] == "U0AIBOT"
    assert items[0]["output"]["message_id"] == "1700000000.000100"


async def test_removing_the_reaction_retracts_it(server: Server) -> None:
    await server.event(reaction_envelope("Ev1", reaction="+1::skin-tone-2"))
    await server.wait_for_feedback(1)
    response = await server.event(reaction_envelope("Ev2", reaction="+1", removed=True))
    assert response.status == 200
    for _ in range(100):
        items = await server.feedback()
        if items[0]["retracted_at"] is not None:
            break
        await asyncio.sleep(0.02)
    assert items[0]["current"] is False
    assert items[0]["retracted_at"] is not None


async def test_thumbs_down_asks_what_went_wrong_exactly_once(
    server: Server, fake: FakeSlackWebApi
) -> None:
    await server.event(reaction_envelope("Ev1", reaction="-1"))
    await fake.wait_for_call("chat.postEphemeral")
    # The same person on the same answer again (a new event) gets no second question.
    await server.event(reaction_envelope("Ev2", reaction="thumbsdown::skin-tone-5"))
    await server.wait_for_feedback(2)
    await server.drained()
    [ephemeral] = fake.calls("chat.postEphemeral")
    assert ephemeral.params["user"] == "U1PERSON"
    assert ephemeral.params["channel"] == "C1"
    button = ephemeral.json_param("blocks")[1]["elements"][0]
    assert button["action_id"] == "form:what_went_wrong"
    assert button["value"].isdigit()
    assert fake.calls("chat.postMessage") == []


async def test_thumbs_up_offers_a_win_at_most_once_a_week(
    server: Server, fake: FakeSlackWebApi
) -> None:
    await server.event(reaction_envelope("Ev1", reaction="thumbsup"))
    await fake.wait_for_call("chat.postEphemeral")
    await server.event(reaction_envelope("Ev2", reaction="+1", ts="1700000000.000999"))
    await server.wait_for_feedback(2)
    await server.drained()
    [ephemeral] = fake.calls("chat.postEphemeral")
    assert "something real done" in ephemeral.params["text"]
    assert ephemeral.json_param("blocks")[1]["elements"][0]["action_id"] == "form:share_win"


async def test_the_same_event_three_times_is_one_rating(
    server: Server, fake: FakeSlackWebApi
) -> None:
    envelope = reaction_envelope("EvSame", reaction="-1")
    statuses = [(await server.event(envelope)).status]
    statuses += [
        (await server.event(envelope, retry_num=n, retry_reason="http_timeout")).status
        for n in (1, 2)
    ]
    assert statuses == [200, 200, 200]
    await server.wait_for_feedback(1)
    await server.drained()
    assert len(await server.feedback()) == 1
    assert len(fake.calls("chat.postEphemeral")) == 1


async def test_reactions_on_other_messages_cost_nothing(
    server: Server, fake: FakeSlackWebApi
) -> None:
    await server.event(reaction_envelope("Ev1", item_user="UHUMAN"))  # a person's message
    await server.event(reaction_envelope("Ev2", reaction="tada"))  # not a thumb
    await server.event(reaction_envelope("Ev3", user="U0AIBOT"))  # a bot rating itself
    await server.drained()
    assert await server.feedback() == []
    # Bolt's one cached auth.test is all: no other Web API call, and nothing was written.
    assert {call.method for call in fake.calls()} <= {"auth.test"}
    from sqlalchemy import text

    counts = await server.services.database.run(
        lambda session: [
            session.scalar(text(f"SELECT count(*) FROM {table}"))
            for table in ("feedback", "people")
        ]
    )
    assert counts == [0, 0]


async def test_reaction_on_an_answer_registered_through_the_api_counts(server: Server) -> None:
    body = {
        "platform": "slack",
        "workspace": "T111",
        "channel": "C9",
        "message_id": "1700000000.000500",
        "assistant": "helpdesk-bot",
    }
    headers = {"Authorization": f"Bearer {API_TOKEN}"}
    async with server.http.post(f"{server.url}/api/v1/outputs", json=body, headers=headers) as r:
        assert r.status == 201
    await server.event(
        reaction_envelope(
            "Ev1", reaction="-1", item_user="UOTHERBOT", channel="C9", ts="1700000000.000500"
        )
    )
    [item] = await server.wait_for_feedback(1)
    assert (item["rating"], item["output"]["assistant"]) == ("down", "helpdesk-bot")


async def test_configured_emoji_sets(database_url: str, fake: FakeSlackWebApi) -> None:
    from tests.slack.harness import running

    async with running(
        database_url, fake, positive_emoji=["white_check_mark"], negative_emoji=["x"]
    ) as server:
        await server.event(reaction_envelope("Ev1", reaction="white_check_mark"))
        await server.event(reaction_envelope("Ev2", reaction="x", user="U2OTHER"))
        items = await server.wait_for_feedback(2)
    assert sorted((i["user"], i["rating"]) for i in items) == [
        ("U1PERSON", "up"),
        ("U2OTHER", "down"),
    ]


async def test_a_redelivered_removal_does_not_take_back_a_later_thumbs_up(server: Server) -> None:
    def at(envelope: dict[str, object], event_ts: str) -> dict[str, object]:
        envelope["event"]["event_ts"] = event_ts  # type: ignore[index]
        return envelope

    # A person's 👍, its removal and a new 👍, each handled before the next arrives.
    await server.event(at(reaction_envelope("EvAdd1"), "1700000100.000100"))
    await server.wait_for_feedback(1)
    removal = at(reaction_envelope("EvRemove", removed=True), "1700000200.000100")
    await server.event(removal)
    await server.drained()
    await server.event(at(reaction_envelope("EvAdd2"), "1700000300.000100"))
    await server.wait_for_feedback(2)
    await server.event(removal, retry_num=1, retry_reason="http_timeout")  # Slack retries it
    await server.drained()
    history = {
        item["key"]: (item["current"], item["retracted_at"] is not None)
        for item in await server.feedback()
    }
    assert history == {"slack:EvAdd1": (False, True), "slack:EvAdd2": (True, False)}


async def test_a_thumbs_up_removed_at_once_is_taken_back(server: Server) -> None:
    """Acked events run after the ack on several workers; one person's events on one message
    must still run in the order Slack sent them."""
    for round_ in range(5):
        ts = f"1700000000.00020{round_}"
        await server.event(reaction_envelope(f"EvQuickAdd{round_}", ts=ts))
        await server.event(reaction_envelope(f"EvQuickRemove{round_}", ts=ts, removed=True))
    await server.wait_for_feedback(5)
    await server.drained()
    assert [item["retracted_at"] is not None for item in await server.feedback()] == [True] * 5
