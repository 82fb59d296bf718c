"""Who the fatigue budget skips: by default one survey and three bot-started messages per
person per calendar week in their own timezone, planned messages included."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.outreach.budget import BudgetLimits
from bot.records import Budget
from bot.surveys.budget import OverBudget, Sent, budget_week, check_budget

BERLIN = ZoneInfo("Europe/Berlin")
# The weekly pulse reaches people on Wednesday 10 March 2027, 11:00 UTC.
PULSE = datetime(2027, 3, 10, 11, tzinfo=UTC)
DEFAULTS = BudgetLimits()


def sent(budget: Budget, day: int, hour: int = 11) -> Sent:
    return Sent(budget=budget, at=datetime(2027, 3, day, hour, tzinfo=UTC))


HISTORIES = {
    "alice": [],
    # A follow-up on Monday and a win prompt on Tuesday: the survey is their third message.
    "bob": [sent(Budget.MESSAGE, 8), sent(Budget.MESSAGE, 9)],
    "carol": [sent(Budget.MESSAGE, 8), sent(Budget.MESSAGE, 9), sent(Budget.MESSAGE, 9, 15)],
    # The monthly score went out on Tuesday: this week's survey slot is taken.
    "dave": [sent(Budget.SURVEY, 9)],
    # Last week's pulse and a follow-up on Sunday evening belong to last week. With a sliding
    # 7 days the pulse six days ago would still count; that is what starves monthly surveys.
    "erin": [sent(Budget.SURVEY, 4), sent(Budget.MESSAGE, 7, 20)],
    # A survey already planned for Thursday (a pending outbox item) counts too.
    "gina": [sent(Budget.SURVEY, 11)],
}


def test_the_weekly_pulse_skips_exactly_the_people_over_budget() -> None:
    verdicts = {
        person: check_budget(Budget.SURVEY, at=PULSE, history=history, zone=BERLIN, limits=DEFAULTS)
        for person, history in HISTORIES.items()
    }
    skipped = {person: v.reason for person, v in verdicts.items() if not v.allowed}
    assert skipped == {
        "carol": OverBudget.MESSAGES,
        "dave": OverBudget.SURVEYS,
        "gina": OverBudget.SURVEYS,
    }
    assert verdicts["dave"].next_allowed == date(2027, 3, 15)  # the Monday after
    # A follow-up prompt for dave still fits: his one survey is one of three messages.
    assert check_budget(
        Budget.MESSAGE, at=PULSE, history=HISTORIES["dave"], zone=BERLIN, limits=DEFAULTS
    ).allowed


def test_weeks_are_the_persons_own_calendar_weeks() -> None:
    # Monday 04:30 UTC is still Sunday night in New York (last week), Monday in Sydney.
    early_monday = [Sent(budget=Budget.SURVEY, at=datetime(2027, 3, 8, 4, 30, tzinfo=UTC))]
    assert check_budget(
        Budget.SURVEY,
        at=PULSE,
        history=early_monday,
        zone=ZoneInfo("America/New_York"),
        limits=DEFAULTS,
    ).allowed
    assert not check_budget(
        Budget.SURVEY,
        at=PULSE,
        history=early_monday,
        zone=ZoneInfo("Australia/Sydney"),
        limits=DEFAULTS,
    ).allowed


def test_a_week_spanning_a_clock_change_is_still_monday_to_monday_local() -> None:
    start, end = budget_week(datetime(2027, 3, 30, 12, tzinfo=UTC), BERLIN)
    assert (start, end) == (
        datetime(2027, 3, 28, 22, tzinfo=UTC),
        datetime(2027, 4, 4, 22, tzinfo=UTC),
    )
    start, end = budget_week(datetime(2027, 3, 24, 12, tzinfo=UTC), BERLIN)
    assert end - start == datetime(2027, 3, 29) - datetime(2027, 3, 22, 1)  # 6 days 23 hours


def test_the_limits_are_configurable() -> None:
    generous = BudgetLimits(surveys=2, messages=4)
    assert check_budget(
        Budget.SURVEY, at=PULSE, history=HISTORIES["dave"], zone=BERLIN, limits=generous
    ).allowed
    assert check_budget(
        Budget.MESSAGE, at=PULSE, history=HISTORIES["carol"], zone=BERLIN, limits=generous
    ).allowed
    silent = BudgetLimits(surveys=0, messages=0)
    assert (
        check_budget(Budget.MESSAGE, at=PULSE, history=[], zone=BERLIN, limits=silent).reason
        is OverBudget.MESSAGES
    )
