"""Which week a person's fatigue budget counts: their own calendar week, Monday to Sunday.

bot/outreach/budget.py holds the allowances (one survey, three messages) and the rule; this
says which messages to count against them. A sliding 7 days would starve the default
monthly score: it runs on the first Tuesday, always 6 days after a weekly pulse (Wednesdays),
so it would be skipped every month for everyone who answers the pulse. Counted per calendar
week, the monthly score takes that week's survey slot and the weekly pulse resumes the week
after. Jitter and daylight saving cannot push a weekly survey into the previous week's count
either, as they can with 7 × 24 hours.

Count what was sent *and* what is planned (pending outbox items) in the week, so two runs
planned for the same week cannot both pass.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.outreach.budget import BudgetLimits, over_budget
from bot.records import Budget, Frozen, UtcDatetime
from bot.surveys.timing import local_instant


class Sent(Frozen):
    """One bot-initiated message that draws on the budget, sent or planned."""

    budget: Budget
    at: UtcDatetime


class OverBudget(StrEnum):
    SURVEYS = "over the survey budget"
    MESSAGES = "over the message budget"


class Verdict(Frozen):
    reason: OverBudget | None = None
    # When the refused kind fits again: the person's next Monday.
    next_allowed: date | None = None

    @property
    def allowed(self) -> bool:
        return self.reason is None


def budget_week(at: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants bounding the person's local week around `at` (Monday 00:00 to the
    next Monday 00:00); count outbox items whose time falls in [start, end)."""
    day = at.astimezone(zone).date()
    monday = day - timedelta(days=day.weekday())
    return (
        local_instant(monday, time(0), zone),
        local_instant(monday + timedelta(days=7), time(0), zone),
    )


def check_budget(
    wanted: Budget,
    *,
    at: datetime,
    history: Iterable[Sent],
    zone: ZoneInfo,
    limits: BudgetLimits,
) -> Verdict:
    """May one more message drawing on `wanted` reach this person at `at`? If not, which
    allowance is spent and from which day it is free again."""
    start, end = budget_week(at, zone)
    spent = Counter(sent.budget for sent in history if start <= sent.at < end)
    if not over_budget(dict(spent), wanted, limits):
        return Verdict()
    surveys_full = wanted is Budget.SURVEY and spent[Budget.SURVEY] >= limits.surveys
    return Verdict(
        reason=OverBudget.SURVEYS if surveys_full else OverBudget.MESSAGES,
        next_allowed=end.astimezone(zone).date(),
    )
