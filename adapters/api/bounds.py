"""Bounds on what the API accepts, set by what storage can hold: found by fuzzing, where each
of these was a 500 (a driver error) instead of a 400 naming the field."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, Field

# Ids are PostgreSQL `integer` columns: a larger number cannot name a row, and binding one
# fails inside the driver (SQLite's limit, 2**63 - 1, is wider). Said in the OpenAPI document.
MAX_ID = 2**31 - 1

# PostgreSQL text cannot hold NUL, and no database can store half of a UTF-16 surrogate pair
# (JSON allows "\u0000" and "\ud800"): refused on every backend, naming the field.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable_text_at(data: Any, path: str = "") -> str | None:
    """The dotted path of the first string (or key) in `data` that no database can store."""
    if isinstance(data, str):
        return (path or "body") if UNSTORABLE.search(data) else None
    items: list[tuple[Any, Any]] = []
    if isinstance(data, dict):
        items = list(data.items())
    elif isinstance(data, list):
        items = list(enumerate(data))
    for key, value in items:
        # A key is part of the path: escaped, since pydantic cannot carry a lone surrogate.
        name = UNSTORABLE.sub(lambda bad: f"\\u{ord(bad.group()):04x}", str(key))
        where = f"{path}.{name}" if path else name
        if name != str(key):
            return where
        found = unstorable_text_at(value, where)
        if found is not None:
            return found
    return None


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
