"""Wins people report: idempotent on the report's key."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.records import Recorded, Win
from storage.database import Session, orm_view
from storage.repositories.convert import to_win
from storage.repositories.upsert import insert_unless_exists
from storage.tables import PersonRow, WinRow


def insert_win(session: Session, *, values: dict[str, Any]) -> Recorded:
    new_id = insert_unless_exists(session, WinRow, values=values, unique_on=("event_key",))
    if new_id is not None:
        return Recorded(id=new_id, created=True)
    existing = session.scalar(select(WinRow.id).where(WinRow.event_key == values["event_key"]))
    return Recorded(id=int(existing or 0), created=False)


def list_wins(session: Session, *, person_id: int, limit: int = 50) -> list[Win]:
    with orm_view(session) as orm:
        rows = orm.execute(
            select(WinRow, PersonRow)
            .join(PersonRow, WinRow.person_id == PersonRow.id)
            .where(WinRow.person_id == person_id)
            .order_by(WinRow.occurred_at.desc(), WinRow.id.desc())
            .limit(limit)
        ).all()
        return [to_win(win, person) for win, person in rows]
