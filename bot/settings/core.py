"""GROUNDSWELL_*: the database, the API, leads, follow-ups, logging, the server secret."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings

from bot.settings.common import (
    PLACEHOLDER_SECRETS,
    SECRET_KEY_MIN,
    Csv,
    refuse_placeholder,
    section_config,
    split_csv,
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
