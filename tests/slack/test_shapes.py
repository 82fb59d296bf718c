"""Real payload shapes: Slack Connect channels shared between organisations, Enterprise Grid
org-wide installs, and Slack telling us our tokens are gone."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from tests.fakes.slack_web_api import FakeSlackWebApi
from tests.slack.harness import API_TOKEN, TEAM, Server, reaction_envelope, running
from tests.support.server import count_rows

OTHER_ORG = "T_SOURCE"  # the reacting user's own workspace, in another organisation
EXTERNAL = "U_EXTERNAL"


def shared_channel_reaction(event_id: str, *, user: str, user_team: str) -> dict[str, Any]:
    """Shaped like Bolt's shared-channel test: the envelope names the acting user's
    workspace, `authorizations[0]` the installation that receives the event."""
    envelope = reaction_envelope(event_id, reaction="+1", user=user, item_user="U_SOMEONE")
    envelope.update(
        team_id=user_team,
        enterprise_id=None,
        is_ext_shared_channel=True,
        context_team_id=TEAM,
        authorizations=[{"team_id": TEAM, "user_id": "UGROUNDSWELL", "is_bot": True}],
    )
    envelope["event"]["user_team"] = user_team
    return envelope


async def register(server: Server, channel: str = "C1", ts: str = "1700000000.000100") -> int:
    body = {
        "platform": "slack",
        "workspace": TEAM,
        "channel": channel,
        "message_id": ts,
        "assistant": "finance-helper",
    }
    headers = {"Authorization": f"Bearer {API_TOKEN}"}
    async with server.http.post(f"{server.url}/api/v1/outputs", json=body, headers=headers) as r:
        assert r.status == 201
        output_id: int = (await r.json())["id"]
        return output_id


async def test_an_external_users_rating_in_a_shared_channel_counts(server: Server) -> None:
    output_id = await register(server)
    response = await server.event(
        shared_channel_reaction("EvExt", user=EXTERNAL, user_team=OTHER_ORG)
    )
    assert response.status == 200
    [item] = await server.wait_for_feedback(1)
    # The answer is the installation's; the person is keyed by their own workspace.
    assert (item["output"]["id"], item["workspace"], item["user"]) == (
        output_id,
        OTHER_ORG,
        EXTERNAL,
    )


async def test_one_message_rated_from_both_organisations_is_one_answer(
    server: Server, database_url: str
) -> None:
    """An assistant message recognised on the fly: the first rating registers it, whichever
    side's installation the events arrive through."""
    inside = reaction_envelope("EvIn", reaction="+1", user="U_INSIDE")
    outside = shared_channel_reaction("EvOut", user=EXTERNAL, user_team=OTHER_ORG)
    outside["event"]["item_user"] = inside["event"]["item_user"]  # our configured assistant
    # The other organisation installed Groundswell too: its copy arrives through its own.
    outside["authorizations"] = [{"team_id": OTHER_ORG, "user_id": "UOTHERBOT", "is_bot": True}]
    assert (await server.event(inside)).status == 200
    assert (await server.event(outside)).status == 200
    items = await server.wait_for_feedback(2)
    assert len({item["output"]["id"] for item in items}) == 1
    assert count_rows(database_url, "ai_outputs") == {"ai_outputs": 1}


async def test_org_wide_enterprise_install_keys_people_by_the_org(server: Server) -> None:
    """An org-wide (Enterprise Grid) install has no team in its authorization, and W… user
    ids belong to the whole org: one person whichever workspace they act in."""
    for event_id, workspace in (("EvGrid1", "T_WS1"), ("EvGrid2", "T_WS2")):
        envelope = reaction_envelope(
            event_id, reaction="+1", user="W0GRID", ts=f"17000000{event_id[-1]}0.000100"
        )
        envelope.update(team_id=workspace, enterprise_id="E0ORG")
        envelope["authorizations"] = [
            {
                "enterprise_id": "E0ORG",
                "team_id": None,
                "user_id": "UGROUNDSWELL",
                "is_bot": True,
                "is_enterprise_install": True,
            }
        ]
        assert (await server.event(envelope)).status == 200
    items = await server.wait_for_feedback(2)
    assert {(item["workspace"], item["user"]) for item in items} == {("E0ORG", "W0GRID")}


async def test_uninstall_with_one_fixed_token_tells_the_operator(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    envelope = reaction_envelope("EvGone")
    envelope["event"] = {"type": "app_uninstalled", "event_ts": "1700000000.1"}
    with caplog.at_level(logging.WARNING):
        assert (await server.event(envelope)).status == 200
        await server.drained()
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "SLACK_BOT_TOKEN no longer works" in warnings[0]


@pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")
@pytest.mark.parametrize("event", ["app_uninstalled", "tokens_revoked"])
async def test_uninstall_deletes_the_stored_tokens(
    database_url: str, fake: FakeSlackWebApi, event: str
) -> None:
    async with running(
        database_url, fake, bot_token=None, client_id="111.222", client_secret="a-real-secret-9"
    ) as server:
        await server.install_with_oauth()
        assert count_rows(database_url, "slack_bots")["slack_bots"] == 1
        envelope = reaction_envelope("EvUninstall")
        envelope["event"] = {"type": event, "event_ts": "1700000000.1"}
        if event == "tokens_revoked":
            envelope["event"]["tokens"] = {"bot": ["UGROUNDSWELL"]}
        assert (await server.event(envelope)).status == 200
        await server.drained()
        remaining = count_rows(database_url, "slack_bots", "slack_installations")
        # A rating after the uninstall finds no token: nothing is posted with the old one.
        fake.reset_calls()
        assert (await server.event(reaction_envelope("EvAfter", reaction="-1"))).status == 200
        await server.drained()
    assert remaining["slack_bots"] == 0
    if event == "app_uninstalled":
        assert remaining["slack_installations"] == 0
    assert [call.token for call in fake.calls("chat.postEphemeral")] == []
