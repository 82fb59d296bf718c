"""Schedules the way operators say them, and the one run a scheduler starts after downtime."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
from pydantic import ValidationError

from bot.surveys.runs import due_run, next_runs, run_close, run_start
from bot.surveys.schedule import Schedule
from tests.bot.surveys.support import survey

WED_2027_01_06 = date(2027, 1, 6)


def dates_in(schedule: Schedule, first: date, last: date) -> list[date]:
    days = (last - first).days + 1
    return [first + timedelta(n) for n in range(days) if schedule.matches(first + timedelta(n))]


def test_every_other_wednesday_is_every_other_wednesday_from_its_anchor() -> None:
    schedule = Schedule(every="2 weeks", on="Wednesday", anchor=WED_2027_01_06)
    runs = dates_in(schedule, date(2026, 12, 1), date(2027, 3, 31))
    assert runs[:3] == [date(2026, 12, 9), date(2026, 12, 23), WED_2027_01_06]
    assert all(day.weekday() == 2 for day in runs)
    assert {(b - a).days for a, b in itertools.pairwise(runs)} == {14}
    # The same weeks whatever the anchor's year: the phase is what counts.
    later_anchor = Schedule(every="2 weeks", on="wed", anchor=date(2027, 3, 31))
    assert dates_in(later_anchor, date(2026, 12, 1), date(2027, 3, 31)) == runs
    assert schedule.describe() == "every other Wednesday (from 2027-01-06)"


def test_spelled_periods() -> None:
    assert Schedule(every="weekly", on="mon").every == "week"
    assert Schedule(every="1 week", on="mon").weeks == 1
    assert Schedule(every="fortnight", on="mon", anchor=date(2027, 1, 4)).weeks == 2
    three = Schedule(every="3 weeks", on="fri", anchor=date(2027, 1, 8))
    assert three.describe() == "every 3 weeks on Friday (from 2027-01-08)"


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        ("first tuesday", [date(2027, 1, 5), date(2027, 2, 2), date(2027, 3, 2)]),
        ("last friday", [date(2027, 1, 29), date(2027, 2, 26), date(2027, 3, 26)]),
        ("second monday", [date(2027, 1, 11), date(2027, 2, 8), date(2027, 3, 8)]),
        ("day 1", [date(2027, 1, 1), date(2027, 2, 1), date(2027, 3, 1)]),
        ("last day", [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31)]),
    ],
)
def test_monthly_days(on: str, expected: list[date]) -> None:
    schedule = Schedule(every="month", on=on)
    assert dates_in(schedule, date(2027, 1, 1), date(2027, 3, 31)) == expected


def test_cron_days_follow_vixie_cron() -> None:
    both = Schedule.model_validate("0 9 1,15 * mon")  # the 1st, the 15th, and every Monday
    march = dates_in(both, date(2027, 3, 1), date(2027, 3, 31))
    assert march == [date(2027, 3, d) for d in (1, 8, 15, 22, 29)]
    wednesdays = Schedule.model_validate("30 10 * * 3")
    assert dates_in(wednesdays, date(2027, 3, 1), date(2027, 3, 14)) == [
        date(2027, 3, 3),
        date(2027, 3, 10),
    ]
    quarterly = Schedule.model_validate("0 0 1 jan,apr,jul,oct *")
    assert dates_in(quarterly, date(2027, 1, 1), date(2027, 12, 31)) == [
        date(2027, 1, 1),
        date(2027, 4, 1),
        date(2027, 7, 1),
        date(2027, 10, 1),
    ]
    odd_days = Schedule.model_validate("0 0 */2 * *")  # `*/2` still restricts, AND with dow
    assert dates_in(odd_days, date(2027, 3, 1), date(2027, 3, 6)) == [
        date(2027, 3, 1),
        date(2027, 3, 3),
        date(2027, 3, 5),
    ]
    leap = Schedule.model_validate("0 0 29 2 *")  # rare but possible
    assert next_runs(leap, after=datetime(2027, 1, 1, tzinfo=UTC)) == [date(2028, 2, 29)]


@pytest.mark.parametrize(
    ("cron", "says"),
    [
        ("0 0 30 2 *", "never matches a date"),
        ("0 0 31 4,6,9,11 *", "never matches a date"),
        ("*/5 * * * *", "the minute must be one number"),
        ("0 9-17 * * *", "the hour must be one number"),
        ("0 9 * *", "must have 5 fields"),
        ("0 9 32 * *", "must stay within 1–31"),
        ("0 9 * * funday", "'funday' is not a number or a name (sun … sat)"),
        ("0 9 * 0 *", "must stay within 1–12"),
        ("0 9 */0 * *", "a step must be at least 1"),
    ],
)
def test_impossible_cron_strings_are_refused_saying_why(cron: str, says: str) -> None:
    with pytest.raises(ValidationError, match=says.replace("(", r"\(").replace(")", r"\)")):
        Schedule.model_validate(cron)


def test_next_runs_are_dates_whose_runs_start_later() -> None:
    weekly = Schedule(every="week", on="wednesday")
    # A run starts when its date begins anywhere: Wednesday 00:00 at UTC+14 is Tuesday 10:00 UTC.
    assert run_start(date(2027, 3, 3)) == datetime(2027, 3, 2, 10, tzinfo=UTC)
    assert next_runs(weekly, after=datetime(2027, 3, 2, 9, 59, tzinfo=UTC), count=2) == [
        date(2027, 3, 3),
        date(2027, 3, 10),
    ]
    assert next_runs(weekly, after=datetime(2027, 3, 2, 10, 0, tzinfo=UTC)) == [date(2027, 3, 10)]


def test_a_missed_run_is_caught_up_once_and_only_while_open() -> None:
    weekly = survey(schedule={"every": "week", "on": "wednesday"})
    # Down from Monday 1 March to Friday 12 March 2027: the 3rd and the 10th were missed.
    back = datetime(2027, 3, 12, 9, tzinfo=UTC)
    assert due_run(weekly, now=back, last_run=date(2027, 2, 24)) == date(2027, 3, 10)
    # Having started it, nothing more is due until next week's run starts.
    assert due_run(weekly, now=back + timedelta(hours=1), last_run=date(2027, 3, 10)) is None
    assert due_run(
        weekly, now=datetime(2027, 3, 16, 10, tzinfo=UTC), last_run=date(2027, 3, 10)
    ) == date(2027, 3, 17)
    # A run is no longer started once it has closed everywhere: the first-Tuesday survey of
    # March 2027 takes answers Tuesday to Monday (5 working days) until 8 March ends at UTC−12.
    monthly = survey(schedule={"every": "month", "on": "first tuesday"})
    assert run_close(monthly, date(2027, 3, 2)) == datetime(2027, 3, 9, 12, tzinfo=UTC)
    before = datetime(2027, 3, 9, 11, 59, tzinfo=UTC)
    assert due_run(monthly, now=before, last_run=date(2027, 2, 2)) == date(2027, 3, 2)
    assert due_run(monthly, now=before + timedelta(minutes=1), last_run=date(2027, 2, 2)) is None
    assert due_run(
        monthly, now=datetime(2027, 4, 5, 10, tzinfo=UTC), last_run=date(2027, 2, 2)
    ) == date(2027, 4, 6)


def test_a_survey_that_never_ran_does_not_start_with_a_catch_up() -> None:
    weekly = survey()
    # Added on Thursday 4 March: Wednesday's date has ended everywhere, nothing to start.
    assert due_run(weekly, now=datetime(2027, 3, 4, 13, tzinfo=UTC), last_run=None) is None
    # Added on Wednesday afternoon UTC: it is still Wednesday somewhere, so it starts.
    assert due_run(weekly, now=datetime(2027, 3, 3, 15, tzinfo=UTC), last_run=None) == date(
        2027, 3, 3
    )
