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

    @field_validator("programme_file", mode="before")
    @classmethod
    def _unset_when_blank(cls, value: Any) -> Any:
        return value or None
