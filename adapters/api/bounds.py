"""Bounds on what the API accepts, set by what storage can hold: found by fuzzing, where each
of these was a 500 (a driver error) instead of a 400 naming the field. Text that no database
can store (NUL, lone surrogates) is refused by `Body` through `json_body.unstorable_text_at`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, Field

# Ids are PostgreSQL `integer` columns: a larger number cannot name a row, and binding one
# fails inside the driver (SQLite's limit, 2**63 - 1, is wider). Said in the OpenAPI document.
MAX_ID = 2**31 - 1


def event_time(value: datetime) -> datetime:
    """An event's time, in UTC; the years 2000 to 2999 as written (also in the schema's
    pattern), so an offset can never push it out of the range a datetime can hold."""
    if not 2000 <= value.year <= 2999:
        raise ValueError("must be a time in the years 2000 to 2999")
    return value.astimezone(UTC)


def utc_time(value: datetime) -> datetime:
    """Any time that exists in UTC: `0001-01-01T00:00:00+23:59` would be in year 0."""
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("must be a time between the years 1 and 9999 in UTC") from None


EventTime = Annotated[
    AwareDatetime,
    AfterValidator(event_time),
    Field(json_schema_extra={"pattern": "^2[0-9]{3}-"}),
]
UtcTime = Annotated[AwareDatetime, AfterValidator(utc_time)]
