"""MICROSOFT_* and GROUNDSWELL_TEAMS_*: how Groundswell reaches Teams."""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings

from bot.settings.common import Csv, refuse_placeholder, section_config, split_csv


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
