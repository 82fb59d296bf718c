"""The whole advocate flow in Slack, against the fake Web API: a win reported in chat makes a
candidate, the lead approves it from a card, the invitation goes out, the person accepts, and
the champion's recap arrives. A non-lead's click changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.advocacy.wins import WinReport
from bot.records import FeedbackSource, PersonRef, Platform
from tests.fakes.slack_web_api import FakeSlackWebApi
from tests.slack.harness import TEAM, Server

ALICE = PersonRef(platform=Platform.SLACK, tenant=TEAM, user_id="U1ALICE")


def click(fake: FakeSlackWebApi, user: str, action: str, value: str, ts: str) -> dict[str, Any]:
    """A button pressed on a message in the presser's DM, as Slack sends it."""
    return {
        "type": "block_actions",
        "user": {"id": user, "team_id": TEAM},
        "team": {"id": TEAM},
        "channel": {"id": f"D{user}"},
        "container": {"type": "message", "message_ts": ts, "channel_id": f"D{user}"},
        "trigger_id": f"t-{ts}",
        "response_url": fake.response_url(f"hook-{ts}"),
        "actions": [
            {"type": "button", "action_id": action, "value": value, "action_ts": f"{ts}.5"}
        ],
    }


def buttons(call: Any) -> dict[str, str]:
    blocks = call.json_param("blocks")
    return {
        element["action_id"]: element["value"]
        for block in blocks
        if block["type"] == "actions"
        for element in block["elements"]
    }


async def an_earlier_win(server: Server) -> None:
    await server.services.wins.record(
        WinReport(
            key="earlier",
            person=ALICE,
            text="the assistant drafted the supplier letter and it went out the same day",
            source=FeedbackSource.COMMAND,
            occurred_at=datetime.now(UTC) - timedelta(days=5),
        )
    )


async def test_win_to_champion_recap_end_to_end(server: Server, fake: FakeSlackWebApi) -> None:
    await an_earlier_win(server)
    _, reported = await server.command(
        "win reconciled the March accounts with it, saved me 3 hours", user="U1ALICE"
    )
    _, listed = await server.command("advocates", user="ULEAD")
    [card] = await fake.wait_for_call("chat.postMessage")
    approve = buttons(card)

    assert "Your win is recorded" in reported["text"]
    assert listed["text"].startswith("1 advocate candidate")
    assert "2 wins on 2 days" in str(card.json_param("blocks"))
    assert card.params["channel"] == "ULEAD"  # a DM, posted to the user id
    assert set(approve) == {"advocate_approve", "advocate_dismiss"}

    nosy = click(fake, "U1PERSON", "advocate_approve", approve["advocate_approve"], "2.1")
    assert (await server.interact(nosy)).status == 200
    [refused] = await fake.wait_for_call("response_url")
    assert "only programme leads" in refused.params["text"]

    lead = click(fake, "ULEAD", "advocate_approve", approve["advocate_approve"], "2.2")
    assert (await server.interact(lead)).status == 200
    invitation = (await fake.wait_for_call("chat.postMessage", 2))[1]
    assert set(buttons(invitation)) == {"champion_accept", "champion_not_now"}
    assert invitation.params["channel"] == "U1ALICE"
    approved = (await fake.wait_for_call("response_url", 2))[1]
    assert approved.params["text"].startswith("Approved")

    accept = click(fake, "U1ALICE", "champion_accept", "champion_accept", "3.1")
    assert (await server.interact(accept)).status == 200
    welcome = (await fake.wait_for_call("response_url", 3))[2]
    assert welcome.params["text"].startswith("Welcome aboard")

    # A month after accepting, the scheduler's tick brings the first recap.
    await server.services.advocacy.service.tick(datetime.now(UTC) + timedelta(days=28))
    recap = (await fake.wait_for_call("chat.postMessage", 3))[2]
    assert "monthly impact recap" in str(recap.json_param("blocks")).lower()
    assert "you shared 1 win, about 3 h saved" in str(recap.json_param("blocks"))
    [champion] = await server.services.advocacy.service.list(("champion",))
    assert (champion.ref, champion.reviewer) == (ALICE, "slack:ULEAD")


async def test_the_digests_approve_button_sends_the_invitation(
    server: Server, fake: FakeSlackWebApi
) -> None:
    """The digest's buttons carry the candidate in their action id (Slack wants each action_id
    unique in a message): pressing one decides exactly as the review card's button does."""
    await an_earlier_win(server)
    await server.command(
        "win reconciled the March accounts with it, saved me 3 hours", user="U1ALICE"
    )
    [candidate] = await server.services.advocacy.service.list(("candidate",))
    action = f"advocate_approve:{candidate.person_id}"

    nosy = click(fake, "U1PERSON", action, str(candidate.person_id), "4.1")
    assert (await server.interact(nosy)).status == 200
    [refused] = await fake.wait_for_call("response_url")
    lead = click(fake, "ULEAD", action, str(candidate.person_id), "4.2")
    assert (await server.interact(lead)).status == 200
    [invitation] = await fake.wait_for_call("chat.postMessage")

    assert "only programme leads" in refused.params["text"]
    assert set(buttons(invitation)) == {"champion_accept", "champion_not_now"}
    [approved] = await server.services.advocacy.service.list(("invited", "approved"))
    assert approved.reviewer == "slack:ULEAD"
