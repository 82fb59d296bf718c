"""One typed settings tree, built once in main() from the environment and an optional .env.

Each section is its own BaseSettings (one module each) because the platforms' own variable
names (SLACK_SIGNING_SECRET, MICROSOFT_APP_ID) do not share our GROUNDSWELL_ prefix.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from bot.settings.advocacy import AdvocacySettings
from bot.settings.common import (
    PLACEHOLDER_SECRETS,
    SECRET_KEY_MIN,
    Csv,
    refuse_placeholder,
    section_config,
    split_csv,
)
from bot.settings.core import CoreSettings
from bot.settings.exports import ExportSettings
from bot.settings.llm import LlmSettings
from bot.settings.reports import ReportSettings
from bot.settings.scheduler import SchedulerSettings
from bot.settings.slack import SlackSettings
from bot.settings.surveys import SurveySettings
from bot.settings.teams import TeamsSettings, normalised_origin

__all__ = [
    "PLACEHOLDER_SECRETS",
    "SECRET_KEY_MIN",
    "AdvocacySettings",
    "CoreSettings",
    "Csv",
    "ExportSettings",
    "LlmSettings",
    "ReportSettings",
    "SchedulerSettings",
    "Settings",
    "SlackSettings",
    "SurveySettings",
    "TeamsSettings",
    "normalised_origin",
    "refuse_placeholder",
    "section_config",
    "split_csv",
]


class Settings(BaseModel):
    """The whole tree; build it with `load_settings`."""

    core: CoreSettings
    slack: SlackSettings
    teams: TeamsSettings
    # Optional: a tree built without it (tests, older callers) has no model configured.
    llm: LlmSettings = Field(default_factory=LlmSettings.model_construct)
    # A tree built by hand (tests) gets the defaults, not whatever the environment holds.
    surveys: SurveySettings = Field(default_factory=SurveySettings.model_construct)
    # A tree built by hand (tests) has no scheduler running; `load_settings` reads the
    # environment, where it is on unless GROUNDSWELL_SCHEDULER_ENABLED=false.
    scheduler: SchedulerSettings = Field(
        default_factory=lambda: SchedulerSettings.model_construct(enabled=False)
    )
    advocacy: AdvocacySettings = Field(default_factory=AdvocacySettings.model_construct)
    reports: ReportSettings = Field(default_factory=ReportSettings.model_construct)
    exports: ExportSettings = Field(default_factory=ExportSettings.model_construct)
