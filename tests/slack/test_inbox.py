"""The durable inbox, as people and operators notice it: nothing acknowledged is lost (see
test_crash.py), prompts that can no longer be shown are dropped and counted, and a person
who asks to be forgotten takes their pending requests with them."""

from __future__ import annotations

import copy

from adapters.web.mounting import APP_METRICS
from bot.chat.inbox import NewItem
from bot.records import PersonRef, Platform
from tests.fakes.slack_web_api import FakeSlackWebApi
from tests.slack.harness import TEAM, Server, payload


def dropped(server: Server, reason: str) -> float:
    metrics = server.app[APP_METRICS]
    value = metrics.registry.get_sample_value(
        "groundswell_inbox_dropped_total", {"platform": "slack", "reason": reason}
    )
    return value or 0.0


def share_win_click() -> dict[str, object]:
    body = copy.deepcopy(payload("block_actions_button.json"))
    body["team"] = {"id": TEAM}
    body["user"] = {"id": "U1PERSON", "team_id": TEAM}
    body["actions"][0].update(action_id="form:share_win", value="", action_ts="1700000001.1")
    return body


async def test_a_form_slack_no_longer_lets_us_open_is_dropped_and_counted(
    server: Server, fake: FakeSlackWebApi
) -> None:
    fake.fail_next("views.open", status=200, error="expired_trigger_id")
    assert (await server.interact(share_win_click())).status == 200
    await server.drained()
    assert dropped(server, "expired") == 1
    assert await server.services.inbox.pending(Platform.SLACK) == 0
    async with server.http.get(f"{server.url}/metrics") as response:
        exposed = await response.text()
    assert 'groundswell_inbox_dropped_total{platform="slack",reason="expired"} 1.0' in exposed


async def test_forget_me_deletes_requests_still_waiting_in_the_inbox(server: Server) -> None:
    person = PersonRef(platform=Platform.SLACK, tenant=TEAM, user_id="U1PERSON")
    await server.services.people.see(person)
    for number in range(3):
        await server.services.inbox.store(
            NewItem(
                platform=Platform.SLACK,
                key=f"pending-{number}",
                kind="reaction_added",
                tenant=TEAM,
                user_id="U1PERSON",
                body='{"words": "what the person said"}',
                content_type="application/json",
            )
        )
    await server.services.inbox.store(
        NewItem(
            platform=Platform.SLACK,
            key="someone-else",
            kind="reaction_added",
            tenant=TEAM,
            user_id="U2OTHER",
            body="{}",
            content_type="application/json",
        )
    )
    await server.services.people.forget(person)
    assert await server.services.inbox.pending(Platform.SLACK) == 1
