"""We call back only Microsoft's Bot Framework hosts (and origins an operator adds).

On 5ce48e4 an activity naming any serviceUrl was answered there, and the URL was stored as
the person's address for later proactive messages: a request forger.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.teams.service_urls import ServiceUrls, origin_of
from bot.chat.messenger import Outgoing, Unreachable
from bot.records import PersonRef, Platform
from tests.fakes.bot_connector import FakeBotConnector
from tests.support.server import count_rows
from tests.teams.support import (
    ALICE,
    CHANNEL,
    TENANT,
    activity,
    channel_install,
    install_activity,
    running,
    settings_for,
)
from tests.teams.test_relay import post_output, relay_body

TABLES = ("people", "conversations", "feedback", "processed_events")
NOTE = Outgoing(kind="note", text="hello")


@pytest.fixture
async def attacker() -> Any:
    """Where a forged activity points us: a listener that must never hear from us."""
    async with FakeBotConnector() as listener:
        yield listener


def forged(service_url: str) -> list[dict[str, Any]]:
    """A message, a feedback click on an answer and an install, each naming `service_url`."""
    return [
        activity(service_url, text="help"),
        activity(
            service_url,
            "invoke",
            name="message/submitAction",
            replyToId="1700000000123",
            value={"actionName": "feedback", "actionValue": {"reaction": "dislike"}},
        ),
        install_activity(service_url),
    ]


async def test_activities_naming_another_service_url_are_refused_and_leave_nothing(
    database_url: str, fake: FakeBotConnector, attacker: FakeBotConnector
) -> None:
    async with running(settings_for(database_url, fake)) as server:
        answers = [await server.post_activity(body) for body in forged(attacker.service_url)]
        reference = await server.services.people.conversation_ref(ALICE)
    for status, body in answers:
        assert status == 403
        assert body["fields"] == [{"field": "serviceUrl", "message": body["message"]}]
    assert reference is None
    assert set(count_rows(database_url, *TABLES).values()) == {0}
    assert attacker.calls == [] and fake.calls == []


@pytest.mark.parametrize(
    "service_url",
    [
        "https://smba.trafficmanager.net.attacker.example/amer/",
        "http://smba.trafficmanager.net/amer/",
        "https://smba.trafficmanager.net:8443/amer/",
        "https://attacker.example\\@smba.trafficmanager.net/amer/",
        "https://user@smba.trafficmanager.net/amer/",
        "https://botframework.com.attacker.example/",
        "https://127.0.0.1/",
        "javascript:alert(1)",
    ],
)
async def test_look_alike_service_urls_are_refused(
    database_url: str, fake: FakeBotConnector, service_url: str
) -> None:
    async with running(settings_for(database_url, fake)) as server:
        status, body = await server.post_activity(activity(service_url, text="help"))
    assert (status, body["fields"][0]["field"]) == (403, "serviceUrl")
    assert set(count_rows(database_url, *TABLES).values()) == {0}


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://smba.trafficmanager.net/amer/", True),
        ("https://smba.trafficmanager.net/emea/72f988bf-86f1-41af-91ab-2d7cd011db47/", True),
        ("https://SMBA.TrafficManager.net/teams/", True),
        ("https://smba.infra.gcc.teams.microsoft.com/gcc/", True),
        ("https://smba.infra.gov.teams.microsoft.us/", True),
        ("https://smba.infra.dod.teams.microsoft.us/", True),
        ("https://webchat.botframework.com/", True),
        ("https://europe.directline.botframework.com/", True),
        ("https://botframework.com/", False),
        ("https://smba.trafficmanager.net./amer/", False),
        ("https://teams.microsoft.com/", False),
        ("http://127.0.0.1:3978/", True),  # configured below
        ("http://127.0.0.1:3979/", False),
        ("http://localhost:3978/", False),
    ],
)
def test_the_allow_list(url: str, allowed: bool) -> None:
    assert ServiceUrls(["http://127.0.0.1:3978"]).allows(url) is allowed


@given(st.text(max_size=120) | st.from_regex(r"https?://[a-z0-9.:@\\\[\]-]{0,40}/?.{0,20}"))
def test_only_https_microsoft_hosts_pass_whatever_the_string(url: str) -> None:
    if ServiceUrls().allows(url):
        origin = origin_of(url)
        assert origin is not None
        scheme, host, port = origin
        assert (scheme, port) == ("https", 443)
        assert host.startswith("smba.") or host.endswith(".botframework.com")
        assert "@" not in url and "\\" not in url


async def test_a_stored_reference_to_a_host_no_longer_allowed_is_unreachable_without_a_call(
    database_url: str, fake: FakeBotConnector
) -> None:
    installed, channel, tenant = channel_install(fake.service_url)
    async with running(settings_for(database_url, fake)) as first:
        assert (await first.post_activity(install_activity(fake.service_url)))[0] in (200, 202)
        assert (await first.post_activity(installed))[0] in (200, 202)
    fake.reset()
    # Restarted without the origin in GROUNDSWELL_TEAMS_SERVICE_URLS (or stored before it was
    # checked): the stored addresses are refused at send time.
    async with running(settings_for(database_url)) as second:
        with pytest.raises(Unreachable) as raised:
            await second.messenger.send_dm(ALICE, NOTE)
        status, body = await post_output(second, relay_body(workspace=tenant, channel=channel))
    assert "service URL" in raised.value.reason
    assert (status, body["error"]) == (409, "unreachable")
    assert fake.calls == []


async def test_a_new_chat_on_a_host_we_do_not_call_is_neither_used_nor_stored(
    database_url: str, fake: FakeBotConnector
) -> None:
    bob = PersonRef(platform=Platform.TEAMS, tenant=TENANT, user_id="29:bob")
    said = activity(
        fake.service_url,
        text="<at>Groundswell</at> help",
        conversation={"id": CHANNEL, "conversationType": "channel", "isGroup": True},
    )
    said["from"] = {"id": bob.user_id}
    async with running(settings_for(database_url, fake)) as server:
        assert (await server.post_activity(said))[0] in (200, 202)
        before = await server.services.people.conversation_ref(bob)
        fake.reset()
        fake.created_service_url = "https://attacker.example.com/"
        with pytest.raises(Unreachable):
            await server.messenger.send_dm(bob, NOTE)
        after = await server.services.people.conversation_ref(bob)
    assert after == before  # still the channel's address, not the answered one
    assert [call.path for call in fake.calls] == ["/v3/conversations"]
