"""A writer lane's batch sent in one round trip (storage/pipeline.py): whatever the units do,
each caller gets what it would have got had the units run one after another, and a failing
unit fails alone."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from storage.database import Database, Session
from storage.prepared import Prepared

ADD_PERSON = Prepared(
    text(
        "INSERT INTO people (platform, tenant, user_id, opted_out, created_at, updated_at) "
        "VALUES ('slack', 'T1', :user_id, false, now(), now()) RETURNING id"
    )
)
COUNT_PEOPLE = Prepared(text("SELECT count(*) FROM people"))
COUNT = text("SELECT count(*) FROM people")


def add(user_id: str) -> Callable[[Session], int]:
    def work(session: Session) -> int:
        row = ADD_PERSON.first(session, {"user_id": user_id})
        assert row is not None
        return int(row[0])

    return work


def add_then_count(user_id: str) -> Callable[[Session], int]:
    """Two prepared statements: the second must not see writes of units queued after it."""

    def work(session: Session) -> int:
        add(user_id)(session)
        row = COUNT_PEOPLE.first(session, {})
        assert row is not None
        return int(row[0])

    return work


def count_with_sqlalchemy(session: Session) -> int:
    return int(session.execute(COUNT).scalar_one())


async def together(database: Database, *works: Callable[[Session], Any]) -> list[Any]:
    """Queued in one pass of the event loop, so one lane takes them as one batch."""
    return await asyncio.gather(*(database.run(work) for work in works), return_exceptions=True)


@pytest.fixture
async def pg(postgres_url: str) -> Any:
    database = Database(postgres_url)
    try:
        yield database
    finally:
        await database.dispose()


async def test_a_unit_reading_with_sqlalchemy_sees_the_units_queued_before_it(
    pg: Database,
) -> None:
    base = await pg.run(count_with_sqlalchemy)
    results = await together(pg, add("P1"), add("P2"), count_with_sqlalchemy, add("P3"))
    assert results[2] == base + 2
    assert await pg.run(count_with_sqlalchemy) == base + 3


async def test_a_second_statement_does_not_see_the_writes_of_units_queued_after_it(
    pg: Database,
) -> None:
    base = await pg.run(count_with_sqlalchemy)
    results = await together(pg, add("Q1"), add_then_count("Q2"), add("Q3"), add("Q4"))
    assert results[1] == base + 2  # Q1 and its own Q2; not Q3 or Q4
    assert await pg.run(count_with_sqlalchemy) == base + 4


async def test_a_unit_failing_in_the_database_fails_alone(pg: Database) -> None:
    base = await pg.run(count_with_sqlalchemy)
    results = await together(pg, add("R1"), add("R2"), add("R1"), add("R3"))
    assert isinstance(results[2], IntegrityError)  # R1 exists: the unique key refuses it
    assert all(isinstance(result, int) for index, result in enumerate(results) if index != 2)
    assert await pg.run(count_with_sqlalchemy) == base + 3


async def test_a_unit_raising_after_its_statement_fails_alone(pg: Database) -> None:
    def add_then_fail(session: Session) -> None:
        add("S2")(session)
        raise ValueError("changed my mind")

    base = await pg.run(count_with_sqlalchemy)
    results = await together(pg, add("S1"), add_then_fail, add("S3"))
    assert isinstance(results[1], ValueError)
    assert await pg.run(count_with_sqlalchemy) == base + 2
    found = await pg.run(
        lambda session: (
            session.execute(
                text("SELECT user_id FROM people WHERE user_id LIKE 'S%' ORDER BY user_id")
            )
            .scalars()
            .all()
        )
    )
    assert found == ["S1", "S3"]


async def test_a_batch_given_up_while_a_unit_waits_to_read_runs_in_order(pg: Database) -> None:
    base = await pg.run(count_with_sqlalchemy)
    results = await together(pg, add_then_count("T1"), add("T2"), count_with_sqlalchemy)
    assert results[0] == base + 1
    assert isinstance(results[1], int)
    assert results[2] == base + 2
