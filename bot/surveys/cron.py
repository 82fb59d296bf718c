"""Five-field cron strings, for operators who already think in cron.

A survey run is a *date*, so only the day fields choose anything: the minute and hour must
be single numbers (a survey runs at most once a day) and the time people are asked comes from
the delivery window. Day-of-month and day-of-week follow Vixie cron: when both are restricted
a date matching either one runs ("0 0 1,15 * mon" is the 1st, the 15th and every Monday).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
CRON_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
# Day-of-month and weekday combinations repeat every 28 years (within 1901–2099), so a cron
# that matches nothing in 29 years from here never matches: "0 0 30 2 *" is refused.
SCAN_FROM = date(2024, 1, 1)
SCAN_DAYS = 366 * 29


@dataclass(frozen=True)
class CronDays:
    """The day part of a cron string. `either` is Vixie's rule: when neither day field starts
    with `*`, a date matching one of them is enough."""

    text: str
    days_of_month: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]  # date.weekday() numbering, Monday is 0
    either: bool

    def matches(self, day: date) -> bool:
        if day.month not in self.months:
            return False
        by_date = day.day in self.days_of_month
        by_weekday = day.weekday() in self.weekdays
        return (by_date or by_weekday) if self.either else (by_date and by_weekday)


def parse_cron(text: str) -> CronDays:
    fields = text.split()
    if len(fields) != 5:
        raise ValueError(
            f"cron {text!r} must have 5 fields (minute hour day-of-month month day-of-week),"
            f" not {len(fields)}"
        )
    minute, hour, dom, month, dow = fields
    for name, field, top in (("minute", minute, 59), ("hour", hour, 23)):
        if not field.isdigit() or int(field) > top:
            raise ValueError(
                f"cron {text!r}: the {name} must be one number 0–{top} (a survey runs at most"
                " once a day; the delivery window sets the time people are asked)"
            )
    weekdays = parse_field(dow, "day-of-week", 0, 7, CRON_DAYS)
    days = CronDays(
        text=" ".join(fields),
        days_of_month=parse_field(dom, "day-of-month", 1, 31),
        months=parse_field(month, "month", 1, 12, MONTHS, offset=1),
        # cron counts Sunday as 0 (and 7); date.weekday() counts Monday as 0.
        weekdays=frozenset((day - 1) % 7 for day in weekdays),
        either=not dom.startswith("*") and not dow.startswith("*"),
    )
    if not any(days.matches(SCAN_FROM + timedelta(days=n)) for n in range(SCAN_DAYS)):
        raise ValueError(f"cron {text!r} never matches a date")
    return days


def parse_field(
    field: str, name: str, low: int, high: int, names: tuple[str, ...] = (), offset: int = 0
) -> frozenset[int]:
    values: set[int] = set()
    for item in field.split(","):
        span, _, step_text = item.partition("/")
        step = parse_number(step_text, name, names, offset, field) if step_text else 1
        if step < 1:
            raise ValueError(f"cron {name} {field!r}: a step must be at least 1")
        if span == "*":
            first, last = low, high
        else:
            start, dash, end = span.partition("-")
            first = parse_number(start, name, names, offset, field)
            last = parse_number(end, name, names, offset, field) if dash else first
            if step_text and not dash:
                last = high  # "5/15" means from 5 to the end, every 15
        if not low <= first <= last <= high:
            raise ValueError(f"cron {name} {field!r} must stay within {low}–{high}, low to high")
        values.update(range(first, last + 1, step))
    return frozenset(values)


def parse_number(text: str, name: str, names: tuple[str, ...], offset: int, field: str) -> int:
    if text.isdigit():
        return int(text)
    if text.lower() in names:
        return names.index(text.lower()) + offset
    raise ValueError(
        f"cron {name} {field!r}: {text!r} is not a number"
        + (f" or a name ({names[0]} … {names[-1]})" if names else "")
    )
