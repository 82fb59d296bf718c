"""Pulse surveys, the fatigue budget and anonymity thresholds."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationInfo, field_validator
from pydantic_settings import BaseSettings

from bot.settings.common import Csv, section_config, split_csv


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
