"""The digest builder as settings describe it."""

from __future__ import annotations

from bot.people.groups import AudienceGroups
from bot.reports.build import DigestBuilder, Thresholds
from bot.reports.programme import load_programme
from bot.settings import Settings
from bot.surveys.problems import SurveyProblems
from storage.database import Database


class ProgrammeProblems(Exception):
    """GROUNDSWELL_PROGRAMME_FILE cannot be used; `lines` name each problem's line and field."""

    def __init__(self, problems: SurveyProblems) -> None:
        super().__init__(str(problems))
        self.lines = problems.lines()


def build_digest_builder(settings: Settings, database: Database) -> DigestBuilder:
    programme = load_programme(settings.reports.programme_file)
    if isinstance(programme, SurveyProblems):
        raise ProgrammeProblems(programme)
    return DigestBuilder(
        database,
        programme=programme,
        groups=AudienceGroups.from_settings(settings.surveys),
        thresholds=Thresholds(
            min_group_size=settings.surveys.min_group_size,
            min_group_size_text=settings.surveys.min_group_size_text,
        ),
    )
