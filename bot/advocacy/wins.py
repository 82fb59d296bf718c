"""Wins: real problems people solved with the assistant, in their own words."""

from __future__ import annotations

import re
from datetime import datetime

from pydantic import Field

from bot.errors import PersonForgotten
from bot.records import FeedbackSource, Frozen, PersonRef, Recorded, UtcDatetime, Win
from storage.database import Database, Session
from storage.repositories import people as people_repo
from storage.repositories import wins as wins_repo

DURATION = re.compile(
    # "2h", "1.5 hours" (digits may touch the unit); "a day", "half an hour" (words may not:
    # "and" is not "an d").
    r"\b(?:(?P<amount>\d{1,4}(?:[.,]\d{1,2})?)\s*|(?P<word>half an?|an?)\s+)"
    r"(?P<unit>hours?|hrs?|h|minutes?|mins?|m|days?|d)\b",
    re.IGNORECASE,
)
MINUTES_PER = {"h": 60, "m": 1, "d": 8 * 60}  # a "day" saved is a working day
MAX_MINUTES = 60 * 24 * 30


def estimate_minutes_saved(text: str) -> int | None:
    """Read "saved 2 hours", "1.5h", "a day early", "half an hour" as minutes; None if unsaid.

    Several amounts add up ("2 hours and 30 minutes"). Capped so a typo cannot claim a year.
    """
    total = 0.0
    for match in DURATION.finditer(text):
        word = (match["word"] or "").lower()
        if word:
            amount = 0.5 if word.startswith("half") else 1.0
        else:
            amount = float(match["amount"].replace(",", "."))
        total += amount * MINUTES_PER[match["unit"][0].lower()]
    if total <= 0:
        return None
    return min(round(total), MAX_MINUTES)


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
