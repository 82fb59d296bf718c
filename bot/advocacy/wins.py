"""Wins: real problems people solved with the assistant, in their own words."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from bot.advocacy.detect import WinContext, read_text
from bot.advocacy.detect.durations import MAX_MINUTES_SAVED
from bot.errors import PersonForgotten
from bot.records import FeedbackSource, Frozen, PersonRef, Recorded, UtcDatetime, Win
from storage.database import Database, Session
from storage.repositories import people as people_repo
from storage.repositories import wins as wins_repo

MAX_MINUTES = MAX_MINUTES_SAVED


def estimate_minutes_saved(text: str) -> int | None:
    """Minutes saved that the text states or implies, read by the win detector: "saved me ~2h"
    → 120, "in 20 minutes instead of half a day" → 220, "10 min per ticket" → 10 (a rate stays
    per unit). None when unsaid, only hoped for ("could save 2 hours"), or not time at all
    ("$5m", "3D models", "2 weeks of logs")."""
    saved = read_text(text, WinContext.WIN_REPORT).time_saved
    return saved.minutes if saved else None


class WinReport(Frozen):
    key: str = Field(min_length=1, max_length=255)
    person: PersonRef
    text: str = Field(min_length=1, max_length=3000)
    use_case: str | None = Field(default=None, max_length=255)
    minutes_saved: int | None = Field(default=None, ge=0, le=MAX_MINUTES)
    # A bucket key from bot.feedback.vocabulary.TIME_SAVED when the person picked one.
    time_saved: str | None = Field(default=None, max_length=16)
    shareable: bool = False
    output_id: int | None = None
    source: FeedbackSource
    occurred_at: UtcDatetime


class WinService:
    def __init__(self, database: Database, *, fingerprint_key: bytes) -> None:
        self._db = database
        self._fingerprint_key = fingerprint_key

    async def record(self, report: WinReport) -> Recorded:
        """Idempotent on the report's key; minutes saved are read from the text when not given."""
        minutes = report.minutes_saved
        if minutes is None:
            minutes = estimate_minutes_saved(report.text)

        def work(session: Session) -> Recorded | None:
            person_id = people_repo.admit_person(
                session, ref=report.person, fingerprint_key=self._fingerprint_key
            )
            if person_id is None:
                return None  # they asked to be forgotten
            return wins_repo.insert_win(
                session,
                values={
                    "event_key": report.key,
                    "person_id": person_id,
                    "output_id": report.output_id,
                    "text": report.text.strip(),
                    "use_case": report.use_case,
                    "minutes_saved": minutes,
                    "time_saved": report.time_saved,
                    "shareable": report.shareable,
                    "source": report.source.value,
                    "occurred_at": report.occurred_at,
                },
            )

        recorded = await self._db.run(work)
        if recorded is None:
            # Raised after the unit committed, so a legacy tombstone's re-keying is kept.
            raise PersonForgotten()
        return recorded

    async def list_for(self, person: PersonRef, limit: int = 50) -> list[Win]:
        def work(session: Session) -> list[Win]:
            person_id = people_repo.find_person_id(session, ref=person)
            if person_id is None:
                return []
            return wins_repo.list_wins(session, person_id=person_id, limit=limit)

        return await self._db.run(work)


def describe_minutes(minutes: int | None) -> str:
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"


def week_of(moment: datetime) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"
