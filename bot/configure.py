"""Reading the settings tree from the environment: every problem at once, one line each,
naming the variable an operator sets (not our field name)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import AliasChoices, ValidationError
from pydantic_settings import BaseSettings

from bot.envfile import check_env_file
from bot.settings import (
    AdvocacySettings,
    CoreSettings,
    ExportSettings,
    LlmSettings,
    ReportSettings,
    SchedulerSettings,
    Settings,
    SlackSettings,
    SurveySettings,
    TeamsSettings,
)


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


# Placeholder-strength tokens (`test`, `abc123`) guard an API that writes into the database.
MIN_API_TOKEN_LENGTH = 16


def check_combinations(settings: Settings) -> list[str]:
    """What every command refuses: settings that cannot work together, whatever is run."""
    return [*check_slack(settings.slack), *check_teams(settings), *check_api_tokens(settings)]


def check_slack(slack: SlackSettings) -> list[str]:
    problems = []
    if slack.client_secret is not None and not slack.client_id:
        problems.append("SLACK_CLIENT_ID: is required when SLACK_CLIENT_SECRET is set")
    if slack.client_id and slack.client_secret is None:
        problems.append("SLACK_CLIENT_SECRET: is required when SLACK_CLIENT_ID is set")
    if slack.client_id and slack.bot_token is not None:
        problems.append(
            "SLACK_BOT_TOKEN: leave it unset with SLACK_CLIENT_ID: the OAuth install stores "
            "each workspace's own bot token"
        )
    if slack.enabled and slack.bot_token is None and not (slack.client_id or slack.client_secret):
        # Bolt cannot answer a single request without a token to act with.
        problems.append(
            "SLACK_BOT_TOKEN: is required for Slack: the Bot User OAuth Token (xoxb-…) from "
            "OAuth & Permissions after installing the app (or SLACK_CLIENT_ID and "
            "SLACK_CLIENT_SECRET to install into many workspaces)"
        )
    if (
        (slack.bot_token or slack.client_id)
        and slack.signing_secret is None
        and not slack.app_token
    ):
        problems.append(
            "SLACK_SIGNING_SECRET: is required when SLACK_BOT_TOKEN or SLACK_CLIENT_ID is set"
        )
    return problems


def check_teams(settings: Settings) -> list[str]:
    teams = settings.teams
    problems = []
    # A managed identity has no secret: Azure issues its tokens to the machine.
    if teams.app_id and teams.app_password is None and teams.app_type != "UserAssignedMSI":
        problems.append("MICROSOFT_APP_PASSWORD: is required when MICROSOFT_APP_ID is set")
    if teams.app_id and teams.app_type == "SingleTenant" and not teams.tenant_id:
        # Without it every token check fails at the first Teams message, not at start-up.
        problems.append(
            "MICROSOFT_APP_TENANT_ID: is required for a SingleTenant app (the default "
            "MICROSOFT_APP_TYPE): set your Entra tenant id, or MICROSOFT_APP_TYPE if the "
            "registration is of another type"
        )
    if teams.app_id and teams.insecure_local:
        problems.append(
            "GROUNDSWELL_TEAMS_INSECURE_LOCAL: unset it: MICROSOFT_APP_ID is set, "
            "so Teams checks every request's token"
        )
    return problems


def check_api_tokens(settings: Settings) -> list[str]:
    count = len(settings.core.api_tokens)
    return [
        f"GROUNDSWELL_API_TOKENS: token {number} of {count} has {len(token)} characters; "
        f"use at least {MIN_API_TOKEN_LENGTH} random ones (e.g. `openssl rand -hex 24`)"
        for number, token in enumerate(settings.core.api_tokens, start=1)
        if len(token) < MIN_API_TOKEN_LENGTH
    ]


def check_serving(settings: Settings) -> list[str]:
    """What `serve` (and `check`) also refuse: they know whether Socket Mode is on."""
    slack = settings.slack
    problems = []
    if slack.socket_mode and slack.app_token is None:
        problems.append("SLACK_APP_TOKEN: is required for Socket Mode (xapp-…, connections:write)")
    if not slack.socket_mode and slack.app_token is not None and slack.signing_secret is None:
        problems.append(
            "SLACK_APP_TOKEN: is for Socket Mode, which is off: run `groundswell serve "
            "--socket-mode` (or set GROUNDSWELL_SLACK_SOCKET_MODE=true), or set "
            "SLACK_SIGNING_SECRET to serve Slack over HTTP"
        )
    return problems + programme_problems(settings)


def programme_problems(settings: Settings) -> list[str]:
    """GROUNDSWELL_PROGRAMME_FILE, one line per problem naming its line and field."""
    from bot.reports.programme import load_programme
    from bot.surveys.problems import SurveyProblems

    loaded = load_programme(settings.reports.programme_file)
    if isinstance(loaded, SurveyProblems):
        return [f"GROUNDSWELL_PROGRAMME_FILE: {line}" for line in loaded.lines()]
    return []


def load_settings(env_file: Path | None = Path(".env"), **core_overrides: Any) -> Settings:
    """Read every section; raise SettingsError listing all problems at once."""
    problems = check_env_file(env_file)
    if problems:
        raise SettingsError(problems)
    built: dict[str, BaseSettings] = {}
    sections: dict[str, type[BaseSettings]] = {
        "core": CoreSettings,
        "slack": SlackSettings,
        "teams": TeamsSettings,
        "llm": LlmSettings,
        "surveys": SurveySettings,
        "scheduler": SchedulerSettings,
        "advocacy": AdvocacySettings,
        "reports": ReportSettings,
        "exports": ExportSettings,
    }
    for name, section in sections.items():
        overrides = core_overrides if name == "core" else {}
        try:
            built[name] = section(_env_file=env_file, _env_file_encoding="utf-8", **overrides)
        except ValidationError as error:
            problems.extend(describe(section, error))
    if problems:
        raise SettingsError(problems)
    settings = Settings.model_validate(built)
    combination_problems = check_combinations(settings)
    if combination_problems:
        raise SettingsError(combination_problems)
    return settings
