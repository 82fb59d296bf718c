"""INSERT … ON CONFLICT DO NOTHING for both backends: idempotent writes without a read first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.base import Base


async def insert_unless_exists(
    session: AsyncSession, table: type[Base], *, values: dict[str, Any], unique_on: Sequence[str]
) -> int | None:
    """Insert a row and return its id, or None when a row with the same unique key exists.

    Only the named unique key may conflict; any other violation still raises.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=list(unique_on))
        .returning(table.__table__.c.id)
    )
    new_id: int | None = await session.scalar(statement)
    return new_id
