"""Storage round trips on SQLite and PostgreSQL: what goes in comes back, once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from bot.records import MessageRef, OutputRegistration, PersonRef, Platform
from storage.database import Database, Session
from storage.repositories import events, outbox, outputs, people
from tests.support.secrets import FINGERPRINT_KEY

BOB = PersonRef(platform=Platform.TEAMS, tenant="tenant-1", user_id="29:bob")
MESSAGE = MessageRef(platform=Platform.TEAMS, tenant="tenant-1", channel="19:c", message_id="m1")


async def test_times_come_back_timezone_aware_utc(database: Database) -> None:
    posted = datetime(2026, 11, 27, 10, 30, tzinfo=timezone(timedelta(hours=2)))
    registration = OutputRegistration(message=MESSAGE, assistant="copilot", posted_at=posted)
    recorded = await database.run(lambda s: outputs.register_output(s, registration=registration))
    found = await database.run(lambda s: outputs.find_output(s, output_id=recorded.id))
    assert found is not None and found.posted_at is not None
    assert found.posted_at == posted
    assert found.posted_at.utcoffset() == timedelta(0)
    assert found.registered_at.tzinfo is not None


async def test_naive_times_are_refused(database: Database) -> None:
    naive = datetime(2026, 1, 1)
    with pytest.raises(Exception, match="naive datetime refused"):
        await database.run(lambda s: events.prune_events(s, older_than=naive))


async def test_person_round_trip_and_profile_update(database: Database) -> None:
    def work(session: Session) -> tuple[int, int]:
        first = people.admit_person(session, ref=BOB, fingerprint_key=FINGERPRINT_KEY)
        again = people.admit_person(session, ref=BOB, fingerprint_key=FINGERPRINT_KEY)
        assert first is not None and again is not None
        people.update_profile(
            session,
            ref=BOB,
            display_name="Bob",
            timezone="Europe/Paris",
            conversation_ref={"conversation": {"id": "a:1"}},
        )
        return first, again

    first, again = await database.run(work)
    person = await database.run(lambda s: people.find_person(s, ref=BOB))
    reference = await database.run(lambda s: people.find_conversation_ref(s, ref=BOB))
    assert first == again
    assert person is not None and (person.display_name, person.timezone) == ("Bob", "Europe/Paris")
    assert reference == {"conversation": {"id": "a:1"}}


async def test_platform_event_is_claimed_once(database: Database) -> None:
    claims = [
        await database.run(lambda s: events.claim_event(s, platform="slack", event_id="Ev1"))
        for _ in range(3)
    ]
    other = await database.run(lambda s: events.claim_event(s, platform="teams", event_id="Ev1"))
    assert claims == [True, False, False]
    assert other is True


def outbox_row(person_id: int, key: str) -> dict[str, object]:
    now = datetime.now(UTC)
    return {
        "kind": "k",
        "dedupe_key": key,
        "person_id": person_id,
        "platform": "slack",
        "payload": {},
        "status": "sent",
        "due_at": now,
        "created_at": now,
    }


async def test_an_outbox_key_is_decided_once_and_counted(database: Database) -> None:
    def work(session: Session) -> tuple[bool, bool, int]:
        person_id = people.admit_person(session, ref=BOB, fingerprint_key=FINGERPRINT_KEY)
        first = outbox.add_item(session, values=outbox_row(person_id, "k:1"))
        second = outbox.add_item(session, values=outbox_row(person_id, "k:1"))
        count = outbox.count_kind_since(
            session, person_id=person_id, kind="k", since=datetime.now(UTC) - timedelta(hours=1)
        )
        return first is not None, second is not None, count

    assert await database.run(work) == (True, False, 1)


async def test_a_failed_unit_of_work_leaves_nothing_behind(database: Database) -> None:
    def work(session: Session) -> None:
        people.admit_person(session, ref=BOB, fingerprint_key=FINGERPRINT_KEY)
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await database.run(work)
    assert await database.run(lambda s: people.find_person(s, ref=BOB)) is None


async def test_forgetting_cascades_and_leaves_only_a_hash(database: Database) -> None:
    def remember(session: Session) -> None:
        person_id = people.admit_person(session, ref=BOB, fingerprint_key=FINGERPRINT_KEY)
        outbox.add_item(session, values=outbox_row(person_id, "k:2"))

    await database.run(remember)
    assert await database.run(
        lambda s: people.forget_person(s, ref=BOB, fingerprint_key=FINGERPRINT_KEY)
    )
    remaining = await database.run(lambda s: s.scalar(text("SELECT count(*) FROM outbox")))
    hashes = await database.run(
        lambda s: s.execute(text("SELECT subject_hash FROM forgotten_people")).all()
    )
    assert await database.run(
        lambda s: people.is_forgotten(s, ref=BOB, fingerprint_key=FINGERPRINT_KEY)
    )
    assert remaining == 0
    assert len(hashes) == 1 and "bob" not in hashes[0][0]


async def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_url: str) -> None:
    database = Database(sqlite_url)
    journal, foreign_keys = await database.run(
        lambda s: (s.scalar(text("PRAGMA journal_mode")), s.scalar(text("PRAGMA foreign_keys")))
    )
    await database.dispose()
    assert (journal, foreign_keys) == ("wal", 1)


async def test_concurrent_units_commit_together_but_fail_alone(database: Database) -> None:
    """Group commit (SQLite inline, PostgreSQL lanes): units together share a COMMIT, yet one
    failing unit rolls back only its own writes, and every caller sees its write committed."""
    import asyncio

    carol = PersonRef(platform=Platform.SLACK, tenant="T1", user_id="U_CAROL")

    def failing(session: Session) -> None:
        people.admit_person(session, ref=BOB, fingerprint_key=FINGERPRINT_KEY)
        raise RuntimeError("boom")

    results = await asyncio.gather(
        database.run(lambda s: people.admit_person(s, ref=carol, fingerprint_key=FINGERPRINT_KEY)),
        database.run(failing),
        database.run(lambda s: events.claim_event(s, platform="slack", event_id="Ev9")),
        return_exceptions=True,
    )
    assert isinstance(results[0], int) and isinstance(results[1], RuntimeError)
    assert results[2] is True
    fresh = Database(database.url)  # a second connection sees only committed data
    try:
        assert await fresh.run(lambda s: people.find_person(s, ref=carol)) is not None
        assert await fresh.run(lambda s: people.find_person(s, ref=BOB)) is None
        assert not await fresh.run(
            lambda s: events.claim_event(s, platform="slack", event_id="Ev9")
        )
    finally:
        await fresh.dispose()
