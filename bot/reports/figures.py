"""The digest as data: what every rendering (terminal, markdown, HTML, JSON, chat) shows.

A suppressed segment carries `suppressed: true` and no counts (None), never a small number
that would point at a person.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from bot.records import Frozen

Verdict = Literal["met", "not met", "not enough data"]


class Ratings(Frozen):
    up: int | None
    down: int | None
    people: int | None
    helpful_rate: float | None
    helpful_rate_ci: tuple[float, float] | None
    suppressed: bool = False


class UseCaseRatings(Frozen):
    assistant: str
    use_case: str
    up: int | None
    down: int | None
    helpful_rate: float | None
    helpful_rate_ci: tuple[float, float] | None
    previous_rate: float | None
    change: float | None
    beyond_noise: bool
    suppressed: bool


class Criterion(Frozen):
    assistant: str
    use_case: str
    criterion: str
    target: float
    actual: str
    verdict: Verdict


class MinutesSaved(Frozen):
    """Stated minutes plus the bounds of the buckets people picked: a range, not a guess."""

    stated: int
    low: int
    high: int | None  # None: someone picked the open-ended top bucket
    # Pulse answers that picked a bucket ("How much time did it save you this week?"),
    # counted in low and high.
    survey_answers: int = 0


class Highlight(Frozen):
    text: str
    use_case: str | None
    minutes_saved: int | None
    author: str | None


class Wins(Frozen):
    count: int | None
    people: int | None
    minutes_saved: MinutesSaved | None
    highlights: list[Highlight]
    suppressed: bool = False


class Pulse(Frozen):
    survey: str
    run_date: str
    invited: int | None
    answered: int | None
    response_rate: float | None
    distributions: dict[str, dict[str, int]]
    suppressed: bool


class Theme(Frozen):
    label: str
    count: int | None
    quotes: list[str]
    suppressed: bool


class Reason(Frozen):
    reason: str
    label: str
    count: int | None
    suppressed: bool


class Candidate(Frozen):
    person_id: int
    name: str | None
    department: str | None
    group: str
    explanation: str


class Champions(Frozen):
    count: int
    wins: int
    ratings: int


class Advocates(Frozen):
    new_candidates: list[Candidate]
    champions: Champions
    # A channel's copy: the candidates are named to the leads only, until one decides.
    leads_only: bool = False


class Flag(Frozen):
    kind: str
    message: str
    assistant: str | None = None
    use_case: str | None = None


class WeekPoint(Frozen):
    """One week of the charts' history."""

    week: str
    helpful_rates: dict[str, float | None]  # "assistant / use case" → rate (None: too little)
    wins: int
    minutes_stated: int


class Coverage(Frozen):
    registered: int
    with_feedback: int
    rate: float | None


class Digest(Frozen):
    week: str
    period_start: datetime
    period_end: datetime
    generated_at: datetime
    min_group_size: int
    criteria: list[Criterion]
    ratings: Ratings
    coverage: Coverage
    by_use_case: list[UseCaseRatings]
    wins: Wins
    pulse: list[Pulse]
    reasons: list[Reason]
    themes: list[Theme]
    advocates: Advocates
    flags: list[Flag]
    history: list[WeekPoint]
