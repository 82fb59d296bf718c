"""Building a week's digest: one read of the database (bot/reports/read.py), then honest
arithmetic (bot/reports/sections.py), assembled here with the flags and the criteria.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.people.groups import AudienceGroups
from bot.reports import figures as fig
from bot.reports.criteria import judge_use_cases
from bot.reports.flags import raise_flags
from bot.reports.programme import Programme
from bot.reports.read import HISTORY_WEEKS, MONTH_WEEKS, Raw, read_week
from bot.reports.sections import (
    MIN_RATINGS,
    Thresholds,
    pulse_figures,
    rank_candidates,
    rate_of,
    reasons_figures,
    themes_figures,
    use_case_ratings,
    wins_figures,
)
from bot.reports.stats import wilson_interval
from bot.reports.weeks import IsoWeek
from storage.database import Database

__all__ = ["DigestBuilder", "Thresholds"]


class DigestBuilder:
    def __init__(
        self,
        database: Database,
        *,
        programme: Programme,
        groups: AudienceGroups,
        thresholds: Thresholds,
    ) -> None:
        self._db = database
        self._programme = programme
        self._groups = groups
        self._limits = thresholds

    async def build(self, week: IsoWeek, *, now: datetime | None = None) -> fig.Digest:
        moment = now or datetime.now(UTC)
        raw = await read_week(self._db, week, moment)
        return assemble(week, raw, self._programme, self._groups, self._limits, moment)


def assemble(
    week: IsoWeek,
    raw: Raw,
    programme: Programme,
    groups: AudienceGroups,
    limits: Thresholds,
    now: datetime,
) -> fig.Digest:
    last = HISTORY_WEEKS - 1
    this_week = [row for row in raw.ratings if row.week == last]
    before = {(row.assistant, row.use_case): row for row in raw.ratings if row.week == last - 1}
    by_use_case = [
        use_case_ratings(row, before.get((row.assistant, row.use_case)), limits)
        for row in sorted(this_week, key=lambda row: (row.assistant, row.use_case))
    ]
    up = sum(row.up for row in this_week)
    down = sum(row.down for row in this_week)
    hidden = raw.raters < limits.min_group_size
    rate = rate_of(up, down)
    ratings = fig.Ratings(
        up=None if hidden else up,
        down=None if hidden else down,
        people=None if hidden else raw.raters,
        helpful_rate=None if hidden else rate,
        helpful_rate_ci=None if hidden or rate is None else wilson_interval(up, up + down),
        suppressed=hidden,
    )
    registered, with_feedback = raw.coverage
    wins = wins_figures(raw, limits)
    pulse = [pulse_figures(run, answers, limits) for run, answers in raw.pulse]
    advocates = fig.Advocates(
        new_candidates=rank_candidates(raw.candidates, groups),
        champions=fig.Champions(
            count=raw.champions[0], wins=raw.champions[1], ratings=raw.champions[2]
        ),
    )
    digest_flags = raise_flags(
        by_use_case=by_use_case,
        ratings=ratings,
        pulse=pulse,
        by_department=raw.by_department,
        groups=groups,
        min_ratings=MIN_RATINGS,
    )
    return fig.Digest(
        week=str(week),
        period_start=week.start,
        period_end=week.end,
        generated_at=now,
        min_group_size=limits.min_group_size,
        criteria=judge_use_cases(programme, by_use_case, raw.wins_by_use_case, pulse, MONTH_WEEKS),
        ratings=ratings,
        coverage=fig.Coverage(
            registered=registered,
            with_feedback=with_feedback,
            rate=with_feedback / registered if registered else None,
        ),
        by_use_case=by_use_case,
        wins=wins,
        pulse=pulse,
        reasons=reasons_figures(raw.reasons, limits),
        themes=themes_figures(raw.comments, limits),
        advocates=advocates,
        flags=digest_flags,
        history=history_points(week, raw, limits),
    )


def history_points(week: IsoWeek, raw: Raw, limits: Thresholds) -> list[fig.WeekPoint]:
    wins = {index: (count, minutes) for index, count, minutes in raw.wins_by_week}
    points = []
    for index in range(HISTORY_WEEKS):
        rows = [row for row in raw.ratings if row.week == index]
        points.append(
            fig.WeekPoint(
                week=str(week.shift(index - HISTORY_WEEKS + 1)),
                helpful_rates={
                    f"{row.assistant} / {row.use_case}": rate_of(row.up, row.down)
                    if row.people >= limits.min_group_size
                    else None
                    for row in rows
                },
                wins=wins.get(index, (0, 0))[0],
                minutes_stated=wins.get(index, (0, 0))[1],
            )
        )
    return points
