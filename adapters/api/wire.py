"""What the ingestion API accepts on the wire, parsed strictly so that it is exactly what the
OpenAPI document says: a request the schema allows is never refused, and one it forbids is
never accepted (tests/api/test_openapi_contract.py runs schemathesis to hold us to it).

- Times are RFC 3339 date-time strings, as JSON Schema's `date-time` format defines them
  (no numbers, no offset-less times); a leap second counts as the last microsecond before
  it, and instants beyond what Python can hold (year 0, 9999-12-31 with a negative offset)
  are clamped to the nearest one it can.
- Integers in the query string are plain digits (no `+5`, ` 5`, `5_0`, `5.0`).
- Text may not hold NUL (PostgreSQL cannot store it); required text may not be blank.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Annotated, Any

from pydantic import AwareDatetime, BeforeValidator

# PostgreSQL's INTEGER, the type of our ids: a larger id cannot exist.
MAX_ID = 2**31 - 1

# Exactly the characters str.strip() removes, spelled out so every regex engine (Python's,
# a client's JavaScript) reads the same set.
WHITESPACE = "".join(f"\\u{code:04x}" for code in range(0x10000) if chr(code).isspace())
# Unanchored, as JSON Schema patterns are: "holds NUL" (forbidden with `not`), and "holds a
# character that is neither whitespace nor NUL" (required text).
HOLDS_NUL = "\\u0000"
HOLDS_TEXT = f"[^\\u0000{WHITESPACE}]"

# RFC 3339 section 5.6, digits spelled [0-9] since \d also matches other scripts' digits.
DATE_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?"
    r"(?:[Zz]|([+-])([0-9]{2}):([0-9]{2}))"
)
NOT_A_DATE_TIME = "must be an RFC 3339 date-time such as 2026-11-27T09:00:00Z"
EARLIEST = datetime.min.replace(tzinfo=UTC)
LATEST = datetime.max.replace(tzinfo=UTC)

# Idempotency-Key: printable ASCII without spaces, as the IETF draft's examples use.
IDEMPOTENCY_KEY_PATTERN = r"^[\x21-\x7e]{1,255}$"
IDEMPOTENCY_KEY_SHAPE = re.compile(IDEMPOTENCY_KEY_PATTERN)


class JsonSchema:
    """Schema fragments the models' own rules refer to."""

    NO_NUL: dict[str, Any] = {"not": {"pattern": HOLDS_NUL}}  # noqa: RUF012
    NOT_BLANK: dict[str, Any] = {"type": "string", "pattern": HOLDS_TEXT, **NO_NUL}  # noqa: RUF012


def is_blank(text: str) -> bool:
    return not text.strip()


def parse_date_time(value: Any) -> datetime:
    """An RFC 3339 date-time string as an aware UTC datetime; ValueError for anything else."""
    if not isinstance(value, str):
        raise ValueError(NOT_A_DATE_TIME)
    found = DATE_TIME.fullmatch(value)
    if found is None:
        raise ValueError(NOT_A_DATE_TIME)
    year, month, day, hour, minute, second = (int(part) for part in found.groups()[:6])
    fraction, sign, offset_hours, offset_minutes = found.groups()[6:]
    offset = 0
    if sign is not None:
        if int(offset_hours) > 23 or int(offset_minutes) > 59:
            raise ValueError(NOT_A_DATE_TIME)
        offset = (int(offset_hours) * 60 + int(offset_minutes)) * (-1 if sign == "-" else 1)
    if not (1 <= month <= 12 and 1 <= day <= days_in(year, month)):
        raise ValueError(NOT_A_DATE_TIME)
    if hour > 23 or minute > 59:
        raise ValueError(NOT_A_DATE_TIME)
    leap = second == 60
    if second > 60 or (leap and (hour * 60 + minute - offset) % (24 * 60) != 23 * 60 + 59):
        raise ValueError(NOT_A_DATE_TIME)  # a leap second only ends a UTC day
    if year == 0:
        return EARLIEST
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    local = datetime(year, month, day, hour, minute, 59 if leap else second, micro)
    try:
        moment = local.replace(tzinfo=timezone(timedelta(minutes=offset))).astimezone(UTC)
    except OverflowError:
        return EARLIEST if year == 1 else LATEST
    return moment.replace(microsecond=999_999) if leap else moment


def days_in(year: int, month: int) -> int:
    """Proleptic Gregorian, as RFC 3339 counts (year 0 is a leap year)."""
    if month == 2:
        return 29 if calendar.isleap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def parse_query_int(value: Any) -> Any:
    if isinstance(value, str) and not re.fullmatch(r"-?[0-9]{1,18}", value):
        raise ValueError("must be a whole number")
    return value


Rfc3339 = Annotated[AwareDatetime, BeforeValidator(parse_date_time)]
QueryInt = Annotated[int, BeforeValidator(parse_query_int)]
