"""Building the survey service from settings: the templates plus the operator's file."""

from __future__ import annotations

from bot.chat.answers import AnswerRouter
from bot.chat.commands import CommandHandler
from bot.chat.forms import FormCatalog
from bot.outreach.outbox import Outreach
from bot.settings.surveys import SurveySettings
from bot.surveys.catalog import SurveyCatalog
from bot.surveys.chat import SurveyCommand
from bot.surveys.loading import load_surveys
from bot.surveys.service import SurveyService
from storage.database import Database


def build_survey_service(
    database: Database,
    settings: SurveySettings,
    outreach: Outreach,
    answers: AnswerRouter,
    forms: FormCatalog,
    commands: CommandHandler | None = None,
) -> SurveyService:
    """`serve` and `check` have refused a broken surveys file already; here it falls back to
    the templates alone rather than stop every other feature."""
    catalog = load_surveys(settings.surveys_file)
    if not isinstance(catalog, SurveyCatalog):
        catalog = load_surveys(None)
        assert isinstance(catalog, SurveyCatalog)  # the shipped templates always load
    service = SurveyService(
        database,
        catalog,
        outreach.limits,
        min_group=settings.min_group_size,
        min_text=settings.min_group_size_text,
        programme_zone=settings.timezone,
    )
    service.listen(answers, forms)
    service.use_outreach(outreach)
    if commands is not None:
        commands.on_lead("survey", SurveyCommand(service))
    return service
