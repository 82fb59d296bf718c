"""A pulse survey in Slack as a person sees it: a DM with buttons for the first question, the
next question in its place, a modal for free text, and the message turned into the thanks."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

import time_machine
from sqlalchemy import select

from bot.people.entries import DirectoryEntry, Source
from bot.records import PersonRef, Platform
from storage.tables import ResponseRow
from tests.fakes.slack_web_api import FakeSlackWebApi
from tests.slack.harness import SECRET, TEAM, Server, payload

WEDNESDAY_MORNING = datetime(2026, 12, 9, 8, 0, tzinfo=UTC)
WEDNESDAY_EVENING = datetime(2026, 12, 9, 17, 0, tzinfo=UTC)
DANA = PersonRef(platform=Platform.SLACK, tenant=TEAM, user_id="U1PERSON")


def press(button: dict[str, Any], fake: FakeSlackWebApi, stamp: str) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "user": {"id": "U1PERSON", "team_id": TEAM},
        "team": {"id": TEAM},
        "channel": {"id": "D1"},
        "container": {"type": "message", "message_ts": "1.2", "channel_id": "D1"},
        "trigger_id": f"t-{stamp}",
        "response_url": fake.response_url(),
        "actions": [
            {
                "type": "button",
                "action_id": button["action_id"],
                "value": button["value"],
                "action_ts": stamp,
            }
        ],
    }


async def interact(server: Server, body: dict[str, Any]) -> None:
    from tests.fakes.slack_signing import signed_interactivity

    response = await server.post_signed(*signed_interactivity(body, SECRET))
    assert response.status == 200


async def test_a_slack_pulse_is_answered_step_by_step_and_recorded_once(
    server: Server, fake: FakeSlackWebApi
) -> None:
    await server.services.directory.store(
        [DirectoryEntry(ref=DANA, timezone="UTC", department="Sales")], source=Source.IMPORT
    )
    assert server.services.surveys is not None
    with time_machine.travel(WEDNESDAY_MORNING, tick=True):
        report = await server.services.surveys.send_now("weekly-impact")
    assert [ref for ref, _ in report.asked] == [DANA]

    with time_machine.travel(WEDNESDAY_EVENING, tick=True):
        server.services.dispatcher.wake()
        [posted] = await fake.wait_for_call("chat.postMessage")
        assert posted.params["channel"] == "U1PERSON"
        blocks = posted.json_param("blocks")
        buttons = blocks[-1]["elements"]
        assert [b["text"]["text"] for b in buttons] == ["Yes", "No", "I didn't use it"]
        assert len({b["action_id"] for b in buttons}) == 3  # Slack wants them distinct

        await interact(server, press(buttons[0], fake, "1700000000.1"))
        [step] = await fake.wait_for_call("response_url")
        assert step.params["replace_original"] is True
        assert "What was it?" in step.params["text"]
        [open_form] = step.params["blocks"][-1]["elements"]

        await interact(server, press(open_form, fake, "1700000000.2"))
        [opened] = await fake.wait_for_call("views.open")
        view = opened.json_param("view")
        # Only what is left: the answered question is not asked again.
        assert [b["block_id"] for b in view["blocks"] if b["type"] == "input"] == [
            "what",
            "time_saved",
        ]
        body = copy.deepcopy(payload("view_submission.json"))
        body["team"] = {"id": TEAM}
        body["user"] = {"id": "U1PERSON", "team_id": TEAM}
        body["view"].update(
            callback_id=view["callback_id"],
            private_metadata=view["private_metadata"],
            id="V-survey",
            state={
                "values": {
                    "what": {"value": {"type": "plain_text_input", "value": "Board pack draft"}},
                    "time_saved": {
                        "value": {"type": "radio_buttons", "selected_option": {"value": "1_3h"}}
                    },
                }
            },
        )
        for _ in range(2):  # a double submit stores one answer
            await interact(server, body)
        [update, *_] = await fake.wait_for_call("chat.update")
    assert update.params["text"].startswith("Thanks — recorded.")
    assert "Board pack draft" in update.params["text"]

    def stored(session: Any) -> list[Any]:
        return list(session.execute(select(ResponseRow.__table__)).all())

    [response] = await server.services.database.run(stored)
    assert response.answers == {"helped": "yes", "what": "Board pack draft", "time_saved": "1_3h"}
    assert json.dumps(response.answers)  # plain JSON, no platform detail


async def test_leads_use_the_survey_command_in_chat_and_others_are_refused(
    server: Server,
) -> None:
    _, listed = await server.command("survey list", user="ULEAD")
    assert "weekly-impact (on, template)" in listed["text"]
    _, shown = await server.command("survey preview monthly-recommend", user="ULEAD")
    assert "How likely are you to recommend the assistant" in shown["text"]
    _, dry = await server.command("survey send-now weekly-impact --dry-run", user="ULEAD")
    assert "would ask 0 people" in dry["text"]
    _, unknown = await server.command("survey preview nope", user="ULEAD")
    assert "no survey named 'nope'" in unknown["text"]
    _, refused = await server.command("survey list")
    assert "for programme leads" in refused["text"]


async def test_a_channel_audience_asks_the_channels_members_only(
    server: Server, fake: FakeSlackWebApi
) -> None:
    from bot.surveys.audience import Target

    other = PersonRef(platform=Platform.SLACK, tenant=TEAM, user_id="U2OTHER")
    await server.services.directory.store(
        [DirectoryEntry(ref=DANA, timezone="UTC"), DirectoryEntry(ref=other, timezone="UTC")],
        source=Source.IMPORT,
    )
    fake.set_response(
        "conversations.members",
        {
            "ok": True,
            "members": ["U1PERSON", "UNOTKNOWN"],
            "response_metadata": {"next_cursor": ""},
        },
    )
    survey = server.services.surveys.survey("weekly-impact").model_copy(
        update={"audience": (Target(channel="C0PILOTS"),)}
    )
    report = await server.services.surveys.start_run(
        survey, run_date=WEDNESDAY_MORNING.date(), now=WEDNESDAY_MORNING
    )
    assert [ref for ref, _ in report.asked] == [DANA]
    assert fake.last_call("conversations.members").params["channel"] == "C0PILOTS"
