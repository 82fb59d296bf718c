"""GROUNDSWELL_LLM_*: an optional model that judges wins."""

from __future__ import annotations

from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings

from bot.settings.common import refuse_placeholder, section_config


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
