"""When a survey runs, written the way people say it — or as cron, for experts.

    schedule: {every: week, on: wednesday}
    schedule: {every: 2 weeks, on: wednesday, anchor: 2026-01-07}   # every other Wednesday
    schedule: {every: month, on: first tuesday}                      # or "last friday", "day 1"
    schedule: "0 9 * * 3"                                            # 5-field cron

A run is a date; the delivery window decides the time. "Every other" needs an anchor (a date
that is a run) so the weeks it picks are the same on every replica and after every restart.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator, model_validator

from bot.surveys.calendar import ORDINALS, last_day_of_month, nth_weekday, parse_weekday
from bot.surveys.calendar import weekday_name as name_of
from bot.surveys.cron import CronDays, parse_cron
from bot.surveys.rules import Finding, raise_findings

EVERY = re.compile(r"^(?:(?P<count>\d{1,2}) +)?(?P<unit>weeks?|months?)$")
SPELLED = {"weekly": "week", "fortnight": "2 weeks", "other week": "2 weeks", "monthly": "month"}
MONTH_DAY = re.compile(r"^(?:day +(?P<day>\d{1,2})|(?P<nth>[a-z]+) +(?P<weekday>[a-z]+))$")


class Schedule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    every: str | None = None
    on: str | None = None
    anchor: date | None = None
    cron: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _cron_string(cls, value: Any) -> Any:
        return {"cron": value} if isinstance(value, str) else value

    @field_validator("every")
    @classmethod
    def _every(cls, value: str | None) -> str | None:
        if value is None:
            return None
        text = " ".join(value.lower().split())
        text = SPELLED.get(text, text)
        match = EVERY.match(text)
        count = int(match["count"] or 1) if match else 0
        if not match or count < 1 or (match["unit"].startswith("month") and count != 1):
            raise ValueError(f"{value!r} is not a period: write week, N weeks (1–52) or month")
        if match["unit"].startswith("week") and count > 52:
            raise ValueError(f"{value!r}: at most every 52 weeks")
        if match["unit"].startswith("month"):
            return "month"
        return "week" if count == 1 else f"{count} weeks"

    @field_validator("cron")
    @classmethod
    def _cron(cls, value: str | None) -> str | None:
        return None if value is None else compile_cron(value).text

    @model_validator(mode="after")
    def _rules(self, info: ValidationInfo) -> Schedule:
        raise_findings(self, info)
        return self

    @property
    def weeks(self) -> int:
        """The period in weeks, or 0 for monthly and cron schedules."""
        if self.every == "week":
            return 1
        return int(self.every.split()[0]) if self.every and self.every != "month" else 0

    def findings(self) -> list[Finding]:
        if self.cron is not None:
            extra = [name for name in ("every", "on", "anchor") if getattr(self, name) is not None]
            return [((name,), "not used with cron; give either cron or every/on") for name in extra]
        if self.every is None:
            return [((), "needs every (week, N weeks or month) and on, or a cron string")]
        if self.on is None:
            example = "first tuesday" if self.every == "month" else "wednesday"
            return [(("on",), f"is required with every: {self.every} (e.g. on: {example})")]
        try:
            if self.every == "month":
                read_month_day(self.on)
            else:
                weekday = parse_weekday(self.on)
        except ValueError as error:
            return [(("on",), str(error))]
        if self.every == "month":
            return [(("anchor",), "only used with every: N weeks")] if self.anchor else []
        if self.anchor is None:
            if self.weeks == 1:
                return []
            sample = self.example_anchor(weekday)
            return [
                (
                    ("anchor",),
                    f"is required with every: {self.every}: a date that is a run,"
                    f" e.g. {sample} (a {name_of(weekday)})",
                )
            ]
        if self.anchor.weekday() != weekday:
            return [
                (
                    ("anchor",),
                    f"{self.anchor} is a {name_of(self.anchor.weekday())},"
                    f" not a {name_of(weekday)}",
                )
            ]
        return []

    @staticmethod
    def example_anchor(weekday: int) -> date:
        start = date(2026, 1, 5)  # a Monday
        return start.replace(day=5 + weekday)

    def matches(self, day: date) -> bool:
        """Is `day` a run date? Only meaningful on a schedule without findings."""
        if self.cron is not None:
            return compile_cron(self.cron).matches(day)
        assert self.on is not None
        if self.every == "month":
            return day == month_day(read_month_day(self.on), day.year, day.month)
        if day.weekday() != parse_weekday(self.on):
            return False
        anchor = self.anchor or day
        return (day - anchor).days % (7 * self.weeks) == 0

    def describe(self) -> str:
        """Said the way an operator would: "every other Wednesday", "monthly, on day 1"."""
        if self.cron is not None:
            return f"cron {self.cron}"
        if self.every == "month":
            return f"monthly, on {describe_month_day(read_month_day(self.on or 'day 1'))}"
        spoken = {1: "every", 2: "every other"}.get(self.weeks, f"every {self.weeks} weeks on")
        day = name_of(parse_weekday(self.on or "monday"))
        anchor = f" (from {self.anchor})" if self.anchor and self.weeks > 1 else ""
        return f"{spoken} {day}{anchor}"


@lru_cache(maxsize=64)  # bounded: the strings come from a file anyone may have written
def compile_cron(text: str) -> CronDays:
    return parse_cron(text)


def describe_month_day(rule: tuple[int, int]) -> str:
    number, weekday = rule
    if weekday == -1:
        return "the last day" if number == -1 else f"day {number}"
    ordinal = next(word for word, value in ORDINALS.items() if value == number)
    return f"the {ordinal} {name_of(weekday)}"


def read_month_day(text: str) -> tuple[int, int]:
    """ "first monday" → (1, 0); "last friday" → (-1, 4); "day 15" → (15, -1); "last day"."""
    words = " ".join(text.lower().split())
    if words == "last day":
        return (-1, -1)
    match = MONTH_DAY.match(words)
    if match and match["day"]:
        day = int(match["day"])
        if not 1 <= day <= 28:
            raise ValueError(
                f"{text!r}: day must be 1–28 (not every month has a day {day}; use 'last day')"
            )
        return (day, -1)
    if match and match["nth"] in ORDINALS:
        return (ORDINALS[match["nth"]], parse_weekday(match["weekday"]))
    raise ValueError(
        f"{text!r} is not a day of the month: write first/second/third/fourth/last plus a"
        " weekday (first tuesday), day 1–28, or last day"
    )


def month_day(rule: tuple[int, int], year: int, month: int) -> date:
    number, weekday = rule
    if weekday == -1:
        return last_day_of_month(year, month) if number == -1 else date(year, month, number)
    return nth_weekday(year, month, weekday, number)
