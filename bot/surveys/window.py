"""The local hours and days in which a survey may reach someone.

Times are wall-clock times in each recipient's own timezone, so a 10:00–16:00 window stays
10:00–16:00 for them through a daylight-saving change. The days are also the working days that
"remind after 2 working days" and "open for 5 working days" count.
"""

from __future__ import annotations

import re
from datetime import time
from typing import Any

from pydantic import Field, ValidationInfo, field_validator, model_validator

from bot.records import Frozen
from bot.surveys.calendar import MONDAY_TO_FRIDAY, describe_days, parse_weekday
from bot.surveys.rules import Finding, raise_findings

CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
SHORTEST_MINUTES = 30


class Window(Frozen):
    start: time = time(10)
    end: time = time(16)
    days: frozenset[int] = Field(default=MONDAY_TO_FRIDAY, min_length=1)

    @field_validator("start", "end", mode="before")
    @classmethod
    def _clock(cls, value: Any) -> Any:
        """Only "HH:MM": a bare 10 in YAML could mean an hour or seconds, so it is refused."""
        if isinstance(value, time):
            return value
        match = CLOCK.match(value.strip()) if isinstance(value, str) else None
        if match is None:
            raise ValueError(f'{value!r} is not a time of day: write it as HH:MM, e.g. "10:00"')
        return time(int(match[1]), int(match[2]))

    @field_validator("days", mode="before")
    @classmethod
    def _day_names(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            days = [parse_weekday(item) if isinstance(item, str) else item for item in value]
            if len(set(days)) != len(days):
                raise ValueError("lists a day twice")
            return frozenset(days)
        return value

    @field_validator("days")
    @classmethod
    def _known_days(cls, days: frozenset[int]) -> frozenset[int]:
        if not days <= frozenset(range(7)):
            raise ValueError("days are weekday names (monday … sunday)")
        return days

    @model_validator(mode="after")
    def _rules(self, info: ValidationInfo) -> Window:
        raise_findings(self, info)
        return self

    def findings(self) -> list[Finding]:
        minutes = (self.end.hour - self.start.hour) * 60 + self.end.minute - self.start.minute
        if minutes < SHORTEST_MINUTES:
            return [
                (
                    ("end",),
                    f"must be at least {SHORTEST_MINUTES} minutes after start"
                    f" ({self.start:%H:%M}); windows cannot run past midnight",
                )
            ]
        return []

    def describe(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M} local, {describe_days(self.days)}"
