"""Installs and first contact: references stored for people and teams, one greeting each."""

from __future__ import annotations

import pytest

from bot.records import Platform
from tests.fakes.bot_connector import FakeBotConnector
from tests.teams.support import (
    ALICE,
    PERSONAL_CHAT,
    activity,
    fixture_payload,
    install_activity,
    running,
    settings_for,
)


async def test_personal_install_stores_the_person_and_greets_them_once(
    database_url: str, fake: FakeBotConnector
) -> None:
    async with running(settings_for(database_url, fake)) as server:
        for activity_id in ("f:install-1", "f:install-2"):  # a retry and a reinstall
            status, _ = await server.post_activity(install_activity(fake.service_url, activity_id))
            assert status in (200, 202)
        person = await server.services.people.find(ALICE)
        reference = await server.services.people.conversation_ref(ALICE)
        chat = await server.services.conversations.reference(
            platform=Platform.TEAMS, tenant=ALICE.tenant, conversation_id=PERSONAL_CHAT
        )

    assert person is not None
    assert (person.display_name, person.timezone) == ("Alice Example", "Europe/Berlin")
    assert reference is not None
    assert reference["conversation"]["id"] == PERSONAL_CHAT
    assert reference["serviceUrl"] == fake.service_url
    assert chat == reference
    [greeting] = fake.sent_activities
    assert "optout" in greeting.json["text"]
    assert "forget-me" in greeting.json["text"]


async def test_team_install_stores_the_channel_reference(
    database_url: str, fake: FakeBotConnector
) -> None:
    installed = fixture_payload("installationUpdate_add_channel.json")
    installed["serviceUrl"] = fake.service_url
    added = fixture_payload("conversationUpdate_botAdded_team.json")
    added["serviceUrl"] = fake.service_url
    async with running(settings_for(database_url, fake)) as server:
        assert (await server.post_activity(installed))[0] in (200, 202)
        assert (await server.post_activity(added))[0] in (200, 202)
        channel = await server.services.conversations.reference(
            platform=Platform.TEAMS,
            tenant=installed["channelData"]["tenant"]["id"],
            conversation_id=installed["conversation"]["id"],
        )
        team_tenant = added["channelData"]["tenant"]["id"]
        team = await server.services.conversations.reference(
            platform=Platform.TEAMS,
            tenant=team_tenant,
            conversation_id=added["conversation"]["id"],
        )
    assert channel is not None and channel["conversation"]["conversationType"] == "channel"
    assert team is not None


@pytest.mark.parametrize("zone", ["../../etc/passwd", "Mars/Base"])
async def test_bad_timezones_and_names_are_not_trusted(
    database_url: str, fake: FakeBotConnector, zone: str
) -> None:
    said = activity(fake.service_url, text="help", localTimezone=zone)
    async with running(settings_for(database_url, fake)) as server:
        assert (await server.post_activity(said))[0] in (200, 202)
        person = await server.services.people.find(ALICE)
    assert person is not None and person.timezone is None


async def test_malformed_activities_get_400_and_store_nothing(
    database_url: str, fake: FakeBotConnector
) -> None:
    good = activity(fake.service_url, text="help")
    broken = [
        b"not json",
        b"[1, 2]",
        b'{"type": "message"}',
        b'{"type": 5, "conversation": {"id": "a"}, "serviceUrl": "http://x/"}',
        b'{"type": "message", "conversation": {"id": "a"}}',
        b'{"type": "message", "conversation": {"id": "a"}, "serviceUrl": "ftp://x/"}',
    ]
    without_conversation = {k: v for k, v in good.items() if k != "conversation"}
    async with running(settings_for(database_url, fake)) as server:
        for body in broken:
            async with server.http.post(f"{server.url}/api/messages", data=body) as response:
                assert response.status == 400, body
                assert (await response.json())["error"] in ("invalid_request", "invalid_activity")
        assert (await server.post_activity(without_conversation))[0] == 400
        assert await server.services.people.find(ALICE) is None
    assert fake.calls == []
