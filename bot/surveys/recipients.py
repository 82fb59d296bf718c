"""Who a run asks and when, and who it skips and why: the plan a run writes and a dry run prints.

Pure: it takes the known people (with what the directory knows of them), the channel members
the platform reported, and `now`. The budget is checked where the outbox is (engine.py), in
the same transaction that writes the plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.records import PersonRef, Platform
from bot.surveys.audience import Target
from bot.surveys.definition import SurveyDefinition
from bot.surveys.spread import is_sampled, jitter
from bot.surveys.timing import delivery_instant


class Skip(StrEnum):
    OVER_BUDGET = "over budget"
    OPTED_OUT = "opted out"
    NO_TIMEZONE = "no timezone"
    UNREACHABLE = "unreachable"


@dataclass(frozen=True)
class Candidate:
    person_id: int
    ref: PersonRef
    department: str | None
    timezone: str | None
    opted_out: bool
    unreachable: bool


@dataclass(frozen=True)
class Planned:
    candidate: Candidate
    at: datetime | None  # None when skipped
    skipped: Skip | None = None


def in_audience(
    candidate: Candidate, targets: Iterable[Target], members: Mapping[str, frozenset[str]]
) -> bool:
    """Anyone matching any target; departments compare without case or outer spaces. A
    channel is a Slack one: its members are Slack user ids."""
    for target in targets:
        if target.everyone:
            return True
        if (
            target.channel
            and candidate.ref.platform is Platform.SLACK
            and candidate.ref.user_id in members.get(target.channel, frozenset())
        ):
            return True
        department = (candidate.department or "").strip().casefold()
        if target.department and department == target.department.strip().casefold():
            return True
    return False


def known_zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def plan_run(
    survey: SurveyDefinition,
    *,
    run: str,
    run_date: date,
    now: datetime,
    candidates: Iterable[Candidate],
    members: Mapping[str, frozenset[str]],
) -> list[Planned]:
    """Everyone the run asks, in their own window (the next one if today's has passed), and
    everyone in the audience it skips, with the reason. The sample is drawn per run."""
    planned: list[Planned] = []
    for candidate in candidates:
        if not in_audience(candidate, survey.audience, members):
            continue
        if not is_sampled(survey.sample, run, str(candidate.person_id)):
            continue
        zone = known_zone(candidate.timezone)
        reason = (
            Skip.OPTED_OUT
            if candidate.opted_out
            else Skip.UNREACHABLE
            if candidate.unreachable
            else Skip.NO_TIMEZONE
            if zone is None
            else None
        )
        if reason is not None or zone is None:
            planned.append(Planned(candidate, None, reason or Skip.NO_TIMEZONE))
            continue
        at = delivery_instant(
            window=survey.window,
            run_date=run_date,
            zone=zone,
            jitter=jitter(run, str(candidate.person_id)),
            not_before=now,
        )
        planned.append(Planned(candidate, at))
    return planned
