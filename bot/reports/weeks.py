"""ISO weeks ("2026-W47"): what a digest covers, Monday 00:00 UTC to the next Monday."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

WEEK_PATTERN = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    week: int

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        """ "2026-W47" → IsoWeek; ValueError naming the expected form otherwise."""
        match = WEEK_PATTERN.match(text.strip())
        if match is None:
            raise ValueError(f"{text!r} is not an ISO week: write it like 2026-W47")
        year, week = int(match.group(1)), int(match.group(2))
        try:
            date.fromisocalendar(year, week, 1)
        except ValueError:
            raise ValueError(f"{year} has no week {week}") from None
        return cls(year, week)

    @classmethod
    def of(cls, moment: datetime) -> IsoWeek:
        year, week, _ = moment.astimezone(UTC).isocalendar()
        return cls(year, week)

    @classmethod
    def last_complete(cls, now: datetime) -> IsoWeek:
        """The week before the one `now` is in: the week a Monday digest reports."""
        return cls.of(now).shift(-1)

    @property
    def start(self) -> datetime:
        return datetime.combine(date.fromisocalendar(self.year, self.week, 1), time(0), UTC)

    @property
    def end(self) -> datetime:
        return self.start + timedelta(days=7)

    def shift(self, weeks: int) -> IsoWeek:
        return IsoWeek.of(self.start + timedelta(weeks=weeks))

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"
