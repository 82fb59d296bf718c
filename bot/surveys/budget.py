"""The fatigue budget: may Groundswell start one more conversation with this person?

One budget covers everything Groundswell starts (surveys, reminders, follow-up prompts,
champion nudges); replies to something the person did are not counted. It counts calendar
weeks, Monday to Sunday in the person's own timezone, rather than a sliding 7 days: with a
sliding window the default weekly pulse (Wednesdays) and monthly score (first Tuesdays) would
collide every month — the Tuesday survey always falls 6 days after a Wednesday one — and the
monthly score would never be sent. Per calendar week, the monthly score takes the first week's
survey slot and the weekly pulse resumes the week after. Jitter and daylight saving cannot
push a weekly survey into the previous week's count, as they could with 7 × 24 hours.

The caller passes what was sent *and* what is already planned (pending outbox rows), so two
runs planned for the same week cannot both pass the check.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from pydantic import Field

from bot.records import Frozen, UtcDatetime


class Outreach(StrEnum):
    SURVEY = "survey"
    SURVEY_REMINDER = "survey_reminder"
    FOLLOWUP = "followup"
    WIN_PROMPT = "win_prompt"
    CHAMPION_NUDGE = "champion_nudge"


class Contact(Frozen):
    """One bot-initiated message to the person, sent or planned."""

    kind: Outreach
    at: UtcDatetime


class Budget(Frozen):
    """GROUNDSWELL_BUDGET_SURVEYS_PER_WEEK and GROUNDSWELL_BUDGET_MESSAGES_PER_WEEK."""

    surveys_per_week: int = Field(default=1, ge=0)
    messages_per_week: int = Field(default=3, ge=0)


class OverBudget(StrEnum):
    SURVEYS = "over the survey budget"
    MESSAGES = "over the message budget"


class Verdict(Frozen):
    reason: OverBudget | None = None
    # When the refused kind fits again: the Monday after (person's local date).
    next_allowed: date | None = None
    detail: str = ""

    @property
    def allowed(self) -> bool:
        return self.reason is None


def week_of(instant: datetime, zone: ZoneInfo) -> date:
    """The Monday starting the person's local calendar week that contains `instant`."""
    day = instant.astimezone(zone).date()
    return day - timedelta(days=day.weekday())


def check_budget(
    kind: Outreach, *, at: datetime, history: Iterable[Contact], zone: ZoneInfo, budget: Budget
) -> Verdict:
    """May a message of `kind` go to this person at `at`, given everything else sent or
    planned for them? A refusal says which limit and when that kind fits again."""
    week = week_of(at, zone)
    same_week = [contact for contact in history if week_of(contact.at, zone) == week]
    surveys = sum(1 for contact in same_week if contact.kind is Outreach.SURVEY)
    monday = week + timedelta(days=7)
    if kind is Outreach.SURVEY and surveys >= budget.surveys_per_week:
        return Verdict(
            reason=OverBudget.SURVEYS,
            next_allowed=monday,
            detail=f"{surveys} of {budget.surveys_per_week} survey(s) this week",
        )
    if len(same_week) >= budget.messages_per_week:
        return Verdict(
            reason=OverBudget.MESSAGES,
            next_allowed=monday,
            detail=f"{len(same_week)} of {budget.messages_per_week} message(s) this week",
        )
    return Verdict()
