"""Messages Groundswell starts itself, told as what one person experiences: follow-ups after
a rating, surveys, and the one fatigue budget they share."""

from __future__ import annotations

from bot.chat.messenger import Outgoing
from bot.outreach.budget import BudgetLimits
from bot.outreach.dispatcher import Dispatcher
from bot.outreach.followups import FollowupPolicy
from bot.outreach.outbox import Outreach, Send
from bot.people.service import PeopleService
from bot.records import Budget, PersonRef, Platform
from storage.database import Database
from tests.support.messenger import RecordingMessenger
from tests.support.secrets import FINGERPRINT_KEY

DANA = PersonRef(platform=Platform.SLACK, tenant="T1", user_id="U_DANA")
ASK = Outgoing(kind="followup-down", text="What went wrong?")
OFFER = Outgoing(kind="followup-up", text="Share a win?")
SURVEY = Outgoing(kind="survey", text="Did the assistant help you this week?")


async def known(database: Database, person: PersonRef = DANA) -> PeopleService:
    people = PeopleService(database, [], fingerprint_key=FINGERPRINT_KEY)
    await people.see(person)
    return people


def policy(
    outreach: Outreach, *, on_down: bool = True, on_up: bool = True, per_day: int = 5
) -> FollowupPolicy:
    return FollowupPolicy(outreach, on_down=on_down, on_up=on_up, down_per_day=per_day)


async def test_one_question_per_answer_and_a_daily_cap(database: Database) -> None:
    await known(database)
    outreach = Outreach(database, BudgetLimits(messages=100))
    asking = policy(outreach, per_day=2)
    asked = [await asking.after_down(DANA, answer, ASK, None) for answer in (1, 1, 2, 3)]
    # Answer 1 again: already asked. Answer 3: the third question today, over the cap of 2.
    assert [item is not None for item in asked] == [True, False, True, False]


async def test_share_a_win_at_most_once_a_week(database: Database) -> None:
    await known(database)
    offering = policy(Outreach(database, BudgetLimits()))
    offers = [await offering.after_up(DANA, OFFER, None) for _ in range(3)]
    assert [item is not None for item in offers] == [True, False, False]


async def test_nobody_who_opted_out_is_asked(database: Database) -> None:
    people = await known(database)
    asking = policy(Outreach(database, BudgetLimits()))
    await people.opt_out(DANA)
    assert await asking.after_down(DANA, 1, ASK, None) is None
    assert await asking.after_up(DANA, OFFER, None) is None
    await people.opt_in(DANA)
    assert await asking.after_down(DANA, 1, ASK, None) is not None


async def test_switched_off_follow_ups_never_ask(database: Database) -> None:
    await known(database)
    quiet = policy(Outreach(database, BudgetLimits()), on_down=False, on_up=False)
    assert await quiet.after_down(DANA, 1, ASK, None) is None
    assert await quiet.after_up(DANA, OFFER, None) is None


async def test_someone_followed_up_today_is_not_surveyed_beyond_the_budget(
    database: Database,
) -> None:
    """Three bot-initiated messages a week in all: after three "what went wrong?" notes,
    neither a survey nor a fourth note goes out; a second survey never does."""
    await known(database)
    outreach = Outreach(database, BudgetLimits(surveys=1, messages=3))
    asking = policy(outreach)
    notes = [await asking.after_down(DANA, answer, ASK, None) for answer in (1, 2, 3, 4)]
    survey = await outreach.decide(
        Send(person=DANA, message=SURVEY, key="survey:run-1:{person}", budget=Budget.SURVEY)
    )
    assert [note is not None for note in notes] == [True, True, True, False]
    assert (survey.item_id, survey.skipped) == (None, "over budget")


async def test_one_survey_a_week_and_it_counts_as_a_message(database: Database) -> None:
    await known(database)
    outreach = Outreach(database, BudgetLimits(surveys=1, messages=2))

    async def survey(run: str) -> str | None:
        decision = await outreach.decide(
            Send(person=DANA, message=SURVEY, key=f"survey:{run}:{{person}}", budget=Budget.SURVEY)
        )
        return decision.skipped

    first, second = await survey("run-1"), await survey("run-2")
    asking = policy(outreach)
    notes = [await asking.after_down(DANA, answer, ASK, None) for answer in (1, 2)]
    assert (first, second) == (None, "over budget")
    assert [note is not None for note in notes] == [True, False]


async def test_the_dispatcher_sends_each_decided_message_once(database: Database) -> None:
    people = [PersonRef(platform=Platform.SLACK, tenant="T1", user_id=f"U{n}") for n in range(5)]
    for person in people:
        await known(database, person)
    outreach = Outreach(database, BudgetLimits())
    slack = RecordingMessenger(unreachable={"U4"}, rate_limited_once=True)
    outreach.use(Platform.SLACK, slack)
    for person in people:
        await outreach.decide(
            Send(person=person, message=SURVEY, key="survey:run-1:{person}", budget=Budget.SURVEY)
        )
    dispatcher = Dispatcher(outreach, workers=2)
    for _ in range(20):
        if (
            not await dispatcher.dispatch_once()
            and (await outreach.counts()).get("pending", 0) == 0
        ):
            break
    counts = await outreach.counts()
    # A 429 put one back for a moment; the person Slack cannot find is marked failed.
    assert sorted(item.person.user_id for item in slack.delivered if item.person) == [
        "U0",
        "U1",
        "U2",
        "U3",
    ]
    assert counts == {"sent": 4, "failed": 1}
