"""One typed settings tree, built once in main() from the environment and an optional .env.

Each section is its own BaseSettings because the platforms' own variable names
(SLACK_SIGNING_SECRET, MICROSOFT_APP_ID) do not share our GROUNDSWELL_ prefix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, BaseModel, Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.token_kinds import refuse_slack_token, require_slack_token

PLACEHOLDER_SECRETS = frozenset({"changeme", "change-me", "secret", "password", "xxx", "todo"})
SECRET_KEY_MIN = 32


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
    # Keys forget fingerprints and stored platform tokens (bot/secrets.py derives one key per
    # purpose). Unset with the embedded SQLite default: generated into a file beside it.
    secret_key: SecretStr | None = Field(default=None, validate_default=True)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    max_body_bytes: int = Field(default=64 * 1024, ge=1024, le=10 * 1024 * 1024)
    followup_on_down: bool = True
    followup_on_up: bool = True
    followup_down_per_day: int = Field(default=5, ge=0, le=100)

    @field_validator("api_tokens", mode="before")
    @classmethod
    def _split_tokens(cls, value: Any) -> Any:
        tokens = split_csv(value)
        if isinstance(value, str) and value.strip() and not tokens:
            # Meant as "on" by whoever wrote it; the API would stay off without a word.
            raise ValueError(
                "lists no token, only commas: give at least one, or unset it to keep the API off"
            )
        return tokens

    @field_validator("leads", mode="before")
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

    @field_validator("secret_key")
    @classmethod
    def _strong_secret_key(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        if value is None:
            # Declared after database_url, so a valid URL is already in info.data.
            if not str(info.data.get("database_url", "sqlite")).startswith("sqlite"):
                raise ValueError(
                    "is required with PostgreSQL (e.g. the output of "
                    "`python3 -c 'import secrets; print(secrets.token_urlsafe(32))'`)"
                )
            return None
        refuse_placeholder(value)
        if len(value.get_secret_value().strip()) < SECRET_KEY_MIN:
            raise ValueError(f"must be at least {SECRET_KEY_MIN} characters of random text")
        return value

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

    @field_validator("bot_token")
    @classmethod
    def _bot_token(cls, value: SecretStr | None) -> SecretStr | None:
        return require_slack_token(value, "xoxb-")

    @field_validator("app_token")
    @classmethod
    def _app_token(cls, value: SecretStr | None) -> SecretStr | None:
        return require_slack_token(value, "xapp-")

    @field_validator("signing_secret", "client_secret")
    @classmethod
    def _not_a_token(cls, value: SecretStr | None) -> SecretStr | None:
        return refuse_slack_token(value)

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
    # Teams with no app id and no token checks, for trying the bot on one machine only:
    # `serve` refuses it unless it listens on a loopback address.
    insecure_local: bool = False
    # Origins (scheme://host[:port]) accepted as an activity's serviceUrl besides Microsoft's
    # Bot Framework hosts: a local emulator or test connector, a sovereign cloud's host.
    service_urls: Csv = Field(default_factory=list)

    @field_validator("positive_reactions", "negative_reactions", "service_urls", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        return split_csv(value)

    @field_validator("app_password")
    @classmethod
    def _real_secret(cls, value: SecretStr | None) -> SecretStr | None:
        return refuse_placeholder(value)

    @field_validator("service_urls")
    @classmethod
    def _origins(cls, urls: list[str]) -> list[str]:
        return [normalised_origin(url) for url in urls]

    @property
    def enabled(self) -> bool:
        """Teams is served only with an app id, or explicitly without one for local tests."""
        return bool(self.app_id) or self.insecure_local


def normalised_origin(url: str) -> str:
    """`scheme://host[:port]`, lower-cased; anything with a path, user or query is refused."""
    problem = (
        f"entry {url!r} must be an origin like https://smba.example.us or http://127.0.0.1:3978"
    )
    parts = urlsplit(url.strip())
    try:
        port = parts.port
    except ValueError:
        raise ValueError(problem) from None
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.username is not None
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
    ):
        raise ValueError(problem)
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{parts.scheme}://{host}" + (f":{port}" if port is not None else "")


class LlmSettings(BaseSettings):
    """An OpenAI-compatible chat completions endpoint that judges wins; the rules do when unset.

    GROUNDSWELL_LLM_URL is the endpoint (".../v1/chat/completions", or the base ".../v1").
    Only the text people wrote is sent (mentions, e-mails, links and ids replaced), so the
    endpoint must be https unless it runs on this machine.
    """

    model_config = section_config("GROUNDSWELL_LLM_")

    url: str | None = None
    model: str | None = Field(default=None, validate_default=True)
    api_key: SecretStr | None = None
    timeout_seconds: float = Field(default=4.0, gt=0, le=30)
    # Ask for `response_format: json_object`; servers that refuse it are asked once without.
    json_mode: bool = True
    max_concurrency: int = Field(default=4, ge=1, le=32)

    @field_validator("url")
    @classmethod
    def _safe_url(cls, url: str | None) -> str | None:
        if url is None or not url.strip():
            return None
        url = url.strip()
        try:
            parts = urlsplit(url)
            host = parts.hostname
        except ValueError:
            raise ValueError("is not a URL") from None
        local = parts.scheme == "http" and host in ("localhost", "127.0.0.1", "::1")
        if not host or (parts.scheme != "https" and not local):
            raise ValueError("must start with https:// (http:// only for localhost)")
        return url

    @field_validator("model")
    @classmethod
    def _model_with_url(cls, model: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("url") and not (model and model.strip()):
            raise ValueError("is required when GROUNDSWELL_LLM_URL is set (e.g. gpt-4o-mini)")
        return model.strip() if model else None

    @field_validator("api_key")
    @classmethod
    def _real_secret(cls, value: SecretStr | None) -> SecretStr | None:
        return refuse_placeholder(value)

    @property
    def enabled(self) -> bool:
        return bool(self.url and self.model)


class SurveySettings(BaseSettings):
    """Pulse surveys, the fatigue budget of everything Groundswell starts, anonymity
    thresholds, and the departments that count as IT or the AI team."""

    model_config = section_config("GROUNDSWELL_")

    # Adds to or changes the shipped templates; checked by `groundswell check` and `serve`.
    surveys_file: Path | None = None
    # The programme's timezone: stands in for unknown personal ones; dates hand-started runs.
    timezone: str = "UTC"
    min_group_size: int = Field(default=5, ge=2, le=1000)
    min_group_size_text: int = Field(default=10, ge=2, le=1000)
    budget_surveys_per_week: int = Field(default=1, ge=0, le=50)
    budget_messages_per_week: int = Field(default=3, ge=0, le=100)
    it_departments: Csv = Field(default_factory=list)
    ai_team_departments: Csv = Field(default_factory=list)

    @field_validator("it_departments", "ai_team_departments", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        return split_csv(value)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise ValueError(f"{name!r} is not an IANA timezone (e.g. Europe/Berlin)") from None
        return name

    @field_validator("min_group_size_text")
    @classmethod
    def _text_at_least_numbers(cls, value: int, info: ValidationInfo) -> int:
        # Free text identifies people more easily than a count, so it never needs fewer.
        numbers = info.data.get("min_group_size")
        if isinstance(numbers, int) and value < numbers:
            raise ValueError(f"must be at least GROUNDSWELL_MIN_GROUP_SIZE ({numbers})")
        return value

    @field_validator("surveys_file", mode="before")
    @classmethod
    def _unset_when_blank(cls, value: Any) -> Any:
        return value or None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class Settings(BaseModel):
    """The whole tree; build it with `load_settings`."""

    core: CoreSettings
    slack: SlackSettings
    teams: TeamsSettings
    # Optional: a tree built without it (tests, older callers) has no model configured.
    llm: LlmSettings = Field(default_factory=LlmSettings.model_construct)
    # A tree built by hand (tests) gets the defaults, not whatever the environment holds.
    surveys: SurveySettings = Field(default_factory=SurveySettings.model_construct)
