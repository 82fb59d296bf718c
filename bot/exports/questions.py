"""De-identified follow-up: the AI team asks about one piece of feedback without learning who
gave it.

A member of GROUNDSWELL_AI_TEAM (or an API caller) names the feedback by its opaque reference
(the exports' score id) or its id; the person who gave it gets a DM through the one outbox and
fatigue budget with Answer / No thanks; their answer goes back to the asker with no name or id
unless they chose to share their name, and to the exporters as a comment. The asker hears the
same thing whether or not anyone could be asked (opted out, forgotten, questions off, over
budget), so they never learn that. One open question per feedback; open for 7 days.
"""

from __future__ import annotations

import hmac
from datetime import UTC, datetime, timedelta

from bot.chat.answers import Answer, AnswerRouter
from bot.chat.commands import Reply
from bot.chat.forms import FormCatalog, check_values, clean_values
from bot.errors import DomainError
from bot.exports import question_prompts as prompts
from bot.exports.change import derive_score_id
from bot.outreach.outbox import Outreach, Send
from bot.records import Budget, PersonRef
from storage.database import Database, Session
from storage.repositories import exports as exports_repo
from storage.repositories import opinions as opinions_repo
from storage.repositories import people as people_repo
from storage.repositories import questions as questions_repo
from storage.repositories.questions import Question

OPEN_FOR = timedelta(days=7)
MAX_QUESTION = 1000


class UnknownFeedback(DomainError):
    """No feedback has that reference (or it was erased)."""


class AlreadyAsked(DomainError):
    """A question on this feedback is still open."""


class QuestionService:
    def __init__(
        self,
        database: Database,
        outreach: Outreach,
        *,
        key: bytes,
        export_to: tuple[str, ...] = (),
    ) -> None:
        self._db = database
        self._outreach = outreach
        self._key = key
        self._export_to = export_to

    def register(self, answers: AnswerRouter, forms: FormCatalog) -> None:
        forms.add(prompts.ANSWER_FORM, prompts.answer_form)
        answers.on(prompts.QUESTION_SUBMIT, self.submit_answer)
        answers.on(prompts.QUESTION_DECLINE, self.decline)

    async def ask(
        self,
        *,
        text: str,
        asker: PersonRef | None,
        asker_label: str,
        ref: str | None = None,
        feedback_id: int | None = None,
    ) -> int:
        """The question's id; raises UnknownFeedback or AlreadyAsked (nothing stored then)."""
        now = datetime.now(UTC)

        def work(session: Session) -> tuple[int, Send | None]:
            questions_repo.expire_open(session, now=now)
            pair = self._find_pair(session, ref=ref, feedback_id=feedback_id)
            if pair is None:
                raise UnknownFeedback("no feedback has that reference")
            subject = derive_score_id(self._key, person_id=pair[0], output_id=pair[1])
            if questions_repo.open_question_on(session, subject=subject, now=now):
                raise AlreadyAsked("a question about that feedback is still open")
            target = questions_repo.who_to_ask(session, person_id=pair[0])
            reachable = target is not None and target.may_ask
            question_id = questions_repo.add_question(
                session,
                values={
                    "subject": subject,
                    "output_id": pair[1],
                    "person_id": pair[0] if reachable else None,
                    "asker_platform": asker.platform.value if asker else None,
                    "asker_tenant": asker.tenant if asker else None,
                    "asker_user": asker.user_id if asker else None,
                    "text": text,
                    "status": questions_repo.OPEN,
                    "created_at": now,
                    "expires_at": now + OPEN_FOR,
                },
            )
            questions_repo.audit(
                session,
                question_id=question_id,
                event="asked",
                asker=asker_label,
                subject=subject,
                text=text,
                at=now,
            )
            if target is None or not reachable:
                return question_id, None
            opinion = opinions_repo.read_opinion(session, person_id=pair[0], output_id=pair[1])
            message = prompts.ask_the_person(question_id, text, opinion)
            key = f"question-{question_id}"
            return question_id, Send(
                person=target.person, message=message, key=key, budget=Budget.MESSAGE
            )

        question_id, send = await self._db.run(work)
        if send is not None:
            await self._send(send)
        return question_id

    def _find_pair(
        self, session: Session, *, ref: str | None, feedback_id: int | None
    ) -> tuple[int, int] | None:
        if feedback_id is not None:
            return questions_repo.pair_of_feedback(session, feedback_id=feedback_id)
        if ref is None:
            return None
        if ref.isascii() and ref.isdigit() and len(ref) <= 18:
            return questions_repo.pair_of_feedback(session, feedback_id=int(ref))
        # References are keyed hashes: found by computing them (one HMAC per rated answer).
        for person_id, output_id in questions_repo.rated_pairs(session):
            found = derive_score_id(self._key, person_id=person_id, output_id=output_id)
            if hmac.compare_digest(found, ref.strip().lower()):
                return person_id, output_id
        return None

    async def _send(self, send: Send) -> None:
        decision = await self._outreach.decide(send)
        if decision.item_id is not None:
            await self._outreach.send_now(decision.item_id)

    async def status(self, question_id: int) -> Question | None:
        now = datetime.now(UTC)

        def work(session: Session) -> Question | None:
            questions_repo.expire_open(session, now=now)
            return questions_repo.find_question(session, question_id=question_id)

        return await self._db.run(work)

    async def submit_answer(self, answer: Answer) -> Reply:
        form = prompts.answer_form(answer.value)
        values = clean_values(form, answer.inputs)
        problems = check_values(form, values)
        if problems:
            return Reply(text=f"That did not work: {next(iter(problems.values()))}")
        closed = await self._close(answer, "answered", values["answer"], values["share"] == "yes")
        if closed is None:
            return Reply(text="This question is closed now. Thanks all the same.")
        question, name = closed
        if question.asker is not None:
            message = prompts.tell_the_asker(
                question.id, question.subject, question.text, values["answer"], name
            )
            await self._send(
                Send(
                    person=question.asker,
                    message=message,
                    key=f"question-answer-{question.id}",
                    budget=None,
                    # They asked for the answer: it is not outreach they could opt out of.
                    respect_opt_out=False,
                )
            )
        shown = "with your name" if name else "without your name"
        return Reply(text=f"Thanks: your answer is on its way to the team, {shown}.")

    async def decline(self, answer: Answer) -> Reply:
        await self._close(answer, "declined", None, False)
        return Reply(text="No problem: nothing was sent.")

    async def _close(
        self, answer: Answer, status: str, text: str | None, share: bool
    ) -> tuple[Question, str | None] | None:
        if not (answer.value.isascii() and answer.value.isdigit() and len(answer.value) <= 18):
            return None
        now = datetime.now(UTC)

        def work(session: Session) -> tuple[Question, str | None] | None:
            question = questions_repo.find_question(session, question_id=int(answer.value))
            person = people_repo.find_person(session, ref=answer.person)
            if question is None or person is None or question.person_id != person.id:
                return None
            if question.expires_at <= now:
                return None
            name = (person.display_name or person.ref.user_id) if share else None
            if not questions_repo.close_question(
                session,
                question_id=question.id,
                status=status,
                now=now,
                answer=text,
                shared_name=name,
            ):
                return None
            questions_repo.audit(
                session,
                question_id=question.id,
                event=status,
                asker=None,
                subject=question.subject,
                text=None,
                at=now,
            )
            if text is not None and self._export_to:
                exports_repo.note_changes(
                    session,
                    destinations=self._export_to,
                    person_id=person.id,
                    output_ids=(question.output_id,),
                    now=now,
                )
            return question, name

        return await self._db.run(work)
