"""Which run dates a schedule has, and which single run the scheduler should start now.

A run is a date. It starts when that date begins anywhere on Earth (00:00 at UTC+14), so the
people furthest east still get their whole window on the run date; each person is then asked
in their own window (timing.py). It ends, for the last of them, at midnight UTC−12 after the
open period. A scheduler that was down starts only the latest run it missed, and only while
that run is still open: several missed runs never become several surveys.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

from bot.surveys.calendar import add_working_days, next_working_day
from bot.surveys.definition import SurveyDefinition
from bot.surveys.schedule import Schedule

EARLIEST = timezone(timedelta(hours=14))  # Pacific/Kiritimati: where each date starts first
LATEST = timezone(timedelta(hours=-12))  # where each date ends last
HORIZON_DAYS = 366 * 29  # a valid cron matches within 29 years (cron.py)


def run_start(run_date: date) -> datetime:
    return datetime.combine(run_date, time(0), EARLIEST).astimezone(UTC)


def run_close(survey: SurveyDefinition, run_date: date) -> datetime:
    """When a scheduled run stops taking answers from anyone (each person's own closing is at
    or before it). A run started by hand later than its date closes later: use the latest of
    its deliveries' closing instants instead."""
    first = next_working_day(run_date, survey.window.days)
    last = add_working_days(first, survey.open_days - 1, survey.window.days)
    return datetime.combine(last + timedelta(days=1), time(0), LATEST).astimezone(UTC)


def next_runs(schedule: Schedule, *, after: datetime, count: int = 1) -> list[date]:
    """The next `count` run dates whose runs start after `after`."""
    day = after.astimezone(EARLIEST).date() + timedelta(days=1)
    found: list[date] = []
    for offset in range(HORIZON_DAYS):
        if len(found) == count:
            break
        if schedule.matches(day + timedelta(days=offset)):
            found.append(day + timedelta(days=offset))
    return found


def due_run(survey: SurveyDefinition, *, now: datetime, last_run: date | None) -> date | None:
    """The one run to start now, if any: the latest run date that has started, is later than
    `last_run` and is still open. A survey that has never run (`last_run` None) starts only a
    run whose date is still today somewhere — it does not begin with a catch-up."""
    today = now.astimezone(EARLIEST).date()
    oldest = now.astimezone(LATEST).date() if last_run is None else last_run + timedelta(days=1)
    day = today
    while day >= oldest and (today - day).days <= HORIZON_DAYS:
        if survey.schedule.matches(day):
            return day if now < run_close(survey, day) else None
        day -= timedelta(days=1)
    return None
