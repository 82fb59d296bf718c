"""Storage round trips on SQLite and PostgreSQL: what goes in comes back, once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from bot.records import MessageRef, OutputRegistration, PersonRef, Platform
from storage.database import Database
from storage.repositories import events, nudges, outputs, people

BOB = PersonRef(platform=Platform.TEAMS, tenant="tenant-1", user_id="29:bob")
MESSAGE = MessageRef(platform=Platform.TEAMS, tenant="tenant-1", channel="19:c", message_id="m1")


async def test_times_come_back_timezone_aware_utc(database: Database) -> None:
    posted = datetime(2026, 11, 27, 10, 30, tzinfo=timezone(timedelta(hours=2)))
    async with database.transaction() as session:
        recorded = await outputs.register_output(
            session,
            registration=OutputRegistration(message=MESSAGE, assistant="copilot", posted_at=posted),
        )
    async with database.transaction() as session:
        found = await outputs.find_output(session, output_id=recorded.id)
    assert found is not None and found.posted_at is not None
    assert found.posted_at == posted
    assert found.posted_at.utcoffset() == timedelta(0)
    assert found.registered_at.tzinfo is not None


async def test_naive_times_are_refused(database: Database) -> None:
    with pytest.raises(Exception, match="naive datetime refused"):
        async with database.transaction() as session:
            await events.prune_events(session, older_than=datetime(2026, 1, 1))


async def test_person_round_trip_and_profile_update(database: Database) -> None:
    async with database.transaction() as session:
        first = await people.ensure_person(session, ref=BOB, display_name="Bob")
        again = await people.ensure_person(session, ref=BOB)
        await people.update_profile(
            session,
            ref=BOB,
            timezone="Europe/Paris",
            conversation_ref={"conversation": {"id": "a:1"}},
        )
    async with database.transaction() as session:
        person = await people.find_person(session, ref=BOB)
        reference = await people.find_conversation_ref(session, ref=BOB)
    assert first == again
    assert person is not None and (person.display_name, person.timezone) == ("Bob", "Europe/Paris")
    assert reference == {"conversation": {"id": "a:1"}}


async def test_platform_event_is_claimed_once(database: Database) -> None:
    claims = []
    for _ in range(3):
        async with database.transaction() as session:
            claims.append(await events.claim_event(session, platform="slack", event_id="Ev1"))
    async with database.transaction() as session:
        other_platform = await events.claim_event(session, platform="teams", event_id="Ev1")
    assert claims == [True, False, False]
    assert other_platform is True


async def test_nudge_key_is_claimed_once_and_counted(database: Database) -> None:
    async with database.transaction() as session:
        person_id = await people.ensure_person(session, ref=BOB)
        first = await nudges.claim_nudge(session, person_id=person_id, kind="k", dedupe_key="k:1")
        second = await nudges.claim_nudge(session, person_id=person_id, kind="k", dedupe_key="k:1")
        count = await nudges.count_nudges_since(
            session, person_id=person_id, kind="k", since=datetime.now(UTC) - timedelta(hours=1)
        )
    assert (first, second, count) == (True, False, 1)


async def test_forgetting_cascades_and_leaves_only_a_hash(database: Database) -> None:
    async with database.transaction() as session:
        person_id = await people.ensure_person(session, ref=BOB)
        await nudges.claim_nudge(session, person_id=person_id, kind="k", dedupe_key="k:2")
    async with database.transaction() as session:
        assert await people.forget_person(session, ref=BOB)
    async with database.transaction() as session:
        remaining = (await session.execute(text("SELECT count(*) FROM nudges"))).scalar_one()
        hashes = (await session.execute(text("SELECT subject_hash FROM forgotten_people"))).all()
        assert await people.is_forgotten(session, ref=BOB)
    assert remaining == 0
    assert len(hashes) == 1 and "bob" not in hashes[0][0]


async def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_url: str) -> None:
    database = Database(sqlite_url)
    async with database.engine.connect() as connection:
        journal = (await connection.execute(text("PRAGMA journal_mode"))).scalar_one()
        foreign_keys = (await connection.execute(text("PRAGMA foreign_keys"))).scalar_one()
    await database.dispose()
    assert (journal, foreign_keys) == ("wal", 1)
