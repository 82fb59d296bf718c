"""SLACK_* and GROUNDSWELL_SLACK_*: how Groundswell reaches Slack."""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings

from bot.settings.common import Csv, refuse_placeholder, section_config, split_csv
from bot.token_kinds import refuse_slack_token, require_slack_token


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
    # chat.postMessage per second across the process (surveys, follow-ups, replies), and how
    # many may go at once after a quiet spell. Just under what the workspace allows keeps a
    # survey fan-out near its fastest with few 429s.
    send_rate: float = Field(default=10.0, gt=0, le=1000)
    send_burst: int = Field(default=10, ge=1, le=1000)

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
