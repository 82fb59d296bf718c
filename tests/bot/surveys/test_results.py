"""Results leads see: a response rate, answer counts, free text — and nothing from a group
small enough to point at a person."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import time_machine

from bot.surveys.results import render
from storage.database import Database
from tests.bot.surveys.engine_support import answer, org, templates

WEDNESDAY = datetime(2026, 12, 9, 6, 0, tzinfo=UTC)
THURSDAY = WEDNESDAY + timedelta(days=1, hours=6)


async def test_a_segment_of_four_is_suppressed_and_one_of_five_shown(database: Database) -> None:
    team = org(database, templates())
    refs = [await team.add(f"U_S{n}", department="Sales") for n in range(5)]
    refs += [await team.add(f"U_L{n}", department="Legal") for n in range(4)]
    await team.add("U_SILENT", department="Legal")
    with time_machine.travel(WEDNESDAY, tick=False):
        await team.surveys.start_run(
            team.surveys.survey("monthly-recommend"), run_date=date(2026, 12, 9), now=WEDNESDAY
        )
    with time_machine.travel(THURSDAY, tick=True):
        await team.dispatch_all()
        for n, ref in enumerate(refs):
            inputs = {"recommend": "9", "why": f"reason {n}"}
            await team.surveys.answer(answer(ref, team.delivery_of(ref), inputs, key=f"k{n}"))
    results = await team.surveys.results("monthly-recommend")
    assert results is not None
    assert (results.asked, results.answered) == (10, 9)
    assert results.segments["Legal"].suppressed
    assert results.as_json()["segments"]["Legal"]["counts"] is None
    assert not results.segments["Sales"].suppressed
    assert results.segments["Sales"].counts["recommend"]["9"] == 5
    # Nine people wrote a reason: under the free-text threshold of ten, so none is shown.
    assert results.comments_suppressed and "reason" not in render(results)
    assert "Legal: 4 respondents — suppressed" in render(results)


async def test_someone_the_platform_cannot_reach_counts_as_skipped_not_asked(
    database: Database,
) -> None:
    team = org(database, templates())
    await team.add("U_HERE")
    await team.add("U_GONE")
    team.messenger.unreachable.add("U_GONE")
    with time_machine.travel(WEDNESDAY, tick=False):
        await team.surveys.start_run(
            team.surveys.survey("weekly-impact"), run_date=date(2026, 12, 9), now=WEDNESDAY
        )
    with time_machine.travel(THURSDAY, tick=True):
        await team.dispatch_all()
    results = await team.surveys.results("weekly-impact")
    assert results is not None
    assert (results.asked, results.skipped) == (1, {"unreachable": 1})
