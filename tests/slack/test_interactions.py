"""Native feedback buttons, the follow-up modals, the message shortcut and App Home."""

from __future__ import annotations

import copy
import json
import logging
from typing import Any

import pytest

from tests.fakes.slack_web_api import FakeSlackWebApi
from tests.slack.harness import API_TOKEN, TEAM, Server, payload, reaction_envelope


async def relay_answer(server: Server) -> dict[str, Any]:
    body = {
        "platform": "slack",
        "workspace": TEAM,
        "channel": "C1",
        "assistant": "helpdesk",
        "post": {"text": "Your leave balance is 12 days."},
    }
    headers = {"Authorization": f"Bearer {API_TOKEN}"}
    async with server.http.post(f"{server.url}/api/v1/outputs", json=body, headers=headers) as r:
        assert r.status == 201
        answer: dict[str, Any] = await r.json()
        return answer


def click(ts: str, value: str, action_ts: str, user: str = "U1PERSON") -> dict[str, Any]:
    """The recorded feedback_buttons click, on our relayed message, by `user`."""
    body = copy.deepcopy(payload("SYNTHETIC_block_actions_feedback_buttons_click.json"))
    body["user"] = {"id": user, "team_id": TEAM}
    body["team"] = {"id": TEAM}
    body["channel"] = {"id": "C1"}
    body["container"].update(message_ts=ts, channel_id="C1")
    body["message"].update(ts=ts, user="UGROUNDSWELL", bot_id="BGROUNDSWELL")
    body["actions"][0].update(action_id="groundswell_feedback", value=value, action_ts=action_ts)
    return body


