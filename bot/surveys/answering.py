"""Storing one person's answers to one delivery: once, only theirs, only while the run is open.

The submission names its delivery (the form's value). It is refused, with nothing stored,
when that delivery went to someone else, its run has closed, or it was answered already (a
double click or a replayed event: the first one counts). An anonymous answer is stored with
no person, no platform event id and the run's date as its time, and its id is drawn at
random, so no table orders or joins it back to who gave it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.chat.answers import Answer
from bot.chat.commands import Reply
from bot.chat.forms import check_values, clean_values
from bot.surveys.definition import SurveyDefinition
from bot.surveys.events import TextAnswer
from bot.surveys.form import form_for
from bot.surveys.questions import QuestionKind
from bot.surveys.steps import decode, is_delivery_id
from storage.database import Database, Session
from storage.repositories import people as people_repo
from storage.repositories import surveys as surveys_repo

CLOSED = "Thanks — but this pulse has closed, so your answer was not recorded."
NOT_YOURS = "This pulse was sent to someone else; nothing was recorded."
ALREADY = "Thanks — your answers to this pulse were already recorded."
GONE = "This pulse is no longer running; nothing was recorded."


@dataclass(frozen=True)
class Stored:
    reply: Reply
    published: tuple[TextAnswer, ...] = ()
    # Where the survey was posted, to turn it into the thanks when answered from a modal.
    message_ref: dict[str, object] | None = None


def thanks(survey: SurveyDefinition, answers: dict[str, str]) -> Reply:
    """The card becomes this: what they said, so they can see it counted."""
    lines = ["Thanks — recorded."]
    for question in survey.questions:
        value = answers.get(question.id)
        if not value:
            continue
        shown = next((c.label for c in question.options() if c.value == value), value)
        lines.append(f"• {question.text} {shown}")
    return Reply(text="\n".join(lines))


class Storing:
    """One submission's unit of work; `run()` gives the reply and the events to publish."""

    def __init__(
        self,
        database: Database,
        answer: Answer,
        find_survey: Callable[[str], SurveyDefinition | None],
        now: datetime,
    ) -> None:
        self._db = database
        self._answer = answer
        self._find = find_survey
        self._now = now

    async def run(self) -> Stored:
        delivery, earlier = decode(self._answer.value)
        if not is_delivery_id(delivery):
            return Stored(Reply(text=GONE))
        self._delivery_id = int(delivery)
        # Slack's steps carry the answers given on buttons; the modal adds the rest.
        self._inputs = {**earlier, **self._answer.inputs}
        return await self._db.run(self._work)

    def _work(self, session: Session) -> Stored:
        answer, now = self._answer, self._now
        delivery = surveys_repo.find_delivery(session, delivery_id=self._delivery_id)
        if delivery is None or delivery.skip_reason is not None:
            return Stored(Reply(text=GONE))
        if people_repo.find_person_id(session, ref=answer.person) != delivery.person_id:
            return Stored(Reply(text=NOT_YOURS))
        survey = self._find(delivery.name)
        if survey is None:
            return Stored(Reply(text=GONE))
        if not delivery.anonymous:
            earlier = surveys_repo.response_by_key(
                session, key=answer.key, run_id=delivery.run_id, person_id=delivery.person_id
            )
            if earlier is not None:  # the same platform event again: the same reply
                return Stored(thanks(survey, earlier.answers))
        if delivery.closed_at is not None or now >= delivery.closes_at:
            return Stored(Reply(text=CLOSED))
        form = form_for(survey, value=answer.value)
        problems = check_values(form, self._inputs)
        if problems:
            field, problem = next(iter(problems.items()))
            label = next((f.label for f in form.fields if f.id == field), field)
            return Stored(Reply(text=f"{label}: {problem} Nothing was recorded yet."))
        values = {key: value for key, value in clean_values(form, self._inputs).items() if value}
        anonymous = bool(delivery.anonymous)
        if not surveys_repo.mark_answered(
            session, delivery_id=delivery.id, at=None if anonymous else now
        ):
            return Stored(Reply(text=ALREADY))
        response_id = surveys_repo.add_response(
            session,
            values={
                "run_id": delivery.run_id,
                "person_id": None if anonymous else delivery.person_id,
                "segment": delivery.department,
                "answers": values,
                # Anonymous: the run's date, the same for everyone, not the moment they answered.
                "submitted_at": delivery.scheduled_for if anonymous else now,
                "idempotency_key": None if anonymous else answer.key[:255],
            },
        )
        published = () if anonymous else text_answers(survey, values, answer, response_id, now)
        return Stored(thanks(survey, values), published, delivery.message_ref)


def text_answers(
    survey: SurveyDefinition,
    values: dict[str, str],
    answer: Answer,
    response_id: int,
    now: datetime,
) -> tuple[TextAnswer, ...]:
    return tuple(
        TextAnswer(
            person=answer.person,
            text=values[question.id],
            survey=survey.name,
            question=question.id,
            response_key=f"survey-response:{response_id}:{question.id}",
            at=now,
        )
        for question in survey.questions
        if question.kind is QuestionKind.TEXT and values.get(question.id)
    )
