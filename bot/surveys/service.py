"""The survey service: starts due runs, stores answers, reminds, closes and reports.

Adapters reach it through the AnswerRouter (SURVEY_ANSWER), the CLI and chat commands; the
scheduler calls `tick(now)`. Listeners in `on_text_answer` hear each free-text answer of an
attributed survey (the win detector); a failing listener never loses the answer.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from functools import partial
from zoneinfo import ZoneInfo

from bot.chat.answers import SURVEY_ANSWER, Answer, AnswerRouter
from bot.chat.commands import Reply
from bot.chat.forms import FormCatalog
from bot.chat.messenger import Outgoing
from bot.outreach.budget import BudgetLimits
from bot.outreach.outbox import Outreach
from bot.records import MessageRef
from bot.surveys.answering import Storing
from bot.surveys.catalog import SurveyCatalog
from bot.surveys.definition import SurveyDefinition
from bot.surveys.engine import MembersOf, RunEngine, RunReport
from bot.surveys.events import TextAnswerListener
from bot.surveys.form import form_name
from bot.surveys.reminders import remind_and_close
from bot.surveys.results import Results, summarise
from bot.surveys.runs import EARLIEST, due_run
from bot.surveys.steps import STEP_ACTIONS, decode, is_delivery_id, remaining_form, step
from bot.surveys.timing import as_wall
from storage.database import Database, Session
from storage.repositories import surveys as surveys_repo

log = logging.getLogger(__name__)


class UnknownSurvey(LookupError):
    pass


class SurveyService:
    def __init__(
        self,
        database: Database,
        catalog: SurveyCatalog,
        limits: BudgetLimits,
        *,
        min_group: int = 5,
        min_text: int = 10,
        programme_zone: str = "UTC",
    ) -> None:
        self._db = database
        self.catalog = catalog
        self._engine = RunEngine(database, limits)
        self._min_group = min_group
        self._min_text = min_text
        self._zone = programme_zone
        self._members_of: MembersOf | None = None
        self.on_text_answer: list[TextAnswerListener] = []
        self._outreach: Outreach | None = None

    def listen(self, router: AnswerRouter, forms: FormCatalog | None = None) -> None:
        """Own the survey answers: the whole form (Teams, Slack's modal) and Slack's steps."""
        router.on(SURVEY_ANSWER, self.answer)
        for action in STEP_ACTIONS:
            router.on(action, self.step)
        for survey in self.catalog.surveys:
            if forms is not None:
                forms.add(form_name(survey.name), partial(remaining_form, survey))

    def use_outreach(self, outreach: Outreach) -> None:
        """Where the messengers are, to turn an answered survey into its thanks."""
        self._outreach = outreach

    def use_channel_members(self, members_of: MembersOf) -> None:
        """The Slack adapter lists a channel's members for channel audiences."""
        self._members_of = members_of

    def survey(self, name: str) -> SurveyDefinition:
        found = self.catalog.get(name)
        if found is None:
            known = ", ".join(s.name for s in self.catalog.surveys)
            raise UnknownSurvey(f"no survey named {name!r} (known: {known})")
        return found

    async def _members(self, survey: SurveyDefinition) -> dict[str, frozenset[str]]:
        channels = [t.channel for t in survey.audience if t.channel]
        if not channels or self._members_of is None:
            return {}
        return {channel: await self._members_of(channel) for channel in channels}

    async def send_now(
        self, name: str, *, now: datetime | None = None, dry_run: bool = False
    ) -> RunReport:
        """A run dated today (the programme's timezone); each person still in their window."""
        survey = self.survey(name)
        now = now or datetime.now(UTC)
        today = as_wall(now, ZoneInfo(self._zone)).date()
        return await self._engine.start(
            survey, run_date=today, now=now, members=await self._members(survey), dry_run=dry_run
        )

    async def start_run(
        self, survey: SurveyDefinition, *, run_date: date, now: datetime
    ) -> RunReport:
        """The run of `run_date`, started once (a second start finds it started)."""
        return await self._engine.start(
            survey, run_date=run_date, now=now, members=await self._members(survey)
        )

    async def start_due(self, now: datetime) -> list[RunReport]:
        """Each enabled survey's one due run, if any (a missed run is caught up once)."""
        started = []
        for survey in self.catalog.enabled():
            last = await self._db.run(partial(surveys_repo.last_run_date, name=survey.name))
            last_date: date | None = last.astimezone(EARLIEST).date() if last else None
            run_date = due_run(survey, now=now, last_run=last_date)
            if run_date is None:
                continue
            report = await self._engine.start(
                survey, run_date=run_date, now=now, members=await self._members(survey)
            )
            if not report.already_started:
                log.info(
                    "survey run started: %d asked, %d skipped",
                    len(report.asked),
                    len(report.skipped),
                )
            started.append(report)
        return started

    async def tick(self, now: datetime) -> None:
        """What the scheduler runs every minute."""
        await self.start_due(now)
        await remind_and_close(self._db, now=now, find_survey=self.catalog.get)

    async def step(self, answer: Answer) -> Reply:
        """A Slack button: the next question replaces this one, or the last one stores all."""
        delivery, answers = decode(answer.value)
        name = await self._db.run(partial(survey_name_of, delivery=delivery))
        survey = self.catalog.get(name) if name else None
        found = step(survey, delivery, answers) if survey is not None else None
        if found is None:
            return await self.answer(answer)
        question, buttons = found
        return Reply(text=f"*{question}*", choices=buttons)

    async def answer(self, answer: Answer) -> Reply:
        stored = await Storing(self._db, answer, self.catalog.get, datetime.now(UTC)).run()
        if stored.message_ref is not None and answer.action == SURVEY_ANSWER and not answer.message:
            await self._show_thanks(stored.message_ref, stored.reply)
        for event in stored.published:
            for listener in self.on_text_answer:
                try:
                    await listener(event)
                except Exception as error:
                    log.warning("text answer listener failed (%s)", type(error).__name__)
        return stored.reply

    async def _show_thanks(self, ref: dict[str, object], reply: Reply) -> None:
        """Answered in a modal: the survey message itself becomes the thanks too."""
        try:
            message = MessageRef.model_validate(ref)
        except ValueError:
            return
        messenger = self._outreach.messenger(message.platform) if self._outreach else None
        if messenger is None:
            return
        try:
            await messenger.update_message(message, Outgoing(kind="survey-done", text=reply.text))
        except Exception as error:  # the answer is stored; the old buttons just stay
            log.info("could not update the survey message (%s)", type(error).__name__)

    async def results(self, name: str, *, run_id: int | None = None) -> Results | None:
        survey = self.survey(name)

        def work(session: Session) -> Results | None:
            runs = surveys_repo.runs_of(session, name=name)
            chosen = next((r for r in runs if run_id is None or r.id == run_id), None)
            if chosen is None:
                return None
            counts = surveys_repo.delivery_counts(session, run_id=chosen.id)
            rows = surveys_repo.responses_of(session, run_id=chosen.id)
            return summarise(
                survey,
                run_id=chosen.id,
                delivery_counts=counts,
                responses=[(row.segment, row.answers) for row in rows],
                min_group=self._min_group,
                min_text=self._min_text,
            )

        return await self._db.run(work)


def survey_name_of(session: Session, *, delivery: str) -> str | None:
    if not is_delivery_id(delivery):
        return None
    found = surveys_repo.find_delivery(session, delivery_id=int(delivery))
    return str(found.name) if found is not None else None
