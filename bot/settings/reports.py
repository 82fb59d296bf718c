"""The weekly digest: where the programme's success criteria are written down."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import field_validator
from pydantic_settings import BaseSettings

from bot.settings.common import section_config


class ReportSettings(BaseSettings):
    """GROUNDSWELL_PROGRAMME_FILE: success criteria per assistant and use case (YAML, see
    bot/reports/programme.py). The group-size thresholds are the surveys' own
    (GROUNDSWELL_MIN_GROUP_SIZE, GROUNDSWELL_MIN_GROUP_SIZE_TEXT)."""

    model_config = section_config("GROUNDSWELL_")

    programme_file: Path | None = None
    # GROUNDSWELL_DIGEST_CHANNEL, "slack:C0123ABCD": the digest also goes to this channel on
    # Mondays at 09:00 (GROUNDSWELL_TIMEZONE), without the advocate candidates, who are for
    # the leads to decide on first.
    digest_channel: str | None = None

    @field_validator("programme_file", "digest_channel", mode="before")
    @classmethod
    def _unset_when_blank(cls, value: Any) -> Any:
        return value or None

    @field_validator("digest_channel")
    @classmethod
    def _platform_and_channel(cls, value: str | None) -> str | None:
        if value is None:
            return None
        platform, _, channel = value.partition(":")
        if platform not in ("slack", "teams") or not channel.strip():
            raise ValueError(
                "must be slack:<channel id> or teams:<conversation id>, e.g. slack:C0123ABCD"
            )
        return value
