"""Relay mode: POST /api/v1/outputs with `post` makes Groundswell post the answer itself."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from adapters.slack.blocks import render_sections
from tests.fakes.slack_web_api import FakeSlackWebApi
from tests.slack.harness import API_TOKEN, TEAM, Server

HEADERS = {"Authorization": f"Bearer {API_TOKEN}"}


def relay_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "platform": "slack",
        "workspace": TEAM,
        "channel": "C1",
        "assistant": "helpdesk",
        "trace_id": "trace-42",
        "post": {
            "text": "Your leave balance is 12 days.",
            "thread_ts": "1700000000.000100",
            "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "*12* days"}}],
        },
    }
    body.update(changes)
    return body


async def post_output(server: Server, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    async with server.http.post(f"{server.url}/api/v1/outputs", json=body, headers=HEADERS) as r:
        return r.status, await r.json()


async def test_relay_posts_with_feedback_buttons_and_metadata(
    server: Server, fake: FakeSlackWebApi
) -> None:
    status, answer = await post_output(server, relay_body())
    assert status == 201
    [call] = fake.calls("chat.postMessage")
    assert answer["message_id"] == fake.messages("C1")[0]["ts"]
    assert answer["channel"] == "C1"
    assert (call.params["channel"], call.params["thread_ts"]) == ("C1", "1700000000.000100")
    blocks = call.json_param("blocks")
    assert blocks[0]["text"]["text"] == "*12* days"
    assert blocks[-1]["type"] == "context_actions"
    assert blocks[-1]["elements"][0]["type"] == "feedback_buttons"
    metadata = call.json_param("metadata")
    # The relay's own key (its trace_id scoped to the channel, hashed), to find it again by.
    assert metadata["event_type"] == "groundswell_message"
    assert metadata["event_payload"]["kind"] == "relay"
    assert re.fullmatch(r"[0-9a-f]{32}", metadata["event_payload"]["ref_id"])
    output = await server.services.outputs.find(answer["id"])
    assert output is not None and output.message.message_id == answer["message_id"]
    assert output.trace_id == "trace-42"


async def test_relay_refusals_name_the_field_and_change_nothing(
    server: Server, fake: FakeSlackWebApi
) -> None:
    status, answer = await post_output(server, relay_body(message_id="1.2"))
    assert (status, [f["field"] for f in answer["fields"]]) == (400, ["post"])
    body = relay_body()
    body.pop("post")
    status, answer = await post_output(server, body)
    assert (status, [f["field"] for f in answer["fields"]]) == (400, ["message_id"])
    status, answer = await post_output(server, relay_body(post={"text": ""}))
    assert (status, answer["fields"][0]["field"]) == (400, "post.text")
    fake.fail_next("chat.postMessage", status=200, error="channel_not_found")
    status, answer = await post_output(server, relay_body())
    assert (status, answer["fields"][0]["field"]) == (400, "channel")
    assert fake.messages("C1") == []
    status, answer = await post_output(server, relay_body(platform="teams"))
    # The same body sent to Teams: its relay refuses Slack's blocks before posting.
    assert (status, answer["fields"][0]["field"]) == (400, "post.blocks")
    status, answer = await post_output(
        server, relay_body(post={"text": "x", "thread_ts": "f:teams-activity"})
    )
    assert (status, answer["fields"][0]["field"]) == (400, "post.thread_ts")
    from sqlalchemy import text

    count = await server.services.database.run(
        lambda session: session.scalar(text("SELECT count(*) FROM ai_outputs"))
    )
    assert count == 0


async def test_relay_without_slack_is_a_clear_409(database_url: str) -> None:
    import aiohttp
    from aiohttp import web

    from adapters.platforms import PLATFORMS
    from adapters.web.server import build_app
    from bot.services import build_services
    from bot.settings import CoreSettings, Settings, SlackSettings, TeamsSettings

    settings = Settings(
        core=CoreSettings(_env_file=None, database_url=database_url, api_tokens=[API_TOKEN]),
        slack=SlackSettings(_env_file=None),
        teams=TeamsSettings(_env_file=None),
    )
    runner = web.AppRunner(await build_app(build_services(settings), mounters=PLATFORMS))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    try:
        async with (
            aiohttp.ClientSession() as http,
            http.post(f"{url}/api/v1/outputs", json=relay_body(), headers=HEADERS) as response,
        ):
            answer = await response.json()
            assert response.status == 409
            assert answer["error"] == "relay_unavailable"
            assert answer["fields"][0]["field"] == "post"
            async with http.post(f"{url}/slack/events", data=b"{}") as slack:
                assert slack.status == 404  # Slack routes are not mounted at all
    finally:
        await runner.cleanup()


async def test_a_long_answer_is_shown_whole(server: Server, fake: FakeSlackWebApi) -> None:
    paragraphs = [f"Step {n}: " + "x" * 900 for n in range(8)]  # about 7,300 characters
    text = "\n".join(paragraphs)
    body = relay_body(post={"text": text})
    status, _ = await post_output(server, body)
    assert status == 201
    blocks = fake.last_call("chat.postMessage").json_param("blocks")
    sections = [block["text"]["text"] for block in blocks if block["type"] == "section"]
    assert all(len(section) <= 3000 for section in sections)
    assert "\n".join(sections) == text
    assert blocks[-1]["type"] == "context_actions"


@given(st.text(alphabet="ab\n", max_size=9000))
def test_sections_keep_every_character_of_the_answer(text: str) -> None:
    sections = [block["text"]["text"] for block in render_sections(text)]
    assert all(0 < len(section) <= 3000 for section in sections)
    assert "".join(sections).replace("\n", "") == text.replace("\n", "")


async def test_a_retried_relay_posts_the_answer_once(server: Server, fake: FakeSlackWebApi) -> None:
    first_status, first = await post_output(server, relay_body())
    again_status, again = await post_output(server, relay_body())
    assert (first_status, again_status) == (201, 200)
    assert again == {**first, "created": False}
    assert len(fake.calls("chat.postMessage")) == 1
    # Another answer (another trace id) in the same channel is posted as usual.
    other_status, other = await post_output(server, relay_body(trace_id="trace-43"))
    assert other_status == 201 and other["id"] != first["id"]
    assert len(fake.calls("chat.postMessage")) == 2
