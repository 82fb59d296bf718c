"""The chat side of follow-up questions: `ask <ref> <question>` for the AI team, and
`questions off|on` for everyone (bot/exports/questions.py does the asking)."""

from __future__ import annotations

from bot.chat.commands import CommandHandler, Invocation, Reply
from bot.errors import DomainError
from bot.exports.questions import MAX_QUESTION, QuestionService
from bot.people.service import PeopleService
from bot.records import PersonRef
from storage.database import Database, Session
from storage.repositories import people as people_repo
from storage.repositories import questions as questions_repo

MAX_REF = 64


def read_ask(rest: str) -> tuple[str, str] | str:
    """(reference, question) from what follows `ask`, or what to tell the person instead."""
    ref, _, text = rest.strip().partition(" ")
    text = text.strip()
    if not ref or not text or len(ref) > MAX_REF:
        return "Use `ask <reference> <your question>`; the reference is in the export."
    if len(text) > MAX_QUESTION:
        return f"Keep the question under {MAX_QUESTION} characters."
    return ref, text


class QuestionCommands:
    def __init__(
        self,
        questions: QuestionService,
        people: PeopleService,
        database: Database,
        *,
        ai_team: list[str],
    ) -> None:
        self._questions = questions
        self._people = people
        self._db = database
        self._team = frozenset(ai_team)

    def register(self, commands: CommandHandler) -> None:
        commands.on("ask", self._ask_command)
        commands.on("questions", self._questions_command)

    def in_ai_team(self, person: PersonRef) -> bool:
        return f"{person.platform.value}:{person.user_id}" in self._team

    async def _ask_command(self, call: Invocation, rest: str) -> Reply:
        if not self.in_ai_team(call.person):
            return Reply(
                text="Sorry, `ask` is for the team building the assistant. Ask your Groundswell "
                "admin to add you to GROUNDSWELL_AI_TEAM."
            )
        parsed = read_ask(rest)
        if isinstance(parsed, str):
            return Reply(text=parsed)
        ref, text = parsed
        asker = f"{call.person.platform.value}:{call.person.user_id}"
        # The answer comes back through the outbox, which sends only to people it knows.
        await self._people.see(call.person)
        try:
            question_id = await self._questions.ask(
                text=text, asker=call.person, asker_label=asker, ref=ref
            )
        except DomainError as error:
            return Reply(text=f"That did not work: {error}.")
        return Reply(
            text=f"Question {question_id} is recorded. If the person who gave that feedback "
            "answers within 7 days, the answer comes to you here, without their name."
        )

    async def _questions_command(self, call: Invocation, rest: str) -> Reply:
        choice = rest.strip().lower()
        if choice not in ("on", "off"):
            return Reply(
                text="Use `questions off` to stop follow-up questions, `questions on` to allow "
                "them."
            )

        def work(session: Session) -> bool:
            person_id = people_repo.find_person_id(session, ref=call.person)
            if person_id is None:
                return False
            questions_repo.set_refusal(session, person_id=person_id, refused=choice == "off")
            return True

        await self._db.run(work)
        if choice == "off":
            return Reply(text="Done: the team will not be able to ask you about your feedback.")
        return Reply(text="Done: the team may ask you now and then about feedback you gave.")
