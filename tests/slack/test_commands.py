"""/groundswell through the shared CommandHandler: answered in the ack, within 3 s."""

from __future__ import annotations

import json
import time

from tests.fakes.slack_web_api import FakeSlackWebApi
from tests.slack.harness import TEAM, Server


async def test_win_is_stored_for_the_caller_and_answered_within_3_s(server: Server) -> None:
    started = time.monotonic()
    status, answer = await server.command("win closed the quarter 2 hours early")
    assert time.monotonic() - started < 3
    assert status == 200
    assert "Your win is recorded" in answer["text"]
    assert "2 h" in answer["text"]
    [win] = await server.services.wins.list_for(_person("U1PERSON"))
    assert (win.text, win.minutes_saved, win.source.value) == (
        "closed the quarter 2 hours early",
        120,
        "command",
    )


async def test_a_win_that_mentions_a_payload_is_a_win(server: Server) -> None:
    """Bolt alone reads any form that contains the word "payload" as nothing at all."""
    status, answer = await server.command("win fixed the payload parser before the release")
    assert (status, "Your win is recorded" in answer["text"]) == (200, True)
    [win] = await server.services.wins.list_for(_person("U1PERSON"))
    assert win.text == "fixed the payload parser before the release"


async def test_lead_command_from_a_non_lead_is_refused_politely(
    server: Server, fake: FakeSlackWebApi
) -> None:
    status, answer = await server.command("report")
    assert status == 200
    assert "for programme leads" in answer["text"]
    status, answer = await server.command("report 2026-W47", user="ULEAD")
    assert "direct message" in answer["text"]
    await fake.wait_for_call("files.completeUploadExternal")
    assert fake.last_call("conversations.open").params["users"] == "ULEAD"
    [content] = fake.uploads.values()
    # The full report, as `serve` shares it: one HTML file with its charts.
    assert content.startswith(b"<!DOCTYPE html>")
    assert b"<title>Groundswell digest 2026-W47</title>" in content
    assert content.count(b'<img src="data:image/png;base64,') == 3


async def test_unknown_subcommand_gets_help(server: Server) -> None:
    _, answer = await server.command("dance")
    assert "I don't know `dance`" in answer["text"]
    assert "export-me" in answer["text"]


async def test_feedback_command_stores_a_comment(server: Server) -> None:
    _, answer = await server.command("feedback it keeps citing last year's policy")
    assert "with the programme team" in answer["text"]
    [item] = await server.feedback()
    assert (item["source"], item["comment"], item["rating"]) == (
        "command",
        "it keeps citing last year's policy",
        None,
    )


async def test_export_me_sends_a_json_file_by_dm(server: Server, fake: FakeSlackWebApi) -> None:
    await server.command("win saved a day")
    _, answer = await server.command("export-me")
    assert "direct message" in answer["text"]
    [complete] = await fake.wait_for_call("files.completeUploadExternal")
    opened = fake.last_call("conversations.open")
    assert opened.params["users"] == "U1PERSON"
    assert complete.params["channel_id"].startswith("D")  # the DM conversations.open gave
    [content] = fake.uploads.values()
    exported = json.loads(content)
    assert "saved a day" in json.dumps(exported)


async def test_forget_me_asks_then_erases_on_confirm(server: Server, fake: FakeSlackWebApi) -> None:
    await server.command("feedback something personal")
    _, answer = await server.command("forget-me")
    buttons = answer["blocks"][1]["elements"]
    assert [b["action_id"] for b in buttons] == ["forget_me_confirm", "forget_me_cancel"]
    assert len(await server.feedback()) == 1  # asking erased nothing
    click = {
        "type": "block_actions",
        "user": {"id": "U1PERSON", "team_id": TEAM},
        "team": {"id": TEAM},
        "channel": {"id": "C1"},
        "container": {
            "type": "message",
            "message_ts": "1.2",
            "channel_id": "C1",
            "is_ephemeral": True,
        },
        "trigger_id": "t1",
        "response_url": fake.response_url(),
        "actions": [
            {
                "type": "button",
                "action_id": "forget_me_confirm",
                "value": "forget_me_confirm",
                "action_ts": "1700000000.1",
            }
        ],
    }
    assert (await server.interact(click)).status == 200
    # The question and its buttons are replaced by the answer, so nobody presses them twice.
    [note] = await fake.wait_for_call("response_url")
    assert note.params["replace_original"] is True
    assert "erased" in note.params["text"]
    assert "forget_me_confirm" not in json.dumps(note.params)
    assert fake.calls("chat.postEphemeral") == []
    assert await server.feedback() == []
    # Forgotten people's reactions are not stored either.
    from tests.slack.harness import reaction_envelope

    await server.event(reaction_envelope("EvAfter"))
    await server.drained()
    assert await server.feedback() == []


def _person(user: str):  # type: ignore[no-untyped-def]
    from bot.records import PersonRef, Platform

    return PersonRef(platform=Platform.SLACK, tenant=TEAM, user_id=user)


async def test_a_private_note_falls_back_to_a_dm_where_the_bot_is_not_in_the_channel(
    server: Server, fake: FakeSlackWebApi
) -> None:
    fake.fail_next("chat.postEphemeral", status=200, error="channel_not_found")
    cancel = {
        "type": "block_actions",
        "user": {"id": "U1PERSON", "team_id": TEAM},
        "team": {"id": TEAM},
        "channel": {"id": "C1"},
        "trigger_id": "t1",
        "response_url": fake.response_url("gone"),  # expired: a new note instead
        "container": {"type": "message", "message_ts": "1.2", "channel_id": "C1"},
        "actions": [
            {
                "type": "button",
                "action_id": "forget_me_cancel",
                "value": "forget_me_cancel",
                "action_ts": "1700000000.1",
            }
        ],
    }
    assert (await server.interact(cancel)).status == 200
    [dm] = await fake.wait_for_call("chat.postMessage")
    assert dm.params["text"] == "Nothing was erased."
    assert [call.params["hook"] for call in fake.calls("response_url")] == ["gone"]
    assert dm.params["channel"] == "U1PERSON"  # their DM with the bot
    assert len(fake.calls("chat.postEphemeral")) == 1
