"""When each person is asked, reminded and stops being able to answer — in their own time.

Every function takes `now` (or an instant standing in for it) explicitly and returns aware
UTC datetimes. A window is a set of local wall-clock times, so it keeps its local hours
through daylight-saving changes. Where a change makes a window edge not exist (02:30 on a
spring-forward night) the edge is the moment the clocks jump; where it happens twice (02:30
on a fall-back night) the window opens at its second occurrence and closes at the first, so
every moment chosen reads a local time inside the window.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.surveys.calendar import add_working_days
from bot.surveys.window import Window

SEARCH_DAYS = 15  # any non-empty set of working days has a window within a week


class LocalZone(NamedTuple):
    zone: ZoneInfo
    # True when the person's own timezone was unknown or unusable and the default stood in;
    # a dry run reports these people, since their local hours are a guess.
    assumed: bool


def resolve_timezone(name: str | None, default: ZoneInfo) -> LocalZone:
    """The person's IANA timezone (Slack `tz`, Teams `localTimezone`), else `default`."""
    if not name:
        return LocalZone(default, assumed=True)
    try:
        return LocalZone(ZoneInfo(name), assumed=False)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return LocalZone(default, assumed=True)


def local_instant(day: date, clock: time, zone: ZoneInfo, *, last: bool = False) -> datetime:
    """The instant the local clock reads `clock` on `day`. A time that happens twice (a
    fall-back night) is its first occurrence, or its second with `last`; a time that never
    happens (a spring-forward night) is the moment the clocks jump past it."""
    wall = datetime.combine(day, clock)
    readings = [wall.replace(tzinfo=zone, fold=fold).astimezone(UTC) for fold in (0, 1)]
    real = [instant for instant in readings if as_wall(instant, zone) == wall]
    if real:
        return max(real) if last else min(real)
    low, high = min(readings), max(readings)  # the jump lies between the two readings
    while high - low > timedelta(seconds=1):
        middle = low + timedelta(seconds=(high - low).total_seconds() // 2)
        if as_wall(middle, zone) < wall:
            low = middle
        else:
            high = middle
    return high


def as_wall(instant: datetime, zone: ZoneInfo) -> datetime:
    return instant.astimezone(zone).replace(tzinfo=None)


def delivery_instant(
    *, window: Window, run_date: date, zone: ZoneInfo, jitter: float, not_before: datetime
) -> datetime:
    """When to ask: inside the window on the person's first working day on or after the run
    date whose window is still open at `not_before`, at `jitter` (0–1) of the way through
    what is left of it — so a scheduled run spreads people over the whole window and a run
    started mid-window spreads them over the rest of it."""
    day = max(run_date, not_before.astimezone(zone).date())
    for _ in range(SEARCH_DAYS):
        if day.weekday() in window.days:
            # The latest opening and the earliest closing, so that on a fall-back night
            # every instant between them reads a local time inside the window.
            opens = max(local_instant(day, window.start, zone, last=True), not_before)
            closes = local_instant(day, window.end, zone)
            if opens < closes:
                offset = math.floor(jitter * (closes - opens).total_seconds())
                return opens + timedelta(seconds=offset)
        day += timedelta(days=1)
    raise ValueError("the window has no working day")


def reminder_instant(
    *, window: Window, delivered_at: datetime, zone: ZoneInfo, after_days: int, jitter: float
) -> datetime:
    """Inside the window, `after_days` working days after the day the survey reached them."""
    day = add_working_days(delivered_at.astimezone(zone).date(), after_days, window.days)
    return delivery_instant(
        window=window, run_date=day, zone=zone, jitter=jitter, not_before=delivered_at
    )


def closing_instant(
    *, window: Window, delivered_at: datetime, zone: ZoneInfo, open_days: int
) -> datetime:
    """Local midnight at the end of their `open_days`-th working day, the delivery day being
    the first: delivered on a Wednesday and open 5 days, answers count until Tuesday night."""
    first = delivered_at.astimezone(zone).date()
    last = add_working_days(first, open_days - 1, window.days)
    return local_instant(last + timedelta(days=1), time(0), zone)
