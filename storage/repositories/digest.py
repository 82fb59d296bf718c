"""The weekly digest's records and the conditions its reads share.

Every figure is aggregated in the database, by the three modules beside this one: the ratings
(digest_ratings.py), the wins and advocates (digest_wins.py) and what people said and answered
(digest_voices.py). Each function there takes a half-open UTC period [start, end) and returns
counts, never rows to count in Python. Only the comments behind the themes come back as text,
capped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    ColumnElement,
    and_,
    literal_column,
    or_,
)

from storage.tables import (
    FeedbackRow,
    OutputRow,
    PersonRow,
    WinRow,
)

F = FeedbackRow.__table__.c
O = OutputRow.__table__.c  # noqa: E741 - the one-letter alias keeps the queries readable
W = WinRow.__table__.c
P = PersonRow.__table__.c
MAX_COMMENTS = 2000
UNKNOWN_USE_CASE = "(none)"


@dataclass(frozen=True)
class RatingCounts:
    week: int  # 0: the first period asked for
    assistant: str
    use_case: str
    up: int
    down: int
    people: int


@dataclass(frozen=True)
class Counted:
    """A count of something, and how many distinct people it came from."""

    key: str
    count: int
    people: int


@dataclass(frozen=True)
class WinTotals:
    count: int
    people: int
    stated_minutes: int
    bucket_low: int
    bucket_high: int
    open_ended: int  # wins in the top bucket, whose upper bound nobody knows


@dataclass(frozen=True)
class Highlight:
    text: str
    use_case: str | None
    minutes_saved: int | None
    author: str | None


@dataclass(frozen=True)
class PulseRun:
    run_id: int
    survey: str
    scheduled_for: datetime
    invited: int
    answered: int
    questions: list[dict[str, object]]


@dataclass(frozen=True)
class Comment:
    text: str
    person_id: int
    reason: str | None


@dataclass(frozen=True)
class Candidate:
    person_id: int
    name: str | None
    department: str | None
    wins: int
    days: int
    minutes: int
    explanation: str


def current_rating() -> ColumnElement[bool]:
    # Written as the partial index's own condition (ix_feedback_current_by_time), term for
    # term: SQLite uses a partial index only when the query repeats its WHERE.
    # The literal is inlined, not bound: a PostgreSQL generic plan (psycopg prepares a
    # statement run 5 times) cannot prove `rating <> $1` matches the index's predicate.
    return and_(
        F.rating != literal_column("'none'"), F.superseded_at.is_(None), F.retracted_at.is_(None)
    )


def said_something() -> ColumnElement[bool]:
    """ix_feedback_said_by_time's condition, repeated for the same reason."""
    return or_(F.comment.is_not(None), F.reason.is_not(None))
