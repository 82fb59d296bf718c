"""Reactions on answers Groundswell relayed into a channel: 👍 counts, removing it retracts."""

from __future__ import annotations

from typing import Any

from bot.feedback.relay import Relay
from tests.fakes.bot_connector import FakeBotConnector
from tests.teams.support import Running, fixture_payload, running, settings_for


async def relay_into_channel(server: Running, fake: FakeBotConnector) -> tuple[dict[str, Any], str]:
    installed = fixture_payload("installationUpdate_add_channel.json")
    installed["serviceUrl"] = fake.service_url
    assert (await server.post_activity(installed))[0] in (200, 202)
    tenant = installed["channelData"]["tenant"]["id"]
    channel = installed["conversation"]["id"]
    await Relay(server.messenger, server.services.outputs).to_channel(
        tenant, channel, "The policy allows 25 days.", assistant="hr-bot"
    )
    return installed, fake.sent_activities[-1].response["id"]


def reaction(name: str, installed: dict[str, Any], message_id: str, kind: str) -> dict[str, Any]:
    raw = fixture_payload(name)
    raw.update(
        serviceUrl=installed["serviceUrl"],
        conversation=installed["conversation"],
        channelData=installed["channelData"],
        replyToId=message_id,
        id=f"f:{kind}",
    )
    return raw


async def test_like_counts_as_up_and_removing_it_retracts(
    database_url: str, fake: FakeBotConnector
) -> None:
    async with running(settings_for(database_url, fake)) as server:
        installed, message_id = await relay_into_channel(server, fake)
        added = reaction("messageReaction_reactionsAdded.json", installed, message_id, "added")
        removed = reaction("messageReaction_reactionsRemoved.json", installed, message_id, "gone")
        assert (await server.post_activity(added))[0] in (200, 202)
        assert (await server.post_activity(added))[0] in (200, 202)  # a redelivery
        [up] = await server.feedback_items()
        assert (up["rating"], up["source"], up["current"]) == ("up", "reaction", True)
        assert up["output"]["assistant"] == "hr-bot"

        assert (await server.post_activity(removed))[0] in (200, 202)
        [after] = await server.feedback_items()
    assert after["current"] is False
    assert after["retracted_at"] is not None


async def test_reactions_on_other_messages_and_unmapped_reactions_are_ignored(
    database_url: str, fake: FakeBotConnector
) -> None:
    async with running(settings_for(database_url, fake)) as server:
        installed, message_id = await relay_into_channel(server, fake)
        elsewhere = reaction("messageReaction_reactionsAdded.json", installed, "123", "a")
        surprised = reaction("messageReaction_reactionsAdded.json", installed, message_id, "b")
        surprised["reactionsAdded"] = [{"type": "surprised"}]
        for body in (elsewhere, surprised):
            assert (await server.post_activity(body))[0] in (200, 202)
        assert await server.feedback_items() == []


async def test_a_configured_negative_reaction_rates_down_and_offers_the_follow_up_form(
    database_url: str, fake: FakeBotConnector
) -> None:
    settings = settings_for(database_url, fake)
    settings.teams.negative_reactions = ["sad"]
    async with running(settings) as server:
        installed, message_id = await relay_into_channel(server, fake)
        sad = reaction("messageReaction_reactionsAdded.json", installed, message_id, "sad")
        sad["reactionsAdded"] = [{"type": "sad"}]
        sad["from"] = installed["from"]  # the installer, whose chat we can open
        fake.reset()
        assert (await server.post_activity(sad))[0] in (200, 202)
        [down] = await server.feedback_items()
    assert down["rating"] == "down"
    [form] = fake.sent_activities
    card = form.json["attachments"][0]["content"]
    assert {item.get("id") for item in card["body"]} >= {"reason", "comment"}
    assert card["actions"][0]["data"]["gs_value"] == str(down["output"]["id"])


async def test_a_like_offers_the_weekly_share_a_win_card_as_slack_does(
    database_url: str, fake: FakeBotConnector
) -> None:
    """The one feedback flow: after a 👍 Teams asks for a win too, at most once a week, as a
    card holding the same form Slack opens as a modal."""
    async with running(settings_for(database_url, fake)) as server:
        installed, first = await relay_into_channel(server, fake)
        await Relay(server.messenger, server.services.outputs).to_channel(
            installed["channelData"]["tenant"]["id"],
            installed["conversation"]["id"],
            "Another answer.",
            assistant="hr-bot",
        )
        second = fake.sent_activities[-1].response["id"]
        fake.reset()
        for number, message_id in enumerate((first, second)):
            like = reaction(
                "messageReaction_reactionsAdded.json", installed, message_id, f"l{number}"
            )
            like["from"] = installed["from"]
            assert (await server.post_activity(like))[0] in (200, 202)
        assert len(await server.feedback_items()) == 2
    [offer] = fake.sent_activities
    card = offer.json["attachments"][0]["content"]
    assert {item.get("id") for item in card["body"]} >= {"text", "time_saved", "share"}
    assert card["actions"][0]["data"]["gs_action"] == "win_submit"
