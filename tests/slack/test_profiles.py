"""Slack profiles for the directory, against the fake Web API: users.info is asked once a day
per person the adapter meets (and lazily when a survey needs a timezone), its answers fill
the directory without overriding it, deactivated accounts and 429s are handled, and nobody
forgotten is looked up or re-created."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from adapters.slack.mount import APP_SLACK
from adapters.slack.profiles import profile_of
from bot.people.entries import DirectoryEntry, Source
from bot.records import Person, PersonRef, Platform
from storage.tables import PersonRow
from tests.fakes.slack_web_api import FakeSlackWebApi
from tests.slack.harness import TEAM, Server, reaction_envelope

PERSON = PersonRef(platform=Platform.SLACK, tenant=TEAM, user_id="U1PERSON")


async def settled(server: Server) -> None:
    """Every acked request worked, and every person it met looked up."""
    await server.drained()
    await server.app[APP_SLACK].seen.join()


async def stored(server: Server, ref: PersonRef = PERSON) -> Person:
    found = await server.services.directory.find(ref)
    assert found is not None
    return found


async def test_a_person_met_on_slack_gets_their_profile_once_a_day(
    server: Server, fake: FakeSlackWebApi
) -> None:
    fake.add_user("U1PERSON", real_name="Ann Example", tz="America/Chicago")
    fake.set_response(
        "users.info",
        lambda call: {
            "ok": True,
            "user": {
                **fake.users["U1PERSON"].to_dict(TEAM),
                "profile": {"real_name": "Ann Example", "title": "Controller"},
            },
        },
    )
    await server.event(reaction_envelope("Ev1"))
    await settled(server)
    [call] = fake.calls("users.info")
    assert call.params["user"] == "U1PERSON"
    ann = await stored(server)
    assert (ann.display_name, ann.title, ann.timezone, ann.timezone_source) == (
        "Ann Example",
        "Controller",
        "America/Chicago",
        "slack",
    )
    # More events the same day: no second call.
    await server.event(reaction_envelope("Ev2", ts="1700000000.000999"))
    await server.command("help")
    await settled(server)
    assert len(fake.calls("users.info")) == 1
    assert (await server.services.directory.timezone_of(PERSON)) == "America/Chicago"
    assert len(fake.calls("users.info")) == 1


async def test_a_day_later_the_lazy_refresh_asks_again(
    server: Server, fake: FakeSlackWebApi
) -> None:
    await server.event(reaction_envelope("Ev1"))
    await settled(server)
    assert len(fake.calls("users.info")) == 1
    fake.add_user("U1PERSON", tz="Asia/Tokyo")
    yesterday = datetime.now(UTC) - timedelta(hours=25)
    await server.services.database.run(
        lambda session: session.execute(update(PersonRow).values(profile_checked_at=yesterday))
    )
    assert await server.services.directory.timezone_of(PERSON) == "Asia/Tokyo"
    assert len(fake.calls("users.info")) == 2


async def test_reactions_that_store_nobody_look_nobody_up(
    server: Server, fake: FakeSlackWebApi
) -> None:
    await server.event(reaction_envelope("Ev1", item_user="UHUMAN"))  # not an AI answer
    await settled(server)
    assert fake.calls("users.info") == []


async def test_an_imported_timezone_and_department_stay(
    server: Server, fake: FakeSlackWebApi
) -> None:
    directory = server.services.directory
    await directory.store(
        [DirectoryEntry(ref=PERSON, name="Ann", department="Finance", timezone="Europe/Paris")],
        source=Source.IMPORT,
    )
    fake.add_user("U1PERSON", real_name="Ann E.", tz="America/Chicago")
    await server.event(reaction_envelope("Ev1"))
    await settled(server)
    assert len(fake.calls("users.info")) == 1
    ann = await stored(server)
    assert (ann.display_name, ann.department, ann.timezone) == ("Ann", "Finance", "Europe/Paris")
    assert ann.platform_timezone == "America/Chicago"


async def test_a_deactivated_account_is_marked(server: Server, fake: FakeSlackWebApi) -> None:
    fake.add_user("U1PERSON", deleted=True)
    await server.event(reaction_envelope("Ev1"))
    await settled(server)
    assert (await stored(server)).deactivated is True


async def test_a_429_is_retried_after_retry_after_and_a_lasting_one_leaves_it_for_later(
    server: Server, fake: FakeSlackWebApi
) -> None:
    fake.fail_next("users.info", status=429, retry_after=0, times=1)
    await server.event(reaction_envelope("Ev1"))
    await settled(server)
    assert len(fake.calls("users.info")) == 2  # the 429, then the retry
    assert (await stored(server)).timezone == "Europe/Berlin"
    # Past the client's retries: nothing stored, and the next refresh asks again at once.
    other = PersonRef(platform=Platform.SLACK, tenant=TEAM, user_id="U2PERSON")
    fake.fail_next("users.info", status=429, retry_after=0, times=4)
    await server.event(reaction_envelope("Ev3", user="U2PERSON"))
    await settled(server)
    assert len(fake.calls("users.info")) == 6
    assert (await stored(server, other)).profile_checked_at is None
    assert await server.services.directory.timezone_of(other) == "Europe/Berlin"
    assert len(fake.calls("users.info")) == 7


async def test_someone_forgotten_is_not_looked_up_or_recreated(
    server: Server, fake: FakeSlackWebApi
) -> None:
    await server.services.people.see(PERSON)
    await server.services.people.forget(PERSON)
    await server.event(reaction_envelope("Ev1"))
    await settled(server)
    assert fake.calls("users.info") == []
    assert await server.services.directory.find(PERSON) is None
    assert await server.services.directory.timezone_of(PERSON) is None


def test_users_info_answers_are_read_defensively() -> None:
    profile = profile_of(
        {"real_name": " Bo ", "tz": "Not/AZone", "is_bot": True, "profile": {"title": ""}}
    )
    assert (profile.name, profile.timezone, profile.title, profile.is_bot) == (
        "Bo",
        None,
        None,
        True,
    )
    assert profile_of(None).name is None


def test_the_manifest_asks_for_users_read_and_not_for_email() -> None:
    from adapters.slack.manifest import manifest_bot_scopes

    scopes = manifest_bot_scopes()
    assert "users:read" in scopes
    assert "users:read.email" not in scopes  # emails come from the directory, not Slack


async def test_profiles_never_reach_the_log(
    server: Server, fake: FakeSlackWebApi, caplog: pytest.LogCaptureFixture
) -> None:
    # INFO, as `groundswell serve` logs: slack_sdk's DEBUG lines quote whole answers, and the
    # CLI's logging set-up keeps library loggers above DEBUG (adapters/logs.py).
    caplog.set_level(logging.INFO)
    fake.add_user("U1PERSON", real_name="zqxPersonalName", tz="Asia/Tokyo")
    await server.event(reaction_envelope("Ev1"))
    await settled(server)
    assert (await stored(server)).display_name == "zqxPersonalName"
    assert "zqxPersonalName" not in caplog.text
