"""The shared chat commands typed to the bot in a 1:1 chat."""

from __future__ import annotations

import json

from bot.chat.commands import FORGET_CONFIRM
from tests.fakes.bot_connector import FakeBotConnector
from tests.teams.support import ALICE, PERSONAL_CHAT, activity, running, settings_for


async def test_help_win_and_feedback_in_a_1to1_chat(
    database_url: str, fake: FakeBotConnector
) -> None:
    async with running(settings_for(database_url, fake)) as server:
        for n, text in enumerate(("help", "win saved 2 hours on the board pack", "feedback slow")):
            said = activity(fake.service_url, id=f"17000000000{n}", text=text)
            assert (await server.post_activity(said))[0] in (200, 202)
        wins = await server.services.wins.list_for(ALICE)
        [comment] = await server.feedback_items()
    helped, won, thanked = (c.json["text"] for c in fake.sent_activities)
    assert "**Groundswell**" in helped and "optout" in helped
    assert "Your win is recorded" in won
    assert "feedback is with the programme team" in thanked
    [win] = wins
    assert (win.text, win.minutes_saved) == ("saved 2 hours on the board pack", 120)
    assert (comment["comment"], comment["source"], comment["rating"]) == ("slow", "command", None)
    assert all(c.path.startswith(f"/v3/conversations/{PERSONAL_CHAT}/") for c in fake.calls)


async def test_forget_me_asks_with_a_card_and_the_button_erases(
    database_url: str, fake: FakeBotConnector
) -> None:
    async with running(settings_for(database_url, fake)) as server:
        said = activity(fake.service_url, text="win got it done")
        await server.post_activity(said)
        await server.post_activity(activity(fake.service_url, id="2", text="forget me"))
        asked = fake.sent_activities[-1]
        card = asked.json["attachments"][0]["content"]
        confirm = next(a for a in card["actions"] if a["data"]["gs_action"] == FORGET_CONFIRM)
        assert await server.services.people.find(ALICE) is not None

        pressed = activity(
            fake.service_url,
            "invoke",
            id="3",
            name="adaptiveCard/action",
            replyToId=asked.response["id"],
            value={"action": {"type": "Action.Execute", "verb": confirm["verb"], "data": {}}},
        )
        status, body = await server.post_activity(pressed)
        assert await server.services.people.find(ALICE) is None
        assert await server.services.wins.list_for(ALICE) == []
    assert status == 200
    assert "erased" in body["value"]["body"][0]["text"]


async def test_the_action_submit_fallback_replaces_the_card_in_place(
    database_url: str, fake: FakeBotConnector
) -> None:
    async with running(settings_for(database_url, fake)) as server:
        await server.post_activity(activity(fake.service_url, text="forget me"))
        asked = fake.sent_activities[-1]
        card = asked.json["attachments"][0]["content"]
        cancel = next(a for a in card["actions"] if a["data"]["gs_action"] != FORGET_CONFIRM)
        submitted = activity(
            fake.service_url,
            id="2",
            replyToId=asked.response["id"],
            value=cancel["fallback"]["data"],
        )
        assert (await server.post_activity(submitted))[0] in (200, 202)
        assert await server.services.people.find(ALICE) is not None
    [put] = fake.calls_to("PUT")
    assert put.activity_id == asked.response["id"]
    assert "Nothing was erased" in put.json["attachments"][0]["content"]["body"][0]["text"]


async def test_export_me_sends_everything_as_json(
    database_url: str, fake: FakeBotConnector
) -> None:
    async with running(settings_for(database_url, fake)) as server:
        await server.post_activity(activity(fake.service_url, text="win saved an hour"))
        await server.post_activity(activity(fake.service_url, id="2", text="export me"))
    note, exported = (c.json["text"] for c in fake.sent_activities[-2:])
    assert "everything Groundswell stores" in note
    assert exported.startswith("```json\n") and exported.endswith("\n```")
    data = json.loads(exported.removeprefix("```json\n").removesuffix("\n```"))
    assert "saved an hour" in json.dumps(data)


async def test_share_a_win_button_opens_the_form_and_the_form_records_the_win(
    database_url: str, fake: FakeBotConnector
) -> None:
    async with running(settings_for(database_url, fake)) as server:
        await server.post_activity(activity(fake.service_url, text="win"))
        asked = fake.sent_activities[-1]
        button = asked.json["attachments"][0]["content"]["actions"][0]

        def press(activity_id: str, data: dict[str, str]) -> dict[str, object]:
            return activity(
                fake.service_url,
                "invoke",
                id=activity_id,
                name="adaptiveCard/action",
                replyToId=asked.response["id"],
                value={"action": {"type": "Action.Execute", "data": data}},
            )

        _, opened = await server.post_activity(press("2", button["data"]))
        form = opened["value"]
        share = form["actions"][0]["data"]
        inputs = {
            "text": "drafted the tender in an afternoon",
            "time_saved": "1_3h",
            "share": "yes",
        }
        _, done = await server.post_activity(press("3", {**share, **inputs}))
        [win] = await server.services.wins.list_for(ALICE)
    # The same form Slack shows as a modal: the same fields, the same time-saved buckets.
    assert {item.get("id") for item in form["body"]} >= {"text", "time_saved", "share"}
    assert "win is recorded" in done["value"]["body"][0]["text"]
    assert (win.text, win.time_saved, win.shareable) == (inputs["text"], "1_3h", True)
