"""Activities Teams sends without being asked: removals mark a conversation unreachable (sends
then fail fast, until an install brings the app back); edits, deletes, typing and events are
acknowledged quietly and change nothing.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.chat.messenger import Outgoing, Unreachable
from bot.records import Platform
from tests.fakes.bot_connector import FakeBotConnector
from tests.support.server import count_rows
from tests.teams.support import (
    ALICE,
    BOT_ID,
    PERSONAL_CHAT,
    activity,
    channel_install,
    fixture_payload,
    install_activity,
    running,
    settings_for,
)
from tests.teams.test_relay import post_output, relay_body

NOTE = Outgoing(kind="note", text="hello")
MARKER = "zq-private-words-7731"


def uninstall_personal(service_url: str) -> dict[str, Any]:
    """installationUpdate `remove` in Alice's 1:1 chat (the documented add, with the action
    Teams sends on uninstall)."""
    raw = install_activity(service_url, "f:uninstall-1")
    for key in ("membersAdded", "eventType"):
        raw.pop(key, None)
    raw.update(type="installationUpdate", action="remove")
    return raw


def bot_removed_from_team(installed: dict[str, Any]) -> dict[str, Any]:
    """The documented teamMemberRemoved, naming our bot, in the team we were installed in."""
    raw = fixture_payload("conversationUpdate_teamMemberRemoved.json")
    bot = installed["recipient"]
    raw.update(
        serviceUrl=installed["serviceUrl"],
        conversation=installed["conversation"],
        recipient=bot,
        membersRemoved=[{"id": bot["id"]}],
        channelData={**raw["channelData"], "tenant": installed["channelData"]["tenant"]},
    )
    return raw


async def test_uninstalled_from_a_personal_chat_sends_fail_fast_until_reinstalled(
    database_url: str, fake: FakeBotConnector
) -> None:
    async with running(settings_for(database_url, fake)) as server:
        assert (await server.post_activity(install_activity(fake.service_url)))[0] in (200, 202)
        assert (await server.post_activity(uninstall_personal(fake.service_url)))[0] in (200, 202)
        fake.reset()
        with pytest.raises(Unreachable) as raised:
            await server.messenger.send_dm(ALICE, NOTE)
        assert fake.calls == []  # failed without asking the connector
        marked = await server.services.conversations.unreachable_since(
            platform=Platform.TEAMS, tenant=ALICE.tenant, conversation_id=PERSONAL_CHAT
        )
        assert (await server.post_activity(install_activity(fake.service_url, "f:again")))[0] in (
            200,
            202,
        )
        fake.reset()
        sent = await server.messenger.send_dm(ALICE, NOTE)
    assert "removed" in raised.value.reason
    assert marked is not None
    assert sent.channel == PERSONAL_CHAT
    assert len(fake.sent_activities) == 1


async def test_removed_from_a_team_relays_there_are_409_until_added_again(
    database_url: str, fake: FakeBotConnector
) -> None:
    installed, channel, tenant = channel_install(fake.service_url)
    body = relay_body(workspace=tenant, channel=channel)
    async with running(settings_for(database_url, fake)) as server:
        assert (await server.post_activity(installed))[0] in (200, 202)
        assert (await server.post_activity(bot_removed_from_team(installed)))[0] in (200, 202)
        fake.reset()
        refused = await post_output(server, body)
        calls_while_removed = list(fake.calls)
        installed["id"] = "f:installed-again"
        assert (await server.post_activity(installed))[0] in (200, 202)
        posted = await post_output(server, body)
    assert (refused[0], refused[1]["error"]) == (409, "unreachable")
    assert calls_while_removed == []
    assert posted[0] == 201


async def test_someone_else_leaving_the_team_changes_nothing_for_us(
    database_url: str, fake: FakeBotConnector
) -> None:
    installed, channel, tenant = channel_install(fake.service_url)
    someone_left = bot_removed_from_team(installed)
    someone_left["membersRemoved"] = [{"id": "29:someone-else"}]
    async with running(settings_for(database_url, fake)) as server:
        assert (await server.post_activity(installed))[0] in (200, 202)
        assert (await server.post_activity(someone_left))[0] in (200, 202)
        status, _ = await post_output(server, relay_body(workspace=tenant, channel=channel))
    assert status == 201


def unrouted(service_url: str) -> list[dict[str, Any]]:
    edited = {"eventType": "editMessage", "tenant": {"id": ALICE.tenant}}
    deleted = {"eventType": "softDeleteMessage", "tenant": {"id": ALICE.tenant}}
    return [
        activity(service_url, "messageUpdate", text=f"edited: {MARKER}", channelData=edited),
        activity(service_url, "messageDelete", channelData=deleted),
        activity(service_url, "typing"),
        activity(
            service_url,
            "event",
            name="application/vnd.microsoft.readReceipt",
            value={"lastReadMessageId": "1700000000123", "note": MARKER},
        ),
        activity(service_url, "endOfConversation", text=MARKER),
    ]


async def test_edits_deletes_typing_and_events_are_acknowledged_quietly(
    database_url: str, fake: FakeBotConnector, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with running(settings_for(database_url, fake)) as server:
        statuses = [(await server.post_activity(body))[0] for body in unrouted(fake.service_url)]
    assert statuses == [202] * len(statuses)
    assert set(count_rows(database_url, "people", "conversations", "feedback").values()) == {0}
    assert fake.calls == []
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert not [r for r in caplog.records if MARKER in r.getMessage()]


async def test_a_removal_from_a_conversation_we_never_knew_stores_nothing(
    database_url: str, fake: FakeBotConnector
) -> None:
    removed = activity(fake.service_url, "installationUpdate", action="remove")
    removed["recipient"] = {"id": BOT_ID}
    async with running(settings_for(database_url, fake)) as server:
        assert (await server.post_activity(removed))[0] in (200, 202)
    assert set(count_rows(database_url, "people", "conversations").values()) == {0}