def submission(callback_id: str, meta: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    body = copy.deepcopy(payload("view_submission.json"))
    body["team"] = {"id": TEAM}
    body["user"] = {"id": "U1PERSON", "team_id": TEAM}
    body["view"].update(
        callback_id=callback_id,
        private_metadata=json.dumps(meta),
        id=f"V-{callback_id}",
        state={"values": values},
    )
    return body


async def test_feedback_button_clicks_last_click_wins(
    server: Server, fake: FakeSlackWebApi
) -> None:
    answer = await relay_answer(server)
    ts = answer["message_id"]
    assert (await server.interact(click(ts, "positive_feedback", "1700000001.0"))).status == 200
    await server.wait_for_feedback(1)
    assert (await server.interact(click(ts, "negative_feedback", "1700000002.0"))).status == 200
    items = await server.wait_for_feedback(2)
    current = [(i["rating"], i["source"]) for i in items if i["current"]]
    assert current == [("down", "button")]
    assert all(i["output"]["id"] == answer["id"] for i in items)
    # 👍 offered a win, 👎 asked what went wrong: one ephemeral each.
    await fake.wait_for_call("chat.postEphemeral", count=2)
    texts = [c.params["text"] for c in fake.calls("chat.postEphemeral")]
    assert "something real done" in texts[0] and "What went wrong" in texts[1]


async def test_what_went_wrong_button_opens_the_modal_and_its_answer_is_stored(
    server: Server, fake: FakeSlackWebApi
) -> None:
    await server.event(reaction_envelope("Ev1", reaction="-1"))
    [ephemeral] = await fake.wait_for_call("chat.postEphemeral")
    button = ephemeral.json_param("blocks")[1]["elements"][0]
    press = click("1700000000.000100", "", "1700000003.0")
    press["actions"][0].update(type="button", action_id=button["action_id"], value=button["value"])
    assert (await server.interact(press)).status == 200
    [opened] = await fake.wait_for_call("views.open")
    view = opened.json_param("view")
    assert view["callback_id"] == "groundswell_form"
    meta = json.loads(view["private_metadata"])
    assert meta["form"] == "what_went_wrong"
    reasons = [o["value"] for o in view["blocks"][0]["element"]["options"]]
    # The one vocabulary both platforms use.
    assert reasons == [
        "wrong",
        "out_of_date",
        "incomplete",
        "didnt_answer",
        "had_to_fix",
        "unclear",
        "unsafe",
        "other",
    ]
    assert view["blocks"][1]["element"]["max_length"] == 1000

    empty = submission("groundswell_form", meta, {})
    response = await server.post_signed(*_signed(empty))
    assert response.status == 200
    assert len(await server.feedback()) == 1  # the refused form stored nothing

    filled = submission(
        "groundswell_form",
        meta,
        {
            "reason": {
                "value": {"type": "radio_buttons", "selected_option": {"value": "had_to_fix"}}
            },
            "comment": {"value": {"type": "plain_text_input", "value": "Cites the 2023 policy"}},
        },
    )
    assert (await server.interact(filled)).status == 200
    items = await server.wait_for_feedback(2)
    modal = next(i for i in items if i["source"] == "modal")
    assert (modal["reason"], modal["comment"], modal["output"]["id"]) == (
        "had_to_fix",
        "Cites the 2023 policy",
        int(meta["value"]),
    )


async def test_refused_form_shows_errors_in_the_modal(server: Server) -> None:
    meta = {"form": "share_win", "value": ""}
    body, headers = _signed(submission("groundswell_form", meta, {}))
    async with server.http.post(
        f"{server.url}/slack/events", data=body, headers=headers
    ) as response:
        answer = await response.json()
    assert answer == {
        "response_action": "errors",
        "errors": {"text": "Please fill this in.", "share": "Pick one."},
    }
    assert await server.services.wins.list_for(_person()) == []


async def test_share_a_win_modal_records_a_win(server: Server, fake: FakeSlackWebApi) -> None:
    values = {
        "text": {"value": {"type": "plain_text_input", "value": "Drafted the RFP in an hour"}},
        "time_saved": {"value": {"type": "radio_buttons", "selected_option": {"value": "1_3h"}}},
        "share": {"value": {"type": "radio_buttons", "selected_option": {"value": "yes"}}},
    }
    meta = {"form": "share_win", "value": ""}
    assert (await server.interact(submission("groundswell_form", meta, values))).status == 200
    from bot.records import PersonRef, Platform

    person = PersonRef(platform=Platform.SLACK, tenant=TEAM, user_id="U1PERSON")
    # The form is stored before its ack: no waiting.
    [win] = await server.services.wins.list_for(person)
    # The bucket the person picked is kept; "in an hour" is time it took, not time saved.
    assert (win.text, win.time_saved, win.minutes_saved, win.shareable, win.source.value) == (
        "Drafted the RFP in an hour",
        "1_3h",
        None,
        True,
        "modal",
    )


async def test_message_shortcut_opens_the_modal_tied_to_that_message(
    server: Server, fake: FakeSlackWebApi
) -> None:
    body = copy.deepcopy(payload("message_shortcut_message_action.json"))
    body.update(callback_id="groundswell_give_feedback", team={"id": TEAM})
    body["message"].update(user="U0AIBOT")
    assert (await server.interact(body)).status == 200
    [opened] = await fake.wait_for_call("views.open")
    meta = json.loads(opened.json_param("view")["private_metadata"])
    from bot.records import MessageRef, Platform

    assert meta["form"] == "what_went_wrong"
    output = await server.services.outputs.find(int(meta["value"]))
    assert output is not None
    assert output.message == MessageRef(
        platform=Platform.SLACK, tenant=TEAM, channel="C111", message_id="1583636382.000300"
    )
    assert output.assistant == "U0AIBOT"


async def test_opted_out_people_get_no_follow_up_but_their_rating_counts(
    server: Server, fake: FakeSlackWebApi
) -> None:
    await server.command("optout")
    await server.event(reaction_envelope("Ev1", reaction="-1"))
    [item] = await server.wait_for_feedback(1)
    await server.drained()
    assert item["rating"] == "down"
    assert fake.calls("chat.postEphemeral") == []


async def test_app_home_shows_counts_and_privacy_controls(
    server: Server, fake: FakeSlackWebApi
) -> None:
    await server.event(reaction_envelope("Ev1", reaction="+1"))
    await server.wait_for_feedback(1)
    home = {
        "type": "event_callback",
        "team_id": TEAM,
        "event_id": "EvHome",
        "event": {
            "type": "app_home_opened",
            "user": "U1PERSON",
            "channel": "D1",
            "tab": "home",
            "event_ts": "1700000000.1",
        },
    }
    assert (await server.event(home)).status == 200
    [published] = await fake.wait_for_call("views.publish")
    assert published.params["user_id"] == "U1PERSON"
    text = json.dumps(published.json_param("view"), ensure_ascii=False)
    assert "👍 1" in text
    assert "0 comments" in text and "0 wins" in text
    for action in (
        "share_win",
        "groundswell_home_command_optout",
        "groundswell_home_command_export",
        "groundswell_home_command_forget",
    ):
        assert action in text
    press = click("1.1", "", "1700000004.0")
    press.pop("message")
    press["container"] = {"type": "view", "view_id": "VHOME"}
    press.pop("channel")
    press["actions"][0].update(
        type="button", action_id="groundswell_home_command_optout", value="optout"
    )
    assert (await server.interact(press)).status == 200
    await fake.wait_for_call("views.publish", count=2)
    assert "opted out" in json.dumps(fake.calls("views.publish")[-1].json_param("view"))
    person = await server.services.people.find(_person())
    assert person is not None and person.opted_out


def _person():  # type: ignore[no-untyped-def]
    from bot.records import PersonRef, Platform

    return PersonRef(platform=Platform.SLACK, tenant=TEAM, user_id="U1PERSON")


def _signed(body: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
    from tests.fakes.slack_signing import signed_interactivity
    from tests.slack.harness import SECRET

    return signed_interactivity(body, SECRET)


async def submit_for_answer(server: Server, body: dict[str, Any]) -> dict[str, Any]:
    body_bytes, headers = _signed(body)
    async with server.http.post(
        f"{server.url}/slack/events", data=body_bytes, headers=headers
    ) as response:
        assert response.status == 200
        answer: dict[str, Any] = await response.json()
        return answer


async def test_modals_opened_before_an_upgrade_still_submit(server: Server) -> None:
    """Modals of the earlier version (their own callback ids, `{"output_id": N}`) may be open
    on someone's screen during an upgrade; their answers still count, in today's words."""
    relayed = await relay_answer(server)
    meta = {"output_id": relayed["id"]}
    reason = {"reason": {"value": {"selected_option": {"value": "incorrect"}}}}
    answer = await submit_for_answer(server, submission("groundswell_feedback_modal", meta, reason))
    assert answer["response_action"] == "update"
    assert "Thanks, that helps the team fix it." in json.dumps(answer["view"])
    [stored] = [item for item in await server.feedback() if item["source"] == "modal"]
    assert (stored["reason"], stored["output"]["id"]) == ("wrong", relayed["id"])

    win = {
        "text": {"value": {"type": "plain_text_input", "value": "Closed the audit a day early"}},
        "share": {"value": {"type": "radio_buttons", "selected_option": {"value": "no"}}},
    }
    answer = await submit_for_answer(server, submission("groundswell_win_modal", meta, win))
    assert "Your win is recorded" in json.dumps(answer["view"])
    from bot.records import PersonRef, Platform

    person = PersonRef(platform=Platform.SLACK, tenant=TEAM, user_id="U1PERSON")
    # What the person's own export shows: the win, tied to the answer that helped.
    [stored] = json.loads(await server.services.people.export(person))["wins"]
    assert (stored["output_id"], stored["shareable"], stored["text"]) == (
        relayed["id"],
        False,
        "Closed the audit a day early",
    )


async def test_a_failing_listener_logs_the_kind_of_error_and_no_payload(
    server: Server, fake: FakeSlackWebApi, caplog: pytest.LogCaptureFixture
) -> None:
    fake.fail_next("views.open", status=200, error="internal_error")
    body = copy.deepcopy(payload("message_shortcut_message_action.json"))
    body.update(callback_id="groundswell_give_feedback", team={"id": TEAM})
    body["message"].update(user="U0AIBOT", text="Salary review notes for Dana")
    assert (await server.interact(body)).status == 200
    await server.drained()  # the work after the ack is done: its error, if any, is logged
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert errors[0].startswith("Slack work item failed: SlackApiError\n")
    # Where it failed (our frames), but not what Slack or the person said.
    assert "adapters/slack" in errors[0]
    assert "internal_error" not in errors[0] and "Salary review" not in errors[0]
