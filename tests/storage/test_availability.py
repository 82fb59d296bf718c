"""An unreachable database is `DatabaseUnavailable`, told once per outage; a bug keeps its type."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from storage.availability import DatabaseUnavailable
from storage.database import Conflict, Database
from tests.support.postgres import free_port


def listen(database: Database) -> list[str]:
    heard: list[str] = []
    database.availability.listeners.append(
        lambda outage: heard.append("down" if outage is not None else "up")
    )
    return heard


async def test_a_server_that_is_not_there_is_unavailable_once_per_outage() -> None:
    database = Database(f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/gone")
    heard = listen(database)
    try:
        for _ in range(3):
            with pytest.raises(DatabaseUnavailable, match="cannot reach PostgreSQL"):
                await database.ping()
    finally:
        await database.dispose()
    assert heard == ["down"]


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT * FROM no_such_table",
        "SELEKT 1",
        "INSERT INTO people (id, platform, tenant, user_id) VALUES (1, 'slack', 'T', 'U'), "
        "(1, 'slack', 'T', 'U2')",
    ],
)
async def test_a_mistake_in_sql_is_not_an_outage(database: Any, statement: str) -> None:
    heard = listen(database)
    with pytest.raises(Exception) as raised:
        await database.run(lambda session: session.execute(text(statement)))
    assert not isinstance(raised.value, DatabaseUnavailable)
    if "INSERT" in statement:
        assert isinstance(raised.value, Conflict)  # services retry races on this type
    await database.ping()
    assert heard == []
