"""GROUNDSWELL_LANGFUSE_*, GROUNDSWELL_LANGSMITH_*, GROUNDSWELL_WEBHOOK_*, GROUNDSWELL_EXPORT_*:
where chat feedback is exported, each destination switched on by its own settings.

Destination hosts come only from here (never from a response: redirects are not followed), and
must be https unless they run on this machine.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings

from bot.settings.common import Csv, refuse_placeholder, section_config, split_csv

LANGFUSE_CLOUD = "https://cloud.langfuse.com"
LANGSMITH_CLOUD = "https://api.smith.langchain.com"


def safe_base_url(url: str | None) -> str | None:
    if url is None or not url.strip():
        return None
    url = url.strip().rstrip("/")
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        raise ValueError("is not a URL") from None
    local = parts.scheme == "http" and host in ("localhost", "127.0.0.1", "::1")
    if not host or (parts.scheme != "https" and not local):
        raise ValueError("must start with https:// (http:// only for localhost)")
    return url


class ExportSettings(BaseSettings):
    model_config = section_config("GROUNDSWELL_")

    langfuse_host: str = LANGFUSE_CLOUD
    langfuse_public_key: str | None = None
    langfuse_secret_key: SecretStr | None = Field(default=None, validate_default=True)
    langsmith_endpoint: str = LANGSMITH_CLOUD
    langsmith_api_key: SecretStr | None = None
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = Field(default=None, validate_default=True)
    # Platform user ids in exports instead of keyed pseudonyms: only when asked for.
    export_raw_user_ids: bool = False
    export_concurrency: int = Field(default=8, ge=1, le=64)
    export_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    export_backoff_seconds: float = Field(default=1.0, gt=0, le=60)
    export_backoff_cap_seconds: float = Field(default=300.0, gt=0, le=3600)
    # How long a claimed row is the claimant's: after a crash it is sent again once this ends.
    export_lease_seconds: float = Field(default=120.0, ge=1, le=3600)
    # Who may ask "what went wrong?" (like GROUNDSWELL_LEADS: slack:U123, teams:29:1abc).
    ai_team: Csv = Field(default_factory=list)

    @field_validator("ai_team", mode="before")
    @classmethod
    def _split_team(cls, value: Any) -> Any:
        return split_csv(value)

    @field_validator("ai_team")
    @classmethod
    def _platform_prefixed(cls, members: list[str]) -> list[str]:
        for member in members:
            platform, _, user = member.partition(":")
            if platform not in ("slack", "teams") or not user:
                raise ValueError(f"entry {member!r} must look like slack:U123 or teams:29:1abc")
        return members

    @field_validator("langfuse_host", "langsmith_endpoint", "webhook_url")
    @classmethod
    def _safe_url(cls, url: str | None) -> str | None:
        return safe_base_url(url)

    @field_validator("langfuse_secret_key", "langsmith_api_key")
    @classmethod
    def _real_secret(cls, value: SecretStr | None) -> SecretStr | None:
        return refuse_placeholder(value)

    @field_validator("langfuse_secret_key")
    @classmethod
    def _with_public_key(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        if value is not None and not info.data.get("langfuse_public_key"):
            raise ValueError("needs GROUNDSWELL_LANGFUSE_PUBLIC_KEY too (pk-lf-…)")
        if value is None and info.data.get("langfuse_public_key"):
            raise ValueError("is required when GROUNDSWELL_LANGFUSE_PUBLIC_KEY is set (sk-lf-…)")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _standard_secret(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        if info.data.get("webhook_url") and value is None:
            raise ValueError("is required when GROUNDSWELL_WEBHOOK_URL is set (whsec_…)")
        if value is not None and not value.get_secret_value().startswith("whsec_"):
            raise ValueError("must be a Standard Webhooks secret: whsec_ then base64")
        return value

    def destinations(self) -> tuple[str, ...]:
        """The destinations switched on, in a fixed order."""
        found: list[str] = []
        if self.langfuse_public_key and self.langfuse_secret_key:
            found.append("langfuse")
        if self.langsmith_api_key:
            found.append("langsmith")
        if self.webhook_url and self.webhook_secret:
            found.append("webhook")
        return tuple(found)
