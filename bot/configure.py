"""Reading the settings tree from the environment: every problem at once, one line each,
naming the variable an operator sets (not our field name)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import AliasChoices, ValidationError
from pydantic_settings import BaseSettings

from bot.settings import CoreSettings, Settings, SlackSettings, SurveySettings, TeamsSettings


class SettingsError(Exception):
    """Settings that cannot work; each line names the variable and what is wrong."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def env_name(section: type[BaseSettings], field: str) -> str:
    info = section.model_fields[field]
    alias = info.validation_alias
    if isinstance(alias, AliasChoices):
        return str(alias.choices[0])
    return f"{section.model_config.get('env_prefix', '')}{field}".upper()


def describe(section: type[BaseSettings], error: ValidationError) -> list[str]:
    problems = []
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else "?"
        name = env_name(section, field) if field in section.model_fields else field
        message = str(item["msg"]).removeprefix("Value error, ")
        problems.append(f"{name}: {message}")
    return problems


def check_combinations(settings: Settings) -> list[str]:
    slack = settings.slack
    problems = []
    if (
        (slack.bot_token or slack.client_id)
        and slack.signing_secret is None
        and not slack.app_token
    ):
        problems.append(
            "SLACK_SIGNING_SECRET: is required when SLACK_BOT_TOKEN or SLACK_CLIENT_ID is set"
        )
    if slack.socket_mode and slack.app_token is None:
        problems.append("SLACK_APP_TOKEN: is required for Socket Mode (xapp-…, connections:write)")
    if slack.client_id and slack.client_secret is None:
        problems.append("SLACK_CLIENT_SECRET: is required when SLACK_CLIENT_ID is set")
    return problems + check_teams(settings.teams)


def check_teams(teams: TeamsSettings) -> list[str]:
    problems = []
    managed = teams.app_type == "UserAssignedMSI"  # a managed identity has no password
    if teams.app_id and not managed and teams.app_password is None:
        problems.append("MICROSOFT_APP_PASSWORD: is required when MICROSOFT_APP_ID is set")
    if teams.app_id and teams.app_type == "SingleTenant" and not teams.tenant_id:
        problems.append(
            "MICROSOFT_APP_TENANT_ID: is required for a SingleTenant app "
            "(MICROSOFT_APP_TYPE, SingleTenant by default)"
        )
    if teams.app_id and teams.insecure_local:
        problems.append(
            "GROUNDSWELL_TEAMS_INSECURE_LOCAL: unset it: MICROSOFT_APP_ID is set, "
            "so Teams checks every request's token"
        )
    return problems


def load_settings(env_file: Path | None = Path(".env"), **core_overrides: Any) -> Settings:
    """Read every section; raise SettingsError listing all problems at once."""
    problems: list[str] = []
    built: dict[str, BaseSettings] = {}
    sections: dict[str, type[BaseSettings]] = {
        "core": CoreSettings,
        "slack": SlackSettings,
        "teams": TeamsSettings,
        "surveys": SurveySettings,
    }
    for name, section in sections.items():
        overrides = core_overrides if name == "core" else {}
        try:
            built[name] = section(_env_file=env_file, **overrides)
        except ValidationError as error:
            problems.extend(describe(section, error))
    if problems:
        raise SettingsError(problems)
    settings = Settings.model_validate(built)
    combination_problems = check_combinations(settings)
    if combination_problems:
        raise SettingsError(combination_problems)
    return settings
