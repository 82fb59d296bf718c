"""Whether a run may ask each person: the one fatigue budget, per their own calendar week.

The outbox holds the budget's memory (everything bot-initiated, sent or on its way: a
follow-up today counts); bot/surveys/budget.py says which week a message counts in and
whether one more survey fits. Checked inside the run's transaction, with the people's rows
locked on PostgreSQL, so a follow-up decided at the same moment cannot slip past it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.outreach.budget import BudgetLimits
from bot.records import Budget
from bot.surveys.budget import Sent, check_budget
from bot.surveys.recipients import Planned, Skip, known_zone
from storage.database import Session
from storage.repositories import outbox as outbox_repo
from storage.repositories import surveys as surveys_repo

if TYPE_CHECKING:
    from bot.surveys.engine import RunReport

History = dict[int, list[Sent]]
# A person is asked within about two weeks of the run date (timing.SEARCH_DAYS); their week
# around that moment is inside this range.
LOOK_BACK = timedelta(days=8)
LOOK_AHEAD = timedelta(days=30)


def lock_people(session: Session, plan: list[Planned]) -> None:
    """Serialise with every other budget decision for these people (PostgreSQL row locks)."""
    for planned in plan:
        if planned.skipped is None:
            outbox_repo.lock_person(session, person_id=planned.candidate.person_id)


def history_by_person(session: Session, plan: list[Planned], now: datetime) -> History:
    ids = [planned.candidate.person_id for planned in plan if planned.skipped is None]
    found = surveys_repo.budget_history(
        session, person_ids=ids, since=now - LOOK_BACK, until=now + LOOK_AHEAD
    )
    return {
        person: [Sent(budget=Budget(kind), at=at) for kind, at in items]
        for person, items in found.items()
    }


def settle(
    report: RunReport, planned: Planned, history: History, limits: BudgetLimits
) -> datetime | None:
    """Ask them (their moment), or count them skipped: the budget is the last check."""
    person = planned.candidate
    zone = known_zone(person.timezone)
    if planned.skipped is not None or planned.at is None or zone is None:
        report.skipped.append((person.ref, planned.skipped or Skip.NO_TIMEZONE))
        return None
    verdict = check_budget(
        Budget.SURVEY,
        at=planned.at,
        history=history.get(person.person_id, ()),
        zone=zone,
        limits=limits,
    )
    if not verdict.allowed:
        report.skipped.append((person.ref, Skip.OVER_BUDGET))
        return None
    report.asked.append((person.ref, planned.at))
    return planned.at
