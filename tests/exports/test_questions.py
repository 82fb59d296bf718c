"""De-identified follow-up: asked from Slack about feedback given in Teams, answered in Teams,
the answer back in Slack with nothing that identifies who wrote it."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from sqlalchemy import select

from adapters.slack.mount import mount_slack
from adapters.teams.auth import TeamsOptions
from adapters.teams.mount import teams_mounter
from adapters.web.server import build_app
from bot.services import build_services
from bot.settings import TeamsSettings
from storage.repositories import questions as questions_repo
from storage.tables import QuestionAuditRow
from tests.exports.support import export_settings, langfuse_settings
from tests.fakes.bot_connector import FakeBotConnector
from tests.fakes.langfuse import FakeLangfuse
from tests.fakes.slack_web_api import FakeSlackWebApi
from tests.slack.harness import API_TOKEN, TEAM, Server, make_settings, reaction_envelope
from tests.slack.test_interactions import submission
from tests.teams.support import PERSONAL_CHAT, TENANT, USER, activity

ASKER = "ULEAD"
IDENTIFIERS = (USER, "alice", "aad-alice", PERSONAL_CHAT)


@asynccontextmanager
async def both_platforms(
    database_url: str, slack: FakeSlackWebApi, teams: FakeBotConnector, **exports: Any
) -> AsyncIterator[Server]:
    settings = make_settings(database_url, slack).model_copy(
        update={
            "teams": TeamsSettings(
                _env_file=None, insecure_local=True, service_urls=[teams.base_url]
            ),
            "exports": export_settings(ai_team=[f"slack:{ASKER}"], **exports),
        }
    )
    services = build_services(settings)
    app = await build_app(services, mounters=[mount_slack, teams_mounter(TeamsOptions())])
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        async with aiohttp.ClientSession() as http:
            yield Server(f"http://127.0.0.1:{runner.addresses[0][1]}", services, slack, http, app)
    finally:
        await runner.cleanup()


async def teams_feedback(server: Server, teams: FakeBotConnector) -> int:
    """Alice has the app in Teams and rates an answer there 👎 (forwarded by the AI app)."""
    await server.http.post(
        f"{server.url}/api/messages", json=activity(teams.service_url, text="help")
    )
    headers = {"Authorization": "Bearer test-api-token-0123456789abcdef"}
    output = {
        "platform": "teams",
        "workspace": TENANT,
        "channel": "19:answers@thread.tacv2",
        "message_id": "1700000000777",
        "assistant": "helpdesk",
        "trace_id": "trace-teams-1",
    }
    async with server.http.post(f"{server.url}/api/v1/outputs", json=output, headers=headers) as r:
        output_id = (await r.json())["id"]
    rating = {
        "event_id": "teams-down-1",
        "platform": "teams",
        "workspace": TENANT,
        "user": USER,
        "rating": "down",
        "output_id": output_id,
    }
    async with server.http.post(f"{server.url}/api/v1/feedback", json=rating, headers=headers) as r:
        assert r.status == 201
    [item] = await server.feedback()
    found: int = item["id"]
    return found


def answer_invoke(teams: FakeBotConnector, activity_id: str, text: str) -> dict[str, Any]:
    """Alice fills in the answer card she was sent last and presses Send (no name shared)."""
    card_message = teams.sent_activities[-1]
    card = card_message.json["attachments"][0]["content"]
    submit = next(a for a in card["actions"] if a["data"]["gs_action"] == "question_answer")
    data = {**submit["data"], "answer": text, "share": "no"}
    return activity(
        teams.service_url,
        "invoke",
        id=activity_id,
        name="adaptiveCard/action",
        replyToId=card_message.response["id"],
        value={"action": {"type": "Action.Execute", "verb": submit["verb"], "data": data}},
    )


async def wait_for(check: Any, within: float = 5.0) -> None:
    deadline = time.monotonic() + within
    while not check():
        assert time.monotonic() < deadline, "not reached in time"
        await asyncio.sleep(0.02)


async def test_a_question_from_slack_reaches_the_teams_person_and_the_answer_is_anonymous(
    database_url: str, fake: FakeSlackWebApi
) -> None:
    async with FakeBotConnector() as teams, both_platforms(database_url, fake, teams) as server:
        feedback_id = await teams_feedback(server, teams)
        sent_before = len(teams.sent_activities)
        status, reply = await server.command(f"ask {feedback_id} Which part was wrong?", user=ASKER)
        assert status == 200 and "recorded" in reply["text"]
        await wait_for(lambda: len(teams.sent_activities) > sent_before)
        asked = teams.sent_activities[-1]
        assert "Which part was wrong?" in json.dumps(asked.json)
        # Alice answers in Teams, without sharing her name.
        pressed = answer_invoke(teams, "answer-1", "It cited the 2023 policy")
        async with server.http.post(f"{server.url}/api/messages", json=pressed) as response:
            assert response.status == 200
        await wait_for(
            lambda: any(
                "2023 policy" in call.params.get("text", "")
                for call in fake.calls("chat.postMessage")
            )
        )
        [told] = [c for c in fake.calls("chat.postMessage") if "2023 policy" in c.params["text"]]
        whole = json.dumps(told.params).lower()
        assert "which part was wrong?" in whole
        assert not [marker for marker in IDENTIFIERS if marker.lower() in whole]

        # A second question on the same feedback is refused while the first is open... it is
        # answered now, so it is closed: ask again, then a third time is refused.
        _, again = await server.command(f"ask {feedback_id} And now?", user=ASKER)
        assert "recorded" in again["text"]
        _, third = await server.command(f"ask {feedback_id} Anything else?", user=ASKER)
        assert "still open" in third["text"]
        # The audit says who asked what, and what came of it, never who was asked.
        audit = await server.services.database.run(
            lambda session: [
                tuple(row) for row in session.execute(select(QuestionAuditRow.__table__)).all()
            ]
        )
    events = [(row[2], row[3]) for row in audit]
    assert events == [("asked", "slack:ULEAD"), ("answered", None), ("asked", "slack:ULEAD")]
    assert not [m for m in IDENTIFIERS if m.lower() in json.dumps(audit, default=str).lower()]


@pytest.mark.parametrize("refusal", ["questions off", "optout"])
async def test_only_the_ai_team_may_ask_and_people_who_said_no_are_never_asked(
    database_url: str, fake: FakeSlackWebApi, refusal: str
) -> None:
    async with FakeBotConnector() as teams, both_platforms(database_url, fake, teams) as server:
        feedback_id = await teams_feedback(server, teams)
        _, refused = await server.command(f"ask {feedback_id} Why?", user="UNOTTEAM")
        assert "GROUNDSWELL_AI_TEAM" in refused["text"]
        await server.http.post(
            f"{server.url}/api/messages",
            json=activity(teams.service_url, id="refusal-1", text=refusal),
        )
        sent_before = len(teams.sent_activities)
        _, reply = await server.command(f"ask {feedback_id} Why?", user=ASKER)
        # The asker hears the same as when someone was asked.
        assert "recorded" in reply["text"]
        await server.drained()
        assert len(teams.sent_activities) == sent_before


async def test_the_api_asks_and_reads_the_answer_without_the_persons_identity(
    database_url: str, fake: FakeSlackWebApi
) -> None:
    headers = {"Authorization": "Bearer test-api-token-0123456789abcdef"}
    async with FakeBotConnector() as teams, both_platforms(database_url, fake, teams) as server:
        feedback_id = await teams_feedback(server, teams)
        url = f"{server.url}/api/v1/feedback/{feedback_id}/questions"
        body = {"question": "What did you expect?", "asker": "eval-pipeline"}
        async with server.http.post(url, json=body, headers=headers) as response:
            assert response.status == 201
            asked = await response.json()
        assert (asked["status"], asked["answer"]) == ("waiting", None)
        async with server.http.post(url, json=body, headers=headers) as response:
            assert response.status == 409
        async with server.http.post(
            f"{server.url}/api/v1/feedback/999999/questions", json=body, headers=headers
        ) as response:
            assert response.status == 404
        await wait_for(lambda: "What did you expect?" in json.dumps(teams.sent_activities[-1].json))
        pressed = answer_invoke(teams, "answer-api", "The 2024 figures")
        async with server.http.post(f"{server.url}/api/messages", json=pressed) as response:
            assert response.status == 200
        read = f"{server.url}/api/v1/questions/{asked['id']}"
        async with server.http.get(read, headers=headers) as response:
            result = await response.json()
    assert (result["status"], result["answer"], result["shared_name"]) == (
        "answered",
        "The 2024 figures",
        None,
    )
    whole = json.dumps(result).lower()
    assert not [marker for marker in IDENTIFIERS if marker.lower() in whole]


async def more_teams_feedback(server: Server, n: int) -> int:
    """Alice rates another answer in Teams; its feedback id."""
    headers = {"Authorization": "Bearer test-api-token-0123456789abcdef"}
    output = {
        "platform": "teams",
        "workspace": TENANT,
        "channel": "19:answers@thread.tacv2",
        "message_id": f"17000000009{n:02d}",
        "assistant": "helpdesk",
    }
    async with server.http.post(f"{server.url}/api/v1/outputs", json=output, headers=headers) as r:
        output_id = (await r.json())["id"]
    rating = {
        "event_id": f"teams-more-{n}",
        "platform": "teams",
        "workspace": TENANT,
        "user": USER,
        "rating": "down",
        "output_id": output_id,
    }
    async with server.http.post(f"{server.url}/api/v1/feedback", json=rating, headers=headers) as r:
        found: int = (await r.json())["id"]
        return found


async def test_questions_draw_on_the_fatigue_budget(
    database_url: str, fake: FakeSlackWebApi
) -> None:
    async with FakeBotConnector() as teams, both_platforms(database_url, fake, teams) as server:
        ids = [await teams_feedback(server, teams)]
        ids += [await more_teams_feedback(server, n) for n in range(3)]
        for n, feedback_id in enumerate(ids):
            _, reply = await server.command(f"ask {feedback_id} Question number {n}?", user=ASKER)
            assert "recorded" in reply["text"]  # the same answer whether sent or not
        await server.drained()
        asked = [
            call for call in teams.sent_activities if "Question number" in json.dumps(call.json)
        ]
    # Three bot-initiated messages a week at most: the fourth question never reaches Alice.
    assert len(asked) == 3


async def test_an_answer_after_seven_days_is_not_taken(
    database_url: str, fake: FakeSlackWebApi, time_machine: Any
) -> None:
    headers = {"Authorization": "Bearer test-api-token-0123456789abcdef"}
    async with FakeBotConnector() as teams, both_platforms(database_url, fake, teams) as server:
        feedback_id = await teams_feedback(server, teams)
        url = f"{server.url}/api/v1/feedback/{feedback_id}/questions"
        async with server.http.post(url, json={"question": "Late?"}, headers=headers) as r:
            asked = await r.json()
        await wait_for(lambda: "Late?" in json.dumps(teams.sent_activities[-1].json))
        time_machine.move_to(datetime.now(UTC) + timedelta(days=8))
        pressed = answer_invoke(teams, "late-answer", "Too late")
        async with server.http.post(f"{server.url}/api/messages", json=pressed) as response:
            assert "closed" in await response.text()
        async with server.http.get(
            f"{server.url}/api/v1/questions/{asked['id']}", headers=headers
        ) as response:
            result = await response.json()
    assert (result["status"], result["answer"]) == ("expired", None)
    # Closed by time, the question no longer says whom it was for.
    question = await server.services.database.run(
        lambda session: questions_repo.find_question(session, question_id=asked["id"])
    )
    assert question is not None and question.person_id is None


async def test_the_answer_reaches_langfuse_as_a_comment_on_the_same_score(
    database_url: str, fake: FakeSlackWebApi
) -> None:
    async with (
        FakeLangfuse() as langfuse,
        FakeBotConnector() as teams,
        both_platforms(database_url, fake, teams, **langfuse_settings(langfuse.url)) as server,
    ):
        feedback_id = await teams_feedback(server, teams)
        await langfuse.wait_until(lambda: len(langfuse.scores) == 1)
        [score] = langfuse.scores.values()
        await server.command(f"ask {score['metadata']['ref']} What was off?", user=ASKER)
        await wait_for(lambda: "What was off?" in json.dumps(teams.sent_activities[-1].json))
        pressed = answer_invoke(teams, "answer-lf", "Wrong quarter")
        await server.http.post(f"{server.url}/api/messages", json=pressed)
        await langfuse.wait_until(
            lambda: "Wrong quarter" in (langfuse.scores[score["id"]].get("comment") or "")
        )
        assert list(langfuse.scores) == [score["id"]] and feedback_id


async def test_in_slack_the_answer_form_opens_as_a_modal_and_a_shared_name_is_passed_on(
    database_url: str, fake: FakeSlackWebApi
) -> None:
    async with FakeBotConnector() as teams, both_platforms(database_url, fake, teams) as server:
        await server.http.post(
            f"{server.url}/api/v1/outputs",
            json={
                "platform": "slack",
                "workspace": TEAM,
                "channel": "C1",
                "message_id": "1700000000.000100",
                "assistant": "helpdesk",
            },
            headers={"Authorization": f"Bearer {API_TOKEN}"},
        )
        await server.event(reaction_envelope("Ev1", reaction="-1"))
        [item] = await server.wait_for_feedback(1)
        await server.command(f"ask {item['id']} What went wrong?", user=ASKER)
        await wait_for(
            lambda: any(
                "What went wrong?" in json.dumps(c.params) for c in fake.calls("chat.postMessage")
            )
        )
        [dm] = [
            c for c in fake.calls("chat.postMessage") if "What went wrong?" in json.dumps(c.params)
        ]
        buttons = [
            element
            for block in dm.json_param("blocks")
            if block["type"] == "actions"
            for element in block["elements"]
        ]
        answer_button = next(b for b in buttons if b["action_id"].endswith("answer_question"))
        meta = {"form": "answer_question", "value": answer_button["value"]}
        filled = submission(
            "groundswell_form",
            meta,
            {
                "answer": {"value": {"type": "plain_text_input", "value": "Old policy"}},
                "share": {"value": {"type": "radio_buttons", "selected_option": {"value": "yes"}}},
            },
        )
        assert (await server.interact(filled)).status == 200
        await wait_for(
            lambda: any(
                "Old policy" in json.dumps(c.params) for c in fake.calls("chat.postMessage")
            )
        )
        [told] = [c for c in fake.calls("chat.postMessage") if "Old policy" in json.dumps(c.params)]
    # They chose to share their name: the asker sees who answered.
    assert "U1PERSON" in told.params["text"]
