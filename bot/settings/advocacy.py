"""Advocate scoring and the champion programme: how wins are weighed, what invitations say."""

from __future__ import annotations

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings

from bot.settings.common import section_config

DEFAULT_INVITATION = (
    "Hi {name}! Your wins with the AI assistant stood out: {explanation} "
    "Would you like to be one of its champions? You'd get a short recap once a month and, "
    "now and then, a note about where colleagues in {department} are struggling. "
    "You can step down at any time."
)
PLACEHOLDERS = ("{name}", "{explanation}", "{department}")


class AdvocacySettings(BaseSettings):
    model_config = section_config("GROUNDSWELL_ADVOCATE_")

    # A win counts half as much after this many days.
    half_life_days: float = Field(default=30.0, gt=0, le=3650)
    # Wins on at least this many different days make someone a candidate (one lucky day
    # is not a habit).
    min_win_days: int = Field(default=2, ge=2, le=100)
    # Wins older than this are not read at all.
    lookback_days: int = Field(default=180, ge=7, le=3650)
    # The invitation a lead approves; {name}, {explanation} and {department} are filled in.
    invitation: str = Field(default=DEFAULT_INVITATION, min_length=10, max_length=2000)

    @field_validator("invitation")
    @classmethod
    def _known_placeholders(cls, text: str) -> str:
        try:
            text.format(name="", explanation="", department="")
        except (KeyError, IndexError, ValueError) as error:
            raise ValueError(
                f"unknown placeholder {error}; use only {', '.join(PLACEHOLDERS)}"
            ) from None
        return text
