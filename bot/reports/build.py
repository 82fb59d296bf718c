"""Building a week's digest: one read of the database, then honest arithmetic.

Every count comes aggregated from storage/repositories/digest.py; this module only turns
counts into rates, intervals, verdicts, suppressions and flags.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.feedback.vocabulary import REASONS, TIME_SAVED
from bot.people.groups import AudienceGroup, AudienceGroups
from bot.reports import figures as fig
from bot.reports.criteria import judge_use_cases
from bot.reports.flags import raise_flags
from bot.reports.programme import Programme
from bot.reports.stats import beyond_noise, wilson_interval
from bot.reports.themes import group_comments, short_quote
from bot.reports.weeks import IsoWeek
from storage.database import Database, Session
from storage.repositories import digest as digest_repo

HISTORY_WEEKS = 8
MONTH_WEEKS = 4
# Below this many ratings a rate is noise: say "too little data" instead of a percentage.
MIN_RATINGS = 10
# Ratings that arrive or are taken back more than a week after a week ended are rare enough
# that its rollup stands.
SETTLE = timedelta(days=7)
BUCKETS = {bucket.key: (bucket.low_minutes, bucket.high_minutes) for bucket in TIME_SAVED}


@dataclass(frozen=True)
class Thresholds:
    min_group_size: int = 5
    min_group_size_text: int = 10


@dataclass(frozen=True)
class Raw:
    """What the database said about one week, before any judgement."""

    ratings: list[digest_repo.RatingCounts]  # `week`: 0..HISTORY_WEEKS-1, the last is this one
    raters: int
    coverage: tuple[int, int]
    # Raters (people) and wins per department: how far the assistant reaches the business.
    by_department: tuple[list[digest_repo.Counted], list[digest_repo.Counted]]
    wins: digest_repo.WinTotals
    wins_by_use_case: dict[str, digest_repo.WinTotals]
    wins_by_week: list[tuple[int, int, int]]
    highlights: list[digest_repo.Highlight]
    pulse: list[tuple[digest_repo.PulseRun, dict[str, list[tuple[str, int]]]]]
    reasons: list[digest_repo.Counted]
    comments: list[digest_repo.Comment]
    candidates: list[digest_repo.Candidate]
    champions: tuple[int, int, int]


def settled(week: IsoWeek, now: datetime) -> bool:
    """A week a late rating or a retraction will hardly change any more: rolled up for good."""
    return week.end + SETTLE <= now


def read_history(session: Session, week: IsoWeek, now: datetime) -> list[digest_repo.RatingCounts]:
    """The weeks before `week`: from their rollups, rolling up (once) a settled week that has
    none; a week not yet settled is counted afresh each time."""
    earlier = [week.shift(offset - HISTORY_WEEKS + 1) for offset in range(HISTORY_WEEKS - 1)]
    stored = digest_repo.read_rollups(session, weeks=[str(item) for item in earlier])
    found: list[digest_repo.RatingCounts] = []
    for index, item in enumerate(earlier):
        if str(item) in stored:
            rows = [replace(row, week=index) for row in stored[str(item)]]
        else:
            rows = digest_repo.count_ratings_by_use_case(
                session, start=item.start, end=item.end, week=index
            )
            if settled(item, now):
                digest_repo.write_rollup(session, week=str(item), rows=rows, computed_at=now)
        found += rows
    return found


def read_ratings(session: Session, week: IsoWeek, now: datetime) -> dict[str, Any]:
    start, end = week.start, week.end
    raters = digest_repo.count_raters_by_department(session, start=start, end=end)
    current = digest_repo.count_ratings_by_use_case(
        session, start=start, end=end, week=HISTORY_WEEKS - 1
    )
    return {
        "ratings": read_history(session, week, now) + current,
        "raters": sum(row.people for row in raters),
        "coverage": digest_repo.count_coverage(session, start=start, end=end),
        "raters_by_department": raters,
    }


def read_voices(session: Session, week: IsoWeek) -> dict[str, Any]:
    start, end = week.start, week.end
    runs = digest_repo.list_pulse_runs(session, start=start, end=end)
    return {
        "pulse": [(run, read_distributions(session, run)) for run in runs],
        "reasons": digest_repo.count_reasons(session, start=start, end=end),
        "comments": digest_repo.list_comments(session, start=start, end=end),
    }


def read_wins(session: Session, week: IsoWeek) -> dict[str, Any]:
    starts = [week.shift(offset - HISTORY_WEEKS + 1).start for offset in range(HISTORY_WEEKS)]
    start, end = week.start, week.end
    return {
        "wins_by_department": digest_repo.count_wins_by_department(session, start=start, end=end),
        "wins": digest_repo.sum_wins(session, start=start, end=end, buckets=BUCKETS),
        "wins_by_use_case": digest_repo.sum_wins_by_use_case(
            session, start=week.shift(1 - MONTH_WEEKS).start, end=end, buckets=BUCKETS
        ),
        "wins_by_week": digest_repo.count_wins_by_week(session, starts=starts, end=end),
        "highlights": digest_repo.list_highlights(session, start=start, end=end),
        "candidates": digest_repo.list_new_candidates(session, start=start, end=end),
        "champions": digest_repo.count_champion_activity(session, start=start, end=end),
    }


async def read_week(database: Database, week: IsoWeek, now: datetime) -> Raw:
    """Three independent units of work: on PostgreSQL they run side by side on pooled
    connections (the ratings scan, what people said, the wins); on SQLite one after another."""
    ratings, voices, wins = await asyncio.gather(
        database.run(lambda session: read_ratings(session, week, now)),
        database.run(lambda session: read_voices(session, week)),
        database.run(lambda session: read_wins(session, week)),
    )
    by_department = (ratings.pop("raters_by_department"), wins.pop("wins_by_department"))
    return Raw(**ratings, **voices, **wins, by_department=by_department)


def read_distributions(
    session: Session, run: digest_repo.PulseRun
) -> dict[str, list[tuple[str, int]]]:
    found = {}
    for question in run.questions:
        key = question.get("key") or question.get("id")
        if isinstance(key, str) and question.get("type") != "text":
            found[key] = digest_repo.count_answers(session, run_id=run.run_id, question=key)
    return found


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


def rate_of(up: int, down: int) -> float | None:
    return up / (up + down) if up + down >= MIN_RATINGS else None


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


def use_case_ratings(
    row: digest_repo.RatingCounts, before: digest_repo.RatingCounts | None, limits: Thresholds
) -> fig.UseCaseRatings:
    if row.people < limits.min_group_size:
        return fig.UseCaseRatings(
            assistant=row.assistant,
            use_case=row.use_case,
            up=None,
            down=None,
            helpful_rate=None,
            helpful_rate_ci=None,
            previous_rate=None,
            change=None,
            beyond_noise=False,
            suppressed=True,
        )
    rate = rate_of(row.up, row.down)
    previous = None
    if before is not None and before.people >= limits.min_group_size:
        previous = rate_of(before.up, before.down)
    change = rate - previous if rate is not None and previous is not None else None
    noisy = change is not None and before is not None
    return fig.UseCaseRatings(
        assistant=row.assistant,
        use_case=row.use_case,
        up=row.up,
        down=row.down,
        helpful_rate=rate,
        helpful_rate_ci=wilson_interval(row.up, row.up + row.down) if rate is not None else None,
        previous_rate=previous,
        change=change,
        beyond_noise=noisy
        and before is not None
        and beyond_noise(row.up, row.up + row.down, before.up, before.up + before.down),
        suppressed=False,
    )


def wins_figures(raw: Raw, limits: Thresholds) -> fig.Wins:
    totals = raw.wins
    if 0 < totals.people < limits.min_group_size:
        return fig.Wins(count=None, people=None, minutes_saved=None, highlights=[], suppressed=True)
    minutes = fig.MinutesSaved(
        stated=totals.stated_minutes,
        low=totals.stated_minutes + totals.bucket_low,
        high=None if totals.open_ended else totals.stated_minutes + totals.bucket_high,
    )
    highlights = [
        fig.Highlight(
            text=short_quote(item.text),
            use_case=item.use_case,
            minutes_saved=item.minutes_saved,
            author=item.author,
        )
        for item in raw.highlights
    ]
    return fig.Wins(
        count=totals.count, people=totals.people, minutes_saved=minutes, highlights=highlights
    )


def pulse_figures(
    run: digest_repo.PulseRun, answers: dict[str, list[tuple[str, int]]], limits: Thresholds
) -> fig.Pulse:
    hidden = run.answered < limits.min_group_size
    return fig.Pulse(
        survey=run.survey,
        run_date=run.scheduled_for.date().isoformat(),
        invited=run.invited,
        answered=None if hidden else run.answered,
        response_rate=None if hidden or not run.invited else run.answered / run.invited,
        distributions={} if hidden else {key: dict(pairs) for key, pairs in answers.items()},
        suppressed=hidden,
    )


def reasons_figures(rows: list[digest_repo.Counted], limits: Thresholds) -> list[fig.Reason]:
    return [
        fig.Reason(
            reason=row.key,
            label=REASONS.get(row.key, row.key),
            count=row.count if row.people >= limits.min_group_size else None,
            suppressed=row.people < limits.min_group_size,
        )
        for row in rows
    ]


def themes_figures(comments: list[digest_repo.Comment], limits: Thresholds) -> list[fig.Theme]:
    """Themes of what people wrote. Quotes only from themes with at least min_group_size_text
    distinct authors: free text identifies people more easily than a count."""
    found = []
    for theme in group_comments([comment.text for comment in comments]):
        members = [comments[index] for index in theme.comments]
        people = len({member.person_id for member in members})
        hidden = people < limits.min_group_size
        quotes = [] if people < limits.min_group_size_text else pick_quotes(members)
        found.append(
            fig.Theme(
                label=theme.label,
                count=None if hidden else len(members),
                quotes=quotes,
                suppressed=hidden,
            )
        )
    return found


def pick_quotes(members: list[digest_repo.Comment]) -> list[str]:
    """The two shortest distinct comments: short quotes say the most per word."""
    quotes: list[str] = []
    for member in sorted(members, key=lambda item: (len(item.text), item.text)):
        quote = short_quote(member.text)
        if len(quote) >= 12 and quote not in quotes:
            quotes.append(quote)
        if len(quotes) == 2:
            break
    return quotes


def rank_candidates(
    candidates: list[digest_repo.Candidate], groups: AudienceGroups
) -> list[fig.Candidate]:
    """Business first: a win there is what the programme is for (bot/people/groups.py)."""
    order = {AudienceGroup.BUSINESS: 0, AudienceGroup.IT: 1, AudienceGroup.AI_TEAM: 2}
    ranked = sorted(
        enumerate(candidates),
        key=lambda pair: (order[groups.of_department(pair[1].department)], pair[0]),
    )
    return [
        fig.Candidate(
            person_id=item.person_id,
            name=item.name,
            department=item.department,
            group=groups.of_department(item.department).value,
            explanation=item.explanation,
        )
        for _, item in ranked[:20]
    ]


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
