"""The fatigue budget decides who is skipped: by default one survey and three bot-started
messages per person per calendar week in their own timezone, planned messages included."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.surveys.budget import Budget, Contact, Outreach, OverBudget, check_budget

BERLIN = ZoneInfo("Europe/Berlin")
# The weekly pulse reaches people on Wednesday 10 March 2027, 11:00 UTC.
PULSE = datetime(2027, 3, 10, 11, tzinfo=UTC)


def contact(kind: Outreach, day: int, hour: int = 11) -> Contact:
    return Contact(kind=kind, at=datetime(2027, 3, day, hour, tzinfo=UTC))


HISTORIES = {
    "alice": [],
    # A follow-up on Monday and a win prompt on Tuesday: the survey is their third message.
    "bob": [contact(Outreach.FOLLOWUP, 8), contact(Outreach.WIN_PROMPT, 9)],
    "carol": [
        contact(Outreach.FOLLOWUP, 8),
        contact(Outreach.WIN_PROMPT, 9),
        contact(Outreach.CHAMPION_NUDGE, 9, 15),
    ],
    # The monthly score went out on Tuesday: this week's survey slot is taken.
    "dave": [contact(Outreach.SURVEY, 9)],
    # Last week's pulse and its reminder belong to last week.
    "erin": [
        contact(Outreach.SURVEY, 3),
        contact(Outreach.SURVEY_REMINDER, 5),
        contact(Outreach.FOLLOWUP, 7, 20),
    ],
    # A survey already planned for Thursday (a pending outbox row) counts too.
    "gina": [contact(Outreach.SURVEY, 11)],
}


def test_the_weekly_pulse_skips_exactly_the_people_over_budget() -> None:
    verdicts = {
        person: check_budget(
            Outreach.SURVEY, at=PULSE, history=history, zone=BERLIN, budget=Budget()
        )
        for person, history in HISTORIES.items()
    }
    skipped = {person: v.reason for person, v in verdicts.items() if not v.allowed}
    assert skipped == {
        "carol": OverBudget.MESSAGES,
        "dave": OverBudget.SURVEYS,
        "gina": OverBudget.SURVEYS,
    }
    assert verdicts["dave"].detail == "1 of 1 survey(s) this week"
    assert verdicts["dave"].next_allowed == date(2027, 3, 15)  # the Monday after
    assert verdicts["carol"].detail == "3 of 3 message(s) this week"


def test_a_reminder_is_a_message_not_another_survey() -> None:
    dave = HISTORIES["dave"]
    assert check_budget(
        Outreach.SURVEY_REMINDER, at=PULSE, history=dave, zone=BERLIN, budget=Budget()
    ).allowed
    carol = HISTORIES["carol"]
    refused = check_budget(
        Outreach.SURVEY_REMINDER, at=PULSE, history=carol, zone=BERLIN, budget=Budget()
    )
    assert refused.reason is OverBudget.MESSAGES


def test_weeks_are_the_persons_own_calendar_weeks() -> None:
    # Sunday 7 March 23:30 in New York is already Monday 04:30 UTC; for them it is last week.
    new_york = ZoneInfo("America/New_York")
    sunday_night = [Contact(kind=Outreach.SURVEY, at=datetime(2027, 3, 8, 4, 30, tzinfo=UTC))]
    assert check_budget(
        Outreach.SURVEY, at=PULSE, history=sunday_night, zone=new_york, budget=Budget()
    ).allowed
    # The same instant is Monday afternoon in Sydney: this week, so the pulse is skipped.
    sydney = ZoneInfo("Australia/Sydney")
    assert not check_budget(
        Outreach.SURVEY, at=PULSE, history=sunday_night, zone=sydney, budget=Budget()
    ).allowed


def test_the_limits_are_configurable() -> None:
    generous = Budget(surveys_per_week=2, messages_per_week=4)
    assert check_budget(
        Outreach.SURVEY, at=PULSE, history=HISTORIES["dave"], zone=BERLIN, budget=generous
    ).allowed
    assert check_budget(
        Outreach.FOLLOWUP, at=PULSE, history=HISTORIES["carol"], zone=BERLIN, budget=generous
    ).allowed
    silent = Budget(surveys_per_week=0, messages_per_week=0)
    assert (
        check_budget(Outreach.FOLLOWUP, at=PULSE, history=[], zone=BERLIN, budget=silent).reason
        is OverBudget.MESSAGES
    )
