"""Reading a week for the digest: every count aggregated in the database, in five
independent units of work that run side by side on PostgreSQL.

The queries live in storage/repositories/digest_*.py; this module only decides which weeks
and periods to ask for, and when a settled week is rolled up for good.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from bot.feedback.vocabulary import TIME_SAVED
from bot.reports.weeks import IsoWeek
from storage.database import Database, Session
from storage.repositories import digest as digest_repo
from storage.repositories import digest_ratings, digest_voices, digest_wins

HISTORY_WEEKS = 8
MONTH_WEEKS = 4
# Ratings that arrive or are taken back more than a week after a week ended are rare enough
# that its rollup stands.
SETTLE = timedelta(days=7)
BUCKETS = {bucket.key: (bucket.low_minutes, bucket.high_minutes) for bucket in TIME_SAVED}


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
    stored = digest_ratings.read_rollups(session, weeks=[str(item) for item in earlier])
    found: list[digest_repo.RatingCounts] = []
    for index, item in enumerate(earlier):
        if str(item) in stored:
            rows = [replace(row, week=index) for row in stored[str(item)]]
        else:
            rows = digest_ratings.count_ratings_by_use_case(
                session, start=item.start, end=item.end, week=index
            )
            if settled(item, now):
                digest_ratings.write_rollup(session, week=str(item), rows=rows, computed_at=now)
        found += rows
    return found


def read_reach(session: Session, week: IsoWeek) -> dict[str, Any]:
    """Who rated (per department) and how many registered answers got a rating."""
    start, end = week.start, week.end
    raters = digest_ratings.count_raters_by_department(session, start=start, end=end)
    return {
        "raters": sum(row.people for row in raters),
        "coverage": digest_ratings.count_coverage(session, start=start, end=end),
        "raters_by_department": raters,
    }


def read_voices(session: Session, week: IsoWeek) -> dict[str, Any]:
    start, end = week.start, week.end
    runs = digest_voices.list_pulse_runs(session, start=start, end=end)
    return {
        "pulse": [(run, read_distributions(session, run)) for run in runs],
        "reasons": digest_voices.count_reasons(session, start=start, end=end),
        "comments": digest_voices.list_comments(session, start=start, end=end),
    }


def read_distributions(
    session: Session, run: digest_repo.PulseRun
) -> dict[str, list[tuple[str, int]]]:
    found = {}
    for question in run.questions:
        key = question.get("key") or question.get("id")
        # Never what people wrote: a free-text answer is no category, and it can name them.
        kind = question.get("kind", question.get("type"))
        if isinstance(key, str) and kind != "text":
            found[key] = digest_voices.count_answers(session, run_id=run.run_id, question=key)
    return found


def read_wins(session: Session, week: IsoWeek) -> dict[str, Any]:
    starts = [week.shift(offset - HISTORY_WEEKS + 1).start for offset in range(HISTORY_WEEKS)]
    start, end = week.start, week.end
    return {
        "wins_by_department": digest_wins.count_wins_by_department(session, start=start, end=end),
        "wins": digest_wins.sum_wins(session, start=start, end=end, buckets=BUCKETS),
        "wins_by_use_case": digest_wins.sum_wins_by_use_case(
            session, start=week.shift(1 - MONTH_WEEKS).start, end=end, buckets=BUCKETS
        ),
        "wins_by_week": digest_wins.count_wins_by_week(session, starts=starts, end=end),
        "highlights": digest_wins.list_highlights(session, start=start, end=end),
        "candidates": digest_wins.list_new_candidates(session, start=start, end=end),
        "champions": digest_wins.count_champion_activity(session, start=start, end=end),
    }


async def read_week(database: Database, week: IsoWeek, now: datetime) -> Raw:
    """Five independent units of work. On PostgreSQL each runs on a pooled connection of its
    own, side by side and out of the writer lanes (the week's ratings; who rated and coverage;
    the seven weeks before; what people said; the wins); on SQLite one after another."""
    current, reach, history, voices, wins = await asyncio.gather(
        database.run_apart(
            lambda session: digest_ratings.count_ratings_by_use_case(
                session, start=week.start, end=week.end, week=HISTORY_WEEKS - 1
            )
        ),
        database.run_apart(lambda session: read_reach(session, week)),
        database.run_apart(lambda session: read_history(session, week, now)),
        database.run_apart(lambda session: read_voices(session, week)),
        database.run_apart(lambda session: read_wins(session, week)),
    )
    by_department = (reach.pop("raters_by_department"), wins.pop("wins_by_department"))
    return Raw(ratings=history + current, **reach, **voices, **wins, by_department=by_department)
