"""A run as the people in it experience it: asked once, in their own window, through the one
outbox and fatigue budget; skipped people counted with the reason."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from sqlalchemy import func, select

from bot.chat.messenger import Outgoing
from bot.outreach.budget import BudgetLimits
from bot.outreach.followups import FollowupPolicy
from bot.surveys.audience import Target
from bot.surveys.recipients import Skip
from storage.database import Database
from storage.tables import DeliveryRow, OutboxRow
from tests.bot.surveys.engine_support import org, templates

WEDNESDAY = datetime(2026, 12, 9, 6, 0, tzinfo=UTC)
RUN_DATE = date(2026, 12, 9)


async def count(database: Database, table: type[DeliveryRow] | type[OutboxRow]) -> int:
    return await database.run(
        lambda session: int(session.scalar(select(func.count()).select_from(table.__table__)))
    )


async def test_a_run_asks_each_recipient_once_in_their_window_and_counts_who_it_skips(
    database: Database,
) -> None:
    team = org(database, templates())
    berlin = await team.add("U_BERLIN", timezone="Europe/Berlin")
    york = await team.add("U_YORK", timezone="America/New_York", department="Finance")
    quiet = await team.add("U_QUIET")
    await team.people.opt_out(quiet)
    await team.add("U_NOZONE", timezone=None)
    survey = team.surveys.survey("weekly-impact")

    with time_machine.travel(WEDNESDAY, tick=False):
        report = await team.surveys.start_run(survey, run_date=RUN_DATE, now=WEDNESDAY)
        again = await team.surveys.start_run(survey, run_date=RUN_DATE, now=WEDNESDAY)

    asked = dict(report.asked)
    assert set(asked) == {berlin, york}
    assert asked[berlin].astimezone(ZoneInfo("Europe/Berlin")).hour in range(10, 16)
    assert asked[york].astimezone(ZoneInfo("America/New_York")).hour in range(10, 16)
    assert report.skip_counts() == {Skip.OPTED_OUT.value: 1, Skip.NO_TIMEZONE.value: 1}
    assert again.already_started and not again.asked
    assert await count(database, DeliveryRow) == 4  # one row per person, skipped ones included

    with time_machine.travel(WEDNESDAY + timedelta(days=1, hours=6), tick=False):
        await team.dispatch_all()
    assert team.messenger.kinds_for(berlin) == ["survey"]
    assert team.messenger.kinds_for(york) == ["survey"]
    assert team.messenger.kinds_for(quiet) == []


async def test_someone_followed_up_today_is_not_also_surveyed_beyond_the_budget(
    database: Database,
) -> None:
    """The acceptance rule: follow-ups and surveys share one budget (3 messages a week)."""
    limits = BudgetLimits(surveys=1, messages=3)
    team = org(database, templates(), limits)
    busy = await team.add("U_BUSY")
    fresh = await team.add("U_FRESH")
    followups = FollowupPolicy(team.outreach, on_down=True, on_up=True, down_per_day=5)
    ask = Outgoing(kind="followup-down", text="What went wrong?")
    with time_machine.travel(WEDNESDAY, tick=False):
        for output in (1, 2, 3):
            assert await followups.after_down(busy, output, ask, None) is not None
        report = await team.surveys.start_run(
            team.surveys.survey("weekly-impact"), run_date=RUN_DATE, now=WEDNESDAY
        )
        second = await team.surveys.start_run(
            team.surveys.survey("monthly-recommend"), run_date=RUN_DATE, now=WEDNESDAY
        )
    assert [ref for ref, _ in report.asked] == [fresh]
    assert report.skipped == [(busy, Skip.OVER_BUDGET)]
    # One survey a week: the second survey the same week skips the person the first asked.
    assert (fresh, Skip.OVER_BUDGET) in second.skipped


async def test_a_dry_run_says_who_would_be_asked_when_and_sends_nothing(
    database: Database,
) -> None:
    team = org(database, templates())
    someone = await team.add("U_ONE")
    await team.add("U_NOZONE", timezone=None)
    with time_machine.travel(WEDNESDAY, tick=False):
        report = await team.surveys.send_now("weekly-impact", now=WEDNESDAY, dry_run=True)
    assert [ref for ref, _ in report.asked] == [someone]
    assert report.skip_counts() == {Skip.NO_TIMEZONE.value: 1}
    assert await count(database, DeliveryRow) == 0
    assert await count(database, OutboxRow) == 0


async def test_a_department_audience_asks_only_that_department(database: Database) -> None:
    team = org(database, templates())
    finance = await team.add("U_FIN", department=" finance ")
    await team.add("U_ENG", department="Engineering")
    survey = team.surveys.survey("weekly-impact").model_copy(
        update={"audience": (Target(department="Finance"),)}
    )
    with time_machine.travel(WEDNESDAY, tick=False):
        report = await team.surveys.start_run(survey, run_date=RUN_DATE, now=WEDNESDAY)
    assert [ref for ref, _ in report.asked] == [finance]


async def test_the_monthly_score_is_not_starved_by_the_weekly_pulse_six_days_earlier(
    database: Database,
) -> None:
    """The budget counts calendar weeks in the person's zone: Wednesday's pulse and the next
    Tuesday's score fall in different weeks, so both reach the person."""
    team = org(database, templates())
    dana = await team.add("U_DANA", timezone="Europe/Berlin")
    wednesday = datetime(2026, 12, 30, 6, 0, tzinfo=UTC)
    tuesday = datetime(2027, 1, 5, 6, 0, tzinfo=UTC)
    with time_machine.travel(wednesday, tick=False):
        pulse = await team.surveys.start_run(
            team.surveys.survey("weekly-impact"), run_date=wednesday.date(), now=wednesday
        )
    with time_machine.travel(tuesday, tick=False):
        score = await team.surveys.start_run(
            team.surveys.survey("monthly-recommend"), run_date=tuesday.date(), now=tuesday
        )
    assert [ref for ref, _ in pulse.asked] == [dana]
    assert [ref for ref, _ in score.asked] == [dana]
