"""Answering a pulse: stored once, only by the person asked, only while the run is open; free
text of attributed surveys published; anonymous answers impossible to join back to anyone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import time_machine
from sqlalchemy import select

from bot.surveys.answering import ALREADY, CLOSED, NOT_YOURS
from bot.surveys.events import TextAnswer
from bot.surveys.reminders import REMINDER_KIND, remind_and_close
from storage.database import Database
from storage.tables import DeliveryRow, InboxRow, OutboxRow, ResponseRow, SurveyRunRow
from tests.bot.surveys.engine_support import Org, answer, org, templates

WEDNESDAY = datetime(2026, 12, 9, 6, 0, tzinfo=UTC)
THURSDAY = WEDNESDAY + timedelta(days=1, hours=6)
RUN_DATE = date(2026, 12, 9)


async def asked(team: Org, survey: str, users: list[str], department: str = "Sales") -> list:
    refs = [await team.add(user, department=department) for user in users]
    with time_machine.travel(WEDNESDAY, tick=False):
        await team.surveys.start_run(team.surveys.survey(survey), run_date=RUN_DATE, now=WEDNESDAY)
    with time_machine.travel(THURSDAY, tick=False):
        await team.dispatch_all()
    return refs


async def test_an_answer_is_stored_once_and_its_free_text_published(database: Database) -> None:
    team = org(database, templates())
    heard: list[TextAnswer] = []

    async def listener(event: TextAnswer) -> None:
        heard.append(event)

    team.surveys.on_text_answer.append(listener)
    (dana, eli) = await asked(team, "weekly-impact", ["U_DANA", "U_ELI"])
    delivery = team.delivery_of(dana)
    inputs = {"helped": "yes", "what": "Drafted the board pack", "time_saved": "1_3h"}
    with time_machine.travel(THURSDAY, tick=True):
        first = await team.surveys.answer(answer(dana, delivery, inputs, key="click-1"))
        double = await team.surveys.answer(answer(dana, delivery, inputs, key="click-1"))
        second = await team.surveys.answer(answer(dana, delivery, inputs, key="click-2"))
        stolen = await team.surveys.answer(answer(eli, delivery, inputs, key="click-3"))
    assert first.text.startswith("Thanks — recorded.")
    assert "Drafted the board pack" in first.text
    assert double.text == first.text
    assert second.text == ALREADY
    assert stolen.text == NOT_YOURS
    rows = await database.run(lambda s: s.execute(select(ResponseRow.__table__)).all())
    assert len(rows) == 1 and rows[0].answers["what"] == "Drafted the board pack"
    assert [(e.person, e.text, e.question) for e in heard] == [
        (dana, "Drafted the board pack", "what")
    ]


async def test_a_hidden_question_is_ignored_and_a_missing_one_refused(database: Database) -> None:
    team = org(database, templates())
    (dana,) = await asked(team, "weekly-impact", ["U_DANA"])
    delivery = team.delivery_of(dana)
    with time_machine.travel(THURSDAY, tick=True):
        missing = await team.surveys.answer(answer(dana, delivery, {}, key="a"))
        hidden = await team.surveys.answer(
            answer(dana, delivery, {"helped": "no", "what": "ignored"}, key="b")
        )
    assert "Nothing was recorded" in missing.text
    assert hidden.text.startswith("Thanks — recorded.")
    rows = await database.run(lambda s: s.execute(select(ResponseRow.answers)).all())
    assert [row.answers for row in rows] == [{"helped": "no"}]


async def test_anonymous_answers_cannot_be_joined_back_to_anyone(database: Database) -> None:
    team = org(database, templates())
    heard: list[TextAnswer] = []

    async def listener(event: TextAnswer) -> None:
        heard.append(event)

    team.surveys.on_text_answer.append(listener)
    users = [f"U_{n}" for n in range(6)]
    refs = await asked(team, "monthly-recommend", users)
    for minute, ref in enumerate(refs):
        with time_machine.travel(THURSDAY + timedelta(minutes=minute), tick=False):
            reply = await team.surveys.answer(
                answer(
                    ref,
                    team.delivery_of(ref),
                    {"recommend": str(minute), "why": "ok"},
                    key=f"k{minute}",
                )
            )
            assert reply.text.startswith("Thanks — recorded.")
    assert heard == []

    def tables(session):  # type: ignore[no-untyped-def]
        return (
            session.execute(select(ResponseRow.__table__)).all(),
            session.execute(select(DeliveryRow.__table__)).all(),
            session.execute(select(SurveyRunRow.__table__)).all(),
            session.execute(select(InboxRow.__table__)).all(),
            session.execute(select(OutboxRow.__table__)).all(),
        )

    responses, deliveries, runs, inbox, outbox = await database.run(tables)
    assert len(responses) == 6
    # No person, no platform event, one time for all: the run's own date.
    assert {r.person_id for r in responses} == {None}
    assert {r.idempotency_key for r in responses} == {None}
    assert {r.submitted_at for r in responses} == {runs[0].scheduled_for}
    # Deliveries say only that someone answered, never when.
    assert all(d.answered and d.answered_at is None for d in deliveries)
    # Response ids are not in answering order (drawn at random), so order joins nothing.
    ids = sorted(r.id for r in responses)
    assert ids != list(range(ids[0], ids[0] + 6))
    assert inbox == []
    # Nothing was sent because someone answered (the thanks replaces the card).
    assert {o.kind for o in outbox} == {"survey"}


async def test_one_reminder_then_the_run_closes_and_late_answers_are_refused(
    database: Database,
) -> None:
    team = org(database, templates())
    (dana, eli) = await asked(team, "weekly-impact", ["U_DANA", "U_ELI"])
    with time_machine.travel(THURSDAY, tick=True):
        await team.surveys.answer(answer(eli, team.delivery_of(eli), {"helped": "no"}))
    catalog = team.surveys.catalog.get
    later = THURSDAY + timedelta(days=5)  # past two working days after Thursday
    with time_machine.travel(later, tick=False):
        first = await remind_and_close(database, now=later, find_survey=catalog)
        again = await remind_and_close(database, now=later, find_survey=catalog)
        await team.dispatch_all()
    assert first == (1, 0) and again == (0, 0)
    assert team.messenger.kinds_for(dana) == ["survey", REMINDER_KIND]
    assert team.messenger.kinds_for(eli) == ["survey"]
    closing = THURSDAY + timedelta(days=14)
    with time_machine.travel(closing, tick=False):
        assert await remind_and_close(database, now=closing, find_survey=catalog) == (0, 1)
        late = await team.surveys.answer(
            answer(dana, team.delivery_of(dana), {"helped": "no"}, key="late")
        )
    assert late.text == CLOSED
