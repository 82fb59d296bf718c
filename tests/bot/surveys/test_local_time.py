"""Driven by the clock (time-machine): a weekly pulse across daylight-saving changes asks each
person at the same local hours in three timezones, never at night or on a weekend, and the
scheduler starts each run once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from storage.database import Database
from tests.bot.surveys.engine_support import org, templates, with_survey

ZONES = ("America/New_York", "Europe/Berlin", "Australia/Sydney")
# Sydney springs forward on 4 October 2026, Berlin falls back on 25 October, New York on
# 1 November: the Wednesdays 30 September and 4 November sit on both sides of all three.
BEFORE = date(2026, 9, 30)
AFTER = date(2026, 11, 4)


def local(at: datetime, zone: str) -> datetime:
    return at.astimezone(ZoneInfo(zone))


async def test_a_weekly_pulse_keeps_local_hours_across_dst_in_three_timezones(
    database: Database,
) -> None:
    weekly = templates().get("weekly-impact")
    assert weekly is not None
    team = org(database, with_survey(weekly))
    people = {
        zone: await team.add(f"U_{zone.split('/')[1].upper()}", timezone=zone) for zone in ZONES
    }
    asked: dict[date, dict[str, datetime]] = {}
    for run_date in (BEFORE, AFTER):
        # The scheduler's tick at the moment the run date begins anywhere on Earth.
        now = datetime(run_date.year, run_date.month, run_date.day, tzinfo=UTC) - timedelta(
            hours=13
        )
        with time_machine.travel(now, tick=False):
            [report] = await team.surveys.start_due(now)
            assert await team.surveys.start_due(now + timedelta(minutes=1)) == []  # once
        by_person = dict(report.asked)
        asked[run_date] = {zone: by_person[people[zone]] for zone in ZONES}
    for run_date, moments in asked.items():
        for zone, at in moments.items():
            seen = local(at, zone)
            assert seen.date() == run_date, (zone, seen)  # their own Wednesday
            assert 10 <= seen.hour < 16, (zone, seen)  # inside 10:00–16:00 local
    # The offsets really changed between the two runs, and the local hours did not.
    for zone in ZONES:
        before, after = local(asked[BEFORE][zone], zone), local(asked[AFTER][zone], zone)
        assert before.utcoffset() != after.utcoffset(), zone


async def test_quiet_hours_and_weekends_move_a_hand_started_run_to_the_next_window(
    database: Database,
) -> None:
    team = org(database, templates())
    tokyo = await team.add("U_TOKYO", timezone="Asia/Tokyo")
    late = await team.add("U_LATE", timezone="America/Los_Angeles")
    # Friday 18:00 in Tokyo (Saturday morning nowhere yet in LA: Friday 01:00 there).
    now = datetime(2026, 12, 11, 9, 0, tzinfo=UTC)
    with time_machine.travel(now, tick=False):
        report = await team.surveys.send_now("weekly-impact", now=now)
    moments = dict(report.asked)
    in_tokyo = local(moments[tokyo], "Asia/Tokyo")
    assert in_tokyo.weekday() == 0 and 10 <= in_tokyo.hour < 16  # Monday, not the weekend
    in_la = local(moments[late], "America/Los_Angeles")
    assert in_la.date() == date(2026, 12, 11) and 10 <= in_la.hour < 16  # later that Friday
