"""The application's services, built once from settings and handed to every adapter."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.advocacy.wins import WinService
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
from bot.secrets import ServerKeys, load_server_keys
from bot.settings import Settings
from storage.database import Database


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
    feedback_listeners: list[FeedbackListener] = field(default_factory=list)
    questions: QuestionService | None = None

    async def close(self) -> None:
        await self.database.dispose()


def build_services(settings: Settings, keys: ServerKeys | None = None) -> Services:
    core = settings.core
    keys = keys or load_server_keys(core)
    database = Database(core.database_url)
    listeners: list[FeedbackListener] = []
    export_to = settings.exports.destinations()
    feedback = FeedbackService(
        database, listeners, fingerprint_key=keys.fingerprints, export_to=export_to
    )
    people = PeopleService(
        database, core.leads, fingerprint_key=keys.fingerprints, export_to=export_to
    )
    wins = WinService(database, fingerprint_key=keys.fingerprints)
    outputs = OutputService(database)
    commands = CommandHandler(people, wins, feedback)
    outreach = Outreach(database, BudgetLimits())
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
        dispatcher=Dispatcher(outreach),
        conversations=ConversationService(database),
        welcome=WelcomePolicy(database),
        directory=Directory(
            database,
            fingerprint_key=keys.fingerprints,
            groups=AudienceGroups.from_settings(settings.surveys),
        ),
        feedback_listeners=listeners,
        questions=questions,
    )
