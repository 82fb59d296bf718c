"""Bounds on what the API accepts, set by what storage can hold: found by fuzzing, where each
of these was a 500 (a driver error) instead of a 400 naming the field. Text that no database
can store (NUL, lone surrogates) is refused by `Body` through `json_body.unstorable_text_at`;
ids are bounded by `wire.MAX_ID`."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, BeforeValidator, Field

from adapters.api.wire import parse_date_time

EVENT_YEAR = "^2[0-9]{3}-"
WRITTEN_IN_RANGE = re.compile(EVENT_YEAR)


def parse_event_time(value: Any) -> datetime:
    """An event's time: strict RFC 3339 (wire.parse_date_time), in the years 2000 to 2999 as
    written (also the schema's pattern, so a schema-valid time is never refused), so no
    absurd instant (year 1, a clamped 9999) is stored as when something happened."""
    if isinstance(value, str) and not WRITTEN_IN_RANGE.match(value):
        raise ValueError("must be a time in the years 2000 to 2999")
    return parse_date_time(value)


EventTime = Annotated[
    AwareDatetime,
    BeforeValidator(parse_event_time),
    Field(json_schema_extra={"pattern": EVENT_YEAR}),
]
