"""Each person is asked inside their own window, on their own working days, through
daylight-saving changes, with a spread that is the same on every replica."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from bot.surveys.runs import due_run
from bot.surveys.spread import jitter, run_key
from bot.surveys.timing import (
    closing_instant,
    delivery_instant,
    local_instant,
    reminder_instant,
    resolve_timezone,
)
from bot.surveys.window import Window
from tests.bot.surveys.support import survey

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
KOLKATA = ZoneInfo("Asia/Kolkata")
SYDNEY = ZoneInfo("Australia/Sydney")
WORKDAYS = Window()  # 10:00–16:00, Monday to Friday
EVERY_DAY = Window(days=frozenset(range(7)))


def local(instant: datetime, zone: ZoneInfo) -> datetime:
    return instant.astimezone(zone)


def test_a_weekly_pulse_lands_at_the_same_local_time_across_daylight_saving_changes() -> None:
    """The scheduler ticks hourly from 1 March to 20 April 2027 — across New York's change
    (14 March), Berlin's (28 March) and Sydney's return to standard time (4 April); Kolkata
    has none. Every Wednesday everyone gets the pulse at the local minute their jitter says."""
    weekly = survey(schedule={"every": "week", "on": "wednesday"})
    people = {"berlin": BERLIN, "new-york": NEW_YORK, "kolkata": KOLKATA, "sydney": SYDNEY}
    delivered: dict[str, list[tuple[str, datetime]]] = {name: [] for name in people}
    last_run: date | None = date(2027, 2, 24)
    with time_machine.travel(datetime(2027, 3, 1, tzinfo=UTC), tick=False) as clock:
        while datetime.now(UTC) < datetime(2027, 4, 20, tzinfo=UTC):
            now = datetime.now(UTC)
            run = due_run(weekly, now=now, last_run=last_run)
            if run is not None:
                last_run = run
                for name, zone in people.items():
                    key = run_key(weekly.name, run)
                    at = delivery_instant(
                        window=weekly.window,
                        run_date=run,
                        zone=zone,
                        jitter=jitter(key, name),
                        not_before=now,
                    )
                    delivered[name].append((key, at))
            clock.shift(timedelta(hours=1))
    for name, zone in people.items():
        runs = delivered[name]
        assert len(runs) == 7  # 3, 10, 17, 24, 31 March, 7 and 14 April
        for key, at in runs:
            seen = local(at, zone)
            assert seen.date().isoformat() == key.split("/")[1]  # on the Wednesday itself
            offset = int(jitter(key, name) * 6 * 3600)  # the window is 6 hours, DST or not
            expected = datetime.combine(seen.date(), time(10)) + timedelta(seconds=offset)
            assert seen.replace(tzinfo=None) == expected, (name, key)
    # The UTC hour moved with the local clock: New York is an hour closer to UTC after 14 March.
    ny = [local(at, NEW_YORK).utcoffset() for _, at in delivered["new-york"]]
    assert ny[:2] == [timedelta(hours=-5)] * 2 and set(ny[2:]) == {timedelta(hours=-4)}
    sydney = [local(at, SYDNEY).utcoffset() for _, at in delivered["sydney"]]
    assert sydney[:5] == [timedelta(hours=11)] * 5 and set(sydney[5:]) == {timedelta(hours=10)}


def test_weekends_and_closed_windows_move_to_the_next_working_day() -> None:
    # Saturday's run reaches a Monday-to-Friday person on Monday.
    at = delivery_instant(
        window=WORKDAYS,
        run_date=date(2027, 3, 6),
        zone=BERLIN,
        jitter=0,
        not_before=datetime(2027, 3, 5, 12, tzinfo=UTC),
    )
    assert local(at, BERLIN) == datetime(2027, 3, 8, 10, tzinfo=BERLIN)
    # Started by hand on Friday at 17:00 in Berlin: today's window has closed, so Monday.
    friday_evening = datetime(2027, 3, 5, 16, tzinfo=UTC)
    at = delivery_instant(
        window=WORKDAYS,
        run_date=date(2027, 3, 5),
        zone=BERLIN,
        jitter=0.5,
        not_before=friday_evening,
    )
    assert local(at, BERLIN) == datetime(2027, 3, 8, 13, tzinfo=BERLIN)
    # ...while in New York it is 11:00 on Friday: the rest of today's window, spread.
    at = delivery_instant(
        window=WORKDAYS,
        run_date=date(2027, 3, 5),
        zone=NEW_YORK,
        jitter=0.5,
        not_before=friday_evening,
    )
    assert local(at, NEW_YORK) == datetime(2027, 3, 5, 13, 30, tzinfo=NEW_YORK)
    # Sunday-to-Thursday working days (Dubai): Friday's run waits for Sunday.
    gulf = Window(days=frozenset({6, 0, 1, 2, 3}))
    at = delivery_instant(
        window=gulf,
        run_date=date(2027, 3, 5),
        zone=ZoneInfo("Asia/Dubai"),
        jitter=0,
        not_before=datetime(2027, 3, 4, 12, tzinfo=UTC),
    )
    assert local(at, ZoneInfo("Asia/Dubai")) == datetime(
        2027, 3, 7, 10, tzinfo=ZoneInfo("Asia/Dubai")
    )


def test_nonexistent_and_repeated_local_times() -> None:
    # 28 March 2027, Berlin: 02:00 CET jumps to 03:00 CEST. 02:30 never happens.
    assert local_instant(date(2027, 3, 28), time(2, 30), BERLIN) == datetime(
        2027, 3, 28, 1, tzinfo=UTC
    )
    # 31 October 2027: 02:30 happens twice, first in CEST then in CET.
    assert local_instant(date(2027, 10, 31), time(2, 30), BERLIN) == datetime(
        2027, 10, 31, 0, 30, tzinfo=UTC
    )
    assert local_instant(date(2027, 10, 31), time(2, 30), BERLIN, last=True) == datetime(
        2027, 10, 31, 1, 30, tzinfo=UTC
    )
    night = Window(start=time(2, 0), end=time(3, 30), days=frozenset(range(7)))
    spring = [
        delivery_instant(
            window=night,
            run_date=date(2027, 3, 28),
            zone=BERLIN,
            jitter=j,
            not_before=datetime(2027, 3, 27, tzinfo=UTC),
        )
        for j in (0, 0.5, 0.999)
    ]
    # Only 03:00–03:30 CEST exists that night: half an hour, all of it used.
    assert [local(at, BERLIN).strftime("%H:%M") for at in spring] == ["03:00", "03:15", "03:29"]
    autumn = [
        delivery_instant(
            window=night,
            run_date=date(2027, 10, 31),
            zone=BERLIN,
            jitter=j,
            not_before=datetime(2027, 10, 30, tzinfo=UTC),
        )
        for j in (0, 0.999)
    ]
    # Opens at the second 02:00 (CET) so nothing lands at a moment reading 03:xx CEST first.
    assert [local(at, BERLIN).strftime("%H:%M %Z") for at in autumn] == ["02:00 CET", "03:29 CET"]


def test_an_unknown_timezone_falls_back_to_the_default_and_says_so() -> None:
    assert resolve_timezone("Asia/Kolkata", BERLIN) == (KOLKATA, False)
    for name in (None, "", "Mars/Olympus", "../../etc/passwd", "Europe/Berlin\x00", "x" * 300):
        assert resolve_timezone(name, BERLIN) == (BERLIN, True)


def test_reminder_after_working_days_inside_the_window_then_close() -> None:
    delivered = datetime(2027, 3, 3, 10, 30, tzinfo=UTC)  # Wednesday 11:30 in Berlin
    reminder = reminder_instant(
        window=WORKDAYS, delivered_at=delivered, zone=BERLIN, after_days=2, jitter=0.25
    )
    assert local(reminder, BERLIN) == datetime(2027, 3, 5, 11, 30, tzinfo=BERLIN)  # Friday
    thursday = datetime(2027, 3, 4, 10, 30, tzinfo=UTC)
    reminder = reminder_instant(
        window=WORKDAYS, delivered_at=thursday, zone=BERLIN, after_days=2, jitter=0
    )
    assert local(reminder, BERLIN).date() == date(2027, 3, 8)  # over the weekend, Monday
    # Open for 5 working days from Wednesday: until Tuesday ends, local midnight — here
    # across Berlin's clock change (the closing is 22:00 UTC, not 23:00).
    delivered = datetime(2027, 3, 24, 10, tzinfo=UTC)
    closes = closing_instant(window=WORKDAYS, delivered_at=delivered, zone=BERLIN, open_days=5)
    assert local(closes, BERLIN) == datetime(2027, 3, 31, 0, 0, tzinfo=BERLIN)
    assert closes == datetime(2027, 3, 30, 22, tzinfo=UTC)


@pytest.mark.parametrize("zone", [BERLIN, NEW_YORK, KOLKATA, SYDNEY])
def test_ten_thousand_people_are_spread_over_the_whole_window(zone: ZoneInfo) -> None:
    run = run_key("weekly-impact", date(2027, 3, 10))
    start = datetime(2027, 3, 9, tzinfo=UTC)
    hours = [0] * 6
    for person in range(10_000):
        at = delivery_instant(
            window=WORKDAYS,
            run_date=date(2027, 3, 10),
            zone=zone,
            jitter=jitter(run, f"slack:T1:U{person}"),
            not_before=start,
        )
        hours[local(at, zone).hour - 10] += 1
    assert all(1_500 <= count <= 1_833 for count in hours), hours  # 1,667 ± 10%
