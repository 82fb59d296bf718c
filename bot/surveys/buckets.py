"""Shared answer sets a survey question can name instead of listing choices.

`choices: time_saved` in a survey file means these four buckets, so the weekly pulse and any
other question about time count it the same way, and a report can add buckets up as minutes.
"""

from __future__ import annotations

from typing import NamedTuple


class Bucket(NamedTuple):
    value: str
    label: str
    # What one answer adds to "time saved" totals: a round figure inside the bucket, not its
    # upper bound, so totals do not flatter the assistant.
    minutes: int


TIME_SAVED = (
    Bucket("under-15m", "Less than 15 minutes", 10),
    Bucket("15-60m", "15–60 minutes", 30),
    Bucket("1-3h", "1–3 hours", 120),
    Bucket("over-3h", "More than 3 hours", 240),
)

CHOICE_SETS: dict[str, tuple[Bucket, ...]] = {"time_saved": TIME_SAVED}


def minutes_for(value: str) -> int | None:
    """Minutes one time-saved answer counts for; None for a value that is not a bucket."""
    return next((bucket.minutes for bucket in TIME_SAVED if bucket.value == value), None)
