"""The application's services, built once from settings and handed to every adapter."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bot.advocacy.wins import WinService
from bot.advocacy.wiring import Advocacy, build_advocacy
from bot.chat.answers import AnswerRouter
from bot.chat.commands import CommandHandler
from bot.chat.forms import FormCatalog
from bot.chat.inbox import Inbox
from bot.exports.question_commands import QuestionCommands
from bot.exports.questions import QuestionService
from bot.feedback.flow import FeedbackFlow
from bot.feedback.outputs import OutputService
from bot.feedback.service import FeedbackListener, FeedbackService
from bot.outreach.budget import BudgetLimits
from bot.outreach.dispatcher import Dispatcher
from bot.outreach.followups import FollowupPolicy
from bot.outreach.outbox import Outreach
from bot.outreach.welcome import WelcomePolicy
from bot.people.conversations import ConversationService
from bot.people.directory import Directory
from bot.people.groups import AudienceGroups
from bot.people.service import PeopleService
from bot.reports.command import ReportCommand
from bot.reports.delivery import DigestDelivery
from bot.reports.setup import build_digest_builder
from bot.scheduling.scheduler import Scheduler
from bot.secrets import ServerKeys, load_server_keys
from bot.settings import Settings
from bot.surveys.events import TextAnswer
from bot.surveys.service import SurveyService
from bot.surveys.wiring import build_survey_service
from storage.database import Database, is_sqlite


@dataclass
class Services:
    settings: Settings
    keys: ServerKeys
    database: Database
    feedback: FeedbackService
    outputs: OutputService
    people: PeopleService
    wins: WinService
    commands: CommandHandler
    followups: FollowupPolicy
    answers: AnswerRouter
    forms: FormCatalog
    flow: FeedbackFlow
    inbox: Inbox
    outreach: Outreach
    dispatcher: Dispatcher
    conversations: ConversationService
    welcome: WelcomePolicy
    directory: Directory
    surveys: SurveyService
    scheduler: Scheduler
    advocacy: Advocacy
    feedback_listeners: list[FeedbackListener] = field(default_factory=list)
    # The weekly digest: the scheduler calls digests.tick(now); `report` answers leads.
    digests: DigestDelivery | None = None
    report: ReportCommand | None = None
    questions: QuestionService | None = None

    async def close(self) -> None:
        await self.database.dispose()


# Advocate scores decay by the day; an hourly rescore also sends invitations the budget held.
ADVOCACY_TICK_SECONDS = 3600
# Each lead's Monday 09:00 comes round in their own timezone; a few minutes late is fine.
DIGEST_TICK_SECONDS = 300


def read_survey_answer_for_wins(wins: WinService) -> Callable[[TextAnswer], Awaitable[None]]:
    """Attributed surveys' free text goes through the win detector (anonymous answers are
    never published as TextAnswer events)."""

    async def read(answer: TextAnswer) -> None:
        await wins.consider_survey_answer(
            person=answer.person,
            text=answer.text,
            survey=answer.survey,
            question=answer.question,
            key=answer.response_key,
            occurred_at=answer.at,
        )

    return read


def build_services(settings: Settings, keys: ServerKeys | None = None) -> Services:
    core = settings.core
    keys = keys or load_server_keys(core)
    database = Database(core.database_url)
    listeners: list[FeedbackListener] = []
    export_to = settings.exports.destinations()
    wins = WinService(database, fingerprint_key=keys.fingerprints)
    feedback = FeedbackService(
        database,
        listeners,
        fingerprint_key=keys.fingerprints,
        read_comment=wins.consider_comment,
        export_to=export_to,
    )
    people = PeopleService(
        database, core.leads, fingerprint_key=keys.fingerprints, export_to=export_to
    )
    outputs = OutputService(database)
    commands = CommandHandler(people, wins, feedback)
    limits = BudgetLimits(
        surveys=settings.surveys.budget_surveys_per_week,
        messages=settings.surveys.budget_messages_per_week,
    )
    outreach = Outreach(database, limits)
    followups = FollowupPolicy(
        outreach,
        on_down=core.followup_on_down,
        on_up=core.followup_on_up,
        down_per_day=core.followup_down_per_day,
    )
    answers = AnswerRouter(commands)
    forms = FormCatalog()
    flow = FeedbackFlow(
        feedback=feedback,
        outputs=outputs,
        wins=wins,
        followups=followups,
        outreach=outreach,
        forms=forms,
        answers=answers,
    )
    dispatcher = Dispatcher(outreach, single_process=is_sqlite(core.database_url))
    advocacy = build_advocacy(
        settings,
        database,
        wins=wins,
        people=people,
        outreach=outreach,
        commands=commands,
        answers=answers,
        wake=dispatcher.wake,
    )
    surveys = build_survey_service(database, settings.surveys, outreach, answers, forms, commands)
    surveys.on_text_answer.append(read_survey_answer_for_wins(wins))
    scheduler = Scheduler(settings.scheduler, core.database_url)
    scheduler.register_periodic("surveys", settings.scheduler.survey_tick_seconds, surveys.tick)
    scheduler.register_periodic("advocates", ADVOCACY_TICK_SECONDS, advocacy.service.tick)
    builder = build_digest_builder(settings, database)
    report = ReportCommand(builder)
    commands.report = report.answer
    digests = DigestDelivery(
        database,
        builder,
        outreach,
        leads=core.leads,
        default_timezone=settings.surveys.timezone,
        channel=settings.reports.digest_channel,
    )
    scheduler.register_periodic("digests", DIGEST_TICK_SECONDS, digests.tick)
    questions = QuestionService(database, outreach, key=keys.pseudonyms, export_to=export_to)
    questions.register(answers, forms)
    QuestionCommands(questions, people, database, ai_team=settings.exports.ai_team).register(
        commands
    )
    return Services(
        settings=settings,
        keys=keys,
        database=database,
        feedback=feedback,
        outputs=outputs,
        people=people,
        wins=wins,
        commands=commands,
        followups=followups,
        answers=answers,
        forms=forms,
        flow=flow,
        inbox=Inbox(database),
        outreach=outreach,
        dispatcher=dispatcher,
        conversations=ConversationService(database),
        welcome=WelcomePolicy(database),
        directory=Directory(
            database,
            fingerprint_key=keys.fingerprints,
            groups=AudienceGroups.from_settings(settings.surveys),
        ),
        advocacy=advocacy,
        feedback_listeners=listeners,
        surveys=surveys,
        scheduler=scheduler,
        digests=digests,
        report=report,
        questions=questions,
    )
