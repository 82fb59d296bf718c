"""Wins: real problems people solved with the assistant, in their own words.

Every free-text path hands its words here: a win someone chose to report (`/groundswell win`,
the share-a-win form) is kept with the detector's reading of it, whatever that reading is;
words written for another reason (a 👎 comment, an API comment, a survey's free text) become
a win only when the detector reads one in them.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from pydantic import Field

from bot.advocacy.detect import WinContext, WinDetector, WinVerdict, read_text
from bot.advocacy.detect.durations import MAX_MINUTES_SAVED
from bot.errors import PersonForgotten
from bot.records import (
    FeedbackEvent,
    FeedbackSource,
    Frozen,
    PersonRef,
    Rating,
    Recorded,
    UtcDatetime,
    Win,
)
from storage.database import Database, Session
from storage.repositories import outputs as outputs_repo
from storage.repositories import people as people_repo
from storage.repositories import wins as wins_repo

log = logging.getLogger(__name__)

MAX_MINUTES = MAX_MINUTES_SAVED
MAX_TEXT = 3000
NewWinListener = Callable[[PersonRef, datetime], Awaitable[None]]


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
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    use_case: str | None = Field(default=None, max_length=255)
    minutes_saved: int | None = Field(default=None, ge=0, le=MAX_MINUTES)
    # A bucket key from bot.feedback.vocabulary.TIME_SAVED when the person picked one.
    time_saved: str | None = Field(default=None, max_length=16)
    shareable: bool = False
    output_id: int | None = None
    source: FeedbackSource
    occurred_at: UtcDatetime


def evidence_of(verdict: WinVerdict, **extra: str) -> dict[str, object]:
    """What the wins.evidence column keeps: the span, whether the detector read a win, who read
    it (rules or model), a rate's unit, and where the words came from (a survey question)."""
    span = verdict.evidence.as_json() if verdict.evidence else None
    return {
        "detected": verdict.is_win,
        "span": span,
        "read_by": verdict.source,
        "time_saved_per": verdict.time_saved.per if verdict.time_saved else None,
        **extra,
    }


class WinService:
    def __init__(
        self,
        database: Database,
        *,
        fingerprint_key: bytes,
        detector: WinDetector | None = None,
    ) -> None:
        self._db = database
        self._fingerprint_key = fingerprint_key
        self.detector = detector or WinDetector()
        self._listeners: list[NewWinListener] = []

    def on_new_win(self, listener: NewWinListener) -> None:
        """Called after a new detected win is stored (advocate scores are recomputed)."""
        self._listeners.append(listener)

    async def record(
        self,
        report: WinReport,
        *,
        context: WinContext = WinContext.WIN_REPORT,
        verdict: WinVerdict | None = None,
        **extra: str,
    ) -> Recorded:
        """Idempotent on the report's key; minutes saved are the detector's when not given."""
        verdict = verdict or await self.detector.judge(report.text, context)
        minutes = report.minutes_saved
        if minutes is None:
            minutes = verdict.time_saved_minutes

        def work(session: Session) -> Recorded | None:
            person_id = people_repo.admit_person(
                session, ref=report.person, fingerprint_key=self._fingerprint_key
            )
            if person_id is None:
                return None  # they asked to be forgotten
            use_case = report.use_case
            if use_case is None and report.output_id is not None:
                output = outputs_repo.find_output(session, output_id=report.output_id)
                use_case = output.use_case if output is not None else None
            return wins_repo.insert_win(
                session,
                values={
                    "event_key": report.key,
                    "person_id": person_id,
                    "output_id": report.output_id,
                    "text": report.text.strip(),
                    "use_case": use_case,
                    "minutes_saved": minutes,
                    "time_saved": report.time_saved,
                    "shareable": report.shareable,
                    "confidence": round(verdict.probability, 3),
                    "evidence": evidence_of(verdict, **extra),
                    "source": report.source.value,
                    "occurred_at": report.occurred_at,
                },
            )

        recorded = await self._db.run(work)
        if recorded is None:
            # Raised after the unit committed, so a legacy tombstone's re-keying is kept.
            raise PersonForgotten()
        if recorded.created and verdict.is_win:
            await self._tell(report.person, report.occurred_at)
        return recorded

    async def _tell(self, person: PersonRef, at: datetime) -> None:
        for listener in self._listeners:
            try:
                await listener(person, at)
            except Exception as error:  # a score refresh must never lose the win
                log.warning("new-win listener failed (%s)", type(error).__name__)

    async def consider_comment(self, event: FeedbackEvent) -> Recorded | None:
        """A comment (👎 "what went wrong", `feedback …`, an API comment) that reports a win
        is kept as one too; None when the detector reads no win in it."""
        if not event.comment or not event.comment.strip():
            return None
        context = WinContext.UNKNOWN
        if event.rating is Rating.DOWN or event.reason is not None:  # "what went wrong?"
            context = WinContext.COMPLAINT
        elif event.rating is Rating.UP:
            context = WinContext.HELPED
        verdict = await self.detector.judge(event.comment, context)
        if not verdict.is_win:
            return None
        report = WinReport(
            key=f"comment:{event.key}"[:255],
            person=event.person,
            text=event.comment[:MAX_TEXT],
            output_id=event.output_id,
            source=event.source,
            occurred_at=event.occurred_at,
        )
        return await self.record(report, context=context, verdict=verdict)

    async def consider_survey_answer(
        self,
        *,
        person: PersonRef,
        text: str,
        survey: str,
        question: str,
        key: str,
        occurred_at: datetime,
    ) -> Recorded | None:
        """An attributed survey's free-text answer that reports a win is kept as one; None when
        it reports none, or the person was forgotten. Never call this for an anonymous survey:
        its answers must not become wins with a name on them."""
        if not text.strip():
            return None
        verdict = await self.detector.judge(text, WinContext.HELPED)
        if not verdict.is_win:
            return None
        report = WinReport(
            key=f"survey:{key}"[:255],
            person=person,
            text=text.strip()[:MAX_TEXT],
            source=FeedbackSource.SURVEY,
            occurred_at=occurred_at,
        )
        try:
            return await self.record(
                report, verdict=verdict, survey=survey[:100], question=question[:100]
            )
        except PersonForgotten:
            return None

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
