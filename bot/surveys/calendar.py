"""Dates people think in: weekday names, working days, "the first Monday of the month".

Working days belong to a survey's delivery window (Mon–Fri unless configured), so every
"N working days later" in this package counts with the same set.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

# date.weekday() numbering: Monday is 0.
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONDAY_TO_FRIDAY = frozenset(range(5))
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}


def parse_weekday(word: str) -> int:
    """ "wednesday", "Wed" or "wed" → 2; a clear ValueError for anything else."""
    text = word.strip().lower()
    for number, name in enumerate(WEEKDAYS):
        if text in (name, name[:3]):
            return number
    raise ValueError(f"{word!r} is not a weekday (monday … sunday, or mon … sun)")


def weekday_name(number: int) -> str:
    return WEEKDAYS[number].capitalize()


def describe_days(days: Iterable[int]) -> str:
    return ", ".join(weekday_name(day)[:3] for day in sorted(days))


def next_working_day(day: date, working_days: frozenset[int]) -> date:
    """`day` itself when it is a working day, else the next one."""
    if not working_days:
        raise ValueError("there must be at least one working day")
    while day.weekday() not in working_days:
        day += timedelta(days=1)
    return day


def add_working_days(day: date, count: int, working_days: frozenset[int]) -> date:
    """The working day `count` working days after `day` (Wednesday + 2 → Friday; Friday + 1 →
    Monday). `day` itself need not be a working day."""
    if not working_days:
        raise ValueError("there must be at least one working day")
    for _ in range(count):
        day = next_working_day(day + timedelta(days=1), working_days)
    return day


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The nth (1–4, or -1 for the last) given weekday of a month; every month has four."""
    if nth == -1:
        following = date(year + month // 12, month % 12 + 1, 1)
        last = following - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def last_day_of_month(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
