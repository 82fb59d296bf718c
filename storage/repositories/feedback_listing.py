"""Reading feedback back as a change feed: every insert and every change, in commit order.

Each feedback row carries the position of its latest change, (transaction, sequence), set by
triggers (migration 0007). Reading in that order from a position the consumer kept, it sees
each row again whenever it changed (superseded, retracted) and never skips one:

- PostgreSQL: ids and sequence values are taken before commit, so a later value can commit
  first. A row is only returned once every transaction older than it has ended: its writing
  transaction's id is below the xmin of the reader's snapshot (all older transactions are
  committed or gone), and whatever commits later has an id at or above that xmin, so it sorts
  after the consumer's position. A transaction held open elsewhere delays the feed; it never
  makes it skip.
- SQLite: one writer, committing in order; the transaction part is always 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import BigInteger, ColumnElement, literal_column, select, tuple_

from bot.records import Feedback
from storage.database import Session, orm_view
from storage.repositories.convert import to_feedback
from storage.tables import FeedbackRow, OutputRow, PersonRow

# The oldest transaction still running when the statement's snapshot was taken (xid8 → bigint).
SNAPSHOT_XMIN: ColumnElement[int] = literal_column(
    "pg_snapshot_xmin(pg_current_snapshot())::text::bigint", BigInteger
)


@dataclass(frozen=True, order=True)
class FeedPosition:
    """Where a consumer stands in the feed: after the change at (xact, seq)."""

    xact: int = 0
    seq: int = 0


@dataclass(frozen=True)
class Change:
    feedback: Feedback
    position: FeedPosition


def settled(session: Session) -> ColumnElement[bool] | None:
    """Only rows whose every earlier transaction has ended (see the module's docstring)."""
    if session.dialect.name == "postgresql":
        return FeedbackRow.change_xact < SNAPSHOT_XMIN
    return None


def list_changes(
    session: Session, *, since: datetime | None, after: FeedPosition, limit: int
) -> list[Change]:
    """Up to `limit` changes after `after`, oldest first; `since` keeps feedback that
    happened at or after that time."""
    position = tuple_(FeedbackRow.change_xact, FeedbackRow.change_seq)
    statement = (
        select(FeedbackRow, PersonRow, OutputRow)
        .join(PersonRow, FeedbackRow.person_id == PersonRow.id)
        .outerjoin(OutputRow, FeedbackRow.output_id == OutputRow.id)
        .where(position > tuple_(after.xact, after.seq))
        .order_by(FeedbackRow.change_xact, FeedbackRow.change_seq)
        .limit(limit)
    )
    gate = settled(session)
    if gate is not None:
        statement = statement.where(gate)
    if since is not None:
        statement = statement.where(FeedbackRow.occurred_at >= since)
    with orm_view(session) as orm:
        rows = orm.execute(statement).all()
        return [
            Change(
                feedback=to_feedback(row, person, output),
                position=FeedPosition(row.change_xact, row.change_seq),
            )
            for row, person, output in rows
        ]
