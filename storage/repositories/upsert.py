"""INSERT … ON CONFLICT DO NOTHING for both backends: idempotent writes without a read first."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import Insert
from sqlalchemy.dialects import postgresql, sqlite

from storage.base import Base
from storage.database import Session
from storage.prepared import Prepared


@cache
def conflict_free_insert(dialect: str, table: type[Base], unique_on: tuple[str, ...]) -> Insert:
    """Built once per table: constructing SQLAlchemy statements costs more than running them."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (
        insert(table)
        .on_conflict_do_nothing(index_elements=list(unique_on))
        .returning(table.__table__.c.id)
    )


def insert_unless_exists(
    session: Session, table: type[Base], *, values: dict[str, Any], unique_on: Sequence[str]
) -> int | None:
    """Insert a row and return its id, or None when a row with the same unique key exists.

    Only the named unique key may conflict; any other violation still raises.
    """
    statement = conflict_free_insert(session.dialect.name, table, tuple(unique_on))
    new_id: int | None = session.scalar(statement, values)
    return new_id


def prepared_insert(
    table: type[Base], *, unique_on: tuple[str, ...], keys: Sequence[str]
) -> Prepared:
    """The same conflict-free insert, prepared for the hot path (see storage/prepared.py)."""
    return Prepared(lambda dialect: conflict_free_insert(dialect, table, unique_on), keys=keys)
