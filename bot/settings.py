"""One typed settings tree, built once in main() from the environment and an optional .env.

Each section is its own BaseSettings because the platforms' own variable names
(SLACK_SIGNING_SECRET, MICROSOFT_APP_ID) do not share our GROUNDSWELL_ prefix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, BaseModel, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PLACEHOLDER_SECRETS = frozenset({"changeme", "change-me", "secret", "password", "xxx", "todo"})


def split_csv(value: Any) -> Any:
    """Comma-separated lists in one variable, the way operators write them."""
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


def refuse_placeholder(value: SecretStr | None) -> SecretStr | None:
    if value is not None and value.get_secret_value().strip().lower() in PLACEHOLDER_SECRETS:
        raise ValueError("is a placeholder, not a real secret")
    if value is not None and not value.get_secret_value().strip():
        raise ValueError("is empty; unset it instead")
    return value


Csv = Annotated[list[str], NoDecode]


def section_config(prefix: str) -> SettingsConfigDict:
    return SettingsConfigDict(
        env_prefix=prefix, env_file=".env", extra="ignore", populate_by_name=True
    )


class CoreSettings(BaseSettings):
    model_config = section_config("GROUNDSWELL_")

    database_url: str = "sqlite:///groundswell.db"
    api_tokens: Csv = Field(default_factory=list)
    leads: Csv = Field(default_factory=list)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    max_body_bytes: int = Field(default=64 * 1024, ge=1024, le=10 * 1024 * 1024)
    followup_on_down: bool = True
    followup_on_up: bool = True
    followup_down_per_day: int = Field(default=5, ge=0, le=100)

    @field_validator("api_tokens", "leads", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        return split_csv(value)

    @field_validator("api_tokens")
    @classmethod
    def _strong_tokens(cls, tokens: list[str]) -> list[str]:
        for token in tokens:
            if token.lower() in PLACEHOLDER_SECRETS:
                raise ValueError("contains a placeholder token, not a real one")
        return tokens

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, url: str) -> str:
        if not url.startswith(("sqlite", "postgresql")):
            raise ValueError("must start with sqlite:/// or postgresql+psycopg://")
        return url

    @field_validator("leads")
    @classmethod
    def _platform_prefixed(cls, leads: list[str]) -> list[str]:
        for lead in leads:
            platform, _, user = lead.partition(":")
            if platform not in ("slack", "teams") or not user:
                raise ValueError(f"entry {lead!r} must look like slack:U123 or teams:29:1abc")
        return leads

    def api_secret_tokens(self) -> list[SecretStr]:
        return [SecretStr(token) for token in self.api_tokens]


class SlackSettings(BaseSettings):
    model_config = section_config("GROUNDSWELL_SLACK_")

    signing_secret: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_SIGNING_SECRET")
    )
    bot_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_BOT_TOKEN")
    )
    client_id: str | None = Field(default=None, validation_alias=AliasChoices("SLACK_CLIENT_ID"))
    client_secret: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_CLIENT_SECRET")
    )
    app_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_APP_TOKEN")
    )
    api_url: str = "https://slack.com/api/"
    # `groundswell serve --socket-mode` sets this; the app token opens the websocket.
    socket_mode: bool = False
    assistants: Csv = Field(default_factory=list)
    positive_emoji: Csv = Field(default_factory=lambda: ["+1", "thumbsup"])
    negative_emoji: Csv = Field(default_factory=lambda: ["-1", "thumbsdown"])

    @field_validator("signing_secret", "bot_token", "client_secret", "app_token")
    @classmethod
    def _real_secret(cls, value: SecretStr | None) -> SecretStr | None:
        return refuse_placeholder(value)

    @field_validator("assistants", "positive_emoji", "negative_emoji", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        return split_csv(value)

    @property
    def enabled(self) -> bool:
        return any((self.bot_token, self.client_id, self.app_token, self.signing_secret))


class TeamsSettings(BaseSettings):
    model_config = section_config("GROUNDSWELL_TEAMS_")

    app_id: str | None = Field(default=None, validation_alias=AliasChoices("MICROSOFT_APP_ID"))
    app_password: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("MICROSOFT_APP_PASSWORD")
    )
    tenant_id: str | None = Field(
        default=None, validation_alias=AliasChoices("MICROSOFT_APP_TENANT_ID")
    )
    app_type: Literal["SingleTenant", "MultiTenant", "UserAssignedMSI"] = Field(
        default="SingleTenant", validation_alias=AliasChoices("MICROSOFT_APP_TYPE")
    )
    # Teams reactions are words ("like", "heart", "sad"); which ones count as 👍 / 👎.
    positive_reactions: Csv = Field(default_factory=lambda: ["like", "heart"])
    negative_reactions: Csv = Field(default_factory=list)

    @field_validator("positive_reactions", "negative_reactions", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        return split_csv(value)

    @field_validator("app_password")
    @classmethod
    def _real_secret(cls, value: SecretStr | None) -> SecretStr | None:
        return refuse_placeholder(value)


class Settings(BaseModel):
    """The whole tree; build it with `load_settings`."""

    core: CoreSettings
    slack: SlackSettings
    teams: TeamsSettings


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
    if settings.teams.app_id and settings.teams.app_password is None:
        problems.append("MICROSOFT_APP_PASSWORD: is required when MICROSOFT_APP_ID is set")
    return problems


def load_settings(env_file: Path | None = Path(".env"), **core_overrides: Any) -> Settings:
    """Read every section; raise SettingsError listing all problems at once."""
    problems: list[str] = []
    built: dict[str, BaseSettings] = {}
    sections: dict[str, type[BaseSettings]] = {
        "core": CoreSettings,
        "slack": SlackSettings,
        "teams": TeamsSettings,
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
