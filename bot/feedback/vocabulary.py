"""The words every platform uses for feedback, so reports can count them together.

Slack and Teams render these lists their own way (radio buttons, a choice set); what is
stored is the key. Keys never change meaning: a migration maps retired keys onto these.
"""

from __future__ import annotations

from dataclasses import dataclass

# What went wrong with an answer. "had_to_fix" matters most to a programme: the answer was
# nearly useful, which is a different problem from a wrong one.
REASONS: dict[str, str] = {
    "wrong": "It was wrong",
    "out_of_date": "It was out of date",
    "incomplete": "It missed something",
    "didnt_answer": "It didn't answer my question",
    "had_to_fix": "I had to fix it before I could use it",
    "unclear": "Hard to understand",
    "unsafe": "Unsafe or inappropriate",
    "other": "Something else",
}

# Reasons earlier versions stored, and the key each one means now (migration 0004).
RETIRED_REASONS: dict[str, str] = {
    "incorrect": "wrong",
    "unanswered": "didnt_answer",
    "outdated": "out_of_date",
}


@dataclass(frozen=True)
class TimeSaved:
    """A bucket people pick instead of a number: honest about how well they know it.

    Reports add buckets up as a range (low to high), never as one made-up number; `high` is
    None for the open-ended top bucket.
    """

    key: str
    label: str
    low_minutes: int
    high_minutes: int | None


TIME_SAVED: tuple[TimeSaved, ...] = (
    TimeSaved("under_15m", "Less than 15 minutes", 0, 15),
    TimeSaved("15_60m", "15–60 minutes", 15, 60),
    TimeSaved("1_3h", "1–3 hours", 60, 180),
    TimeSaved("over_3h", "More than 3 hours", 180, None),
)
TIME_SAVED_BY_KEY: dict[str, TimeSaved] = {bucket.key: bucket for bucket in TIME_SAVED}
